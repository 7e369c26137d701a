import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocument, documentIn, moveTo, transition, type RoleCookies } from '@/tests/factories/documents';
import { writeBody } from '@/tests/helpers/content';
import { Mailbox, type ReceivedMail } from '@/tests/helpers/mailbox';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { api, signIn } from '@/tests/helpers/session';

type Role = 'admin' | 'drafter' | 'reviewer' | 'approver' | 'publisher' | 'viewer';
const ROLES: Role[] = ['admin', 'drafter', 'reviewer', 'approver', 'publisher', 'viewer'];
type ErrorBody = { error: { code: string; message: string } };
type Person = { id: string; email: string };
type Undelivered = { mails: { id: number; to: string; message: string; title: string | null; attempts: number; lastError: string | null }[] };

const METRICS_TOKEN = 'mail-test-metrics-token-0123456789';
/** Words only the drafts hold: no mail may carry them. */
const SECRET = 'Zanzibar-embargoed-clause-7731';

/**
 * E-mail (issue 25) end to end: the real server (as `npm start` runs it) sends through a
 * real SMTP server in this process on a loopback port, which refuses, goes down and comes
 * back; what arrives is parsed and read.
 */
describe('e-mail notifications', () => {
  const mailbox = new Mailbox();
  let server: TestServer;
  let dataDir: string;
  const cookies: RoleCookies = {};
  const ids: Partial<Record<Role, string>> = {};
  const as = (role: Role) => cookies[role]!;
  const call = <T>(role: Role, method: string, p: string, body?: unknown) => api<T & ErrorBody>(server.url, as(role), method, p, body);
  const email = (role: Role) => `${role}@example.org`;

  async function start(): Promise<void> {
    server = await startServer({
      ...(dataDir ? { dataDir } : {}),
      env: {
        SMTP_URL: mailbox.url,
        MAIL_FROM: 'Communiqué <no-reply@example.org>',
        MAIL_RETRY_SECONDS: '0.2',
        MAIL_POLL_SECONDS: '0.2',
        MAIL_MAX_ATTEMPTS: '9',
        METRICS_TOKEN,
      },
    });
    dataDir = server.dataDir;
    for (const role of ROLES) cookies[role] = await signIn(server.url, email(role));
  }

  /** Waits until the mailbox holds `n` mails more than `before`, then a few polls more, so a duplicate would have come. */
  async function settle(before: number, n: number): Promise<ReceivedMail[]> {
    await waitFor(() => mailbox.received.length >= before + n, `${n} mails to arrive (${mailbox.received.length - before} so far)`, 45_000);
    await new Promise((r) => setTimeout(r, 1500));
    return mailbox.received.slice(before);
  }

  beforeAll(async () => {
    await mailbox.start();
    await start();
    const people = (await call<Person[]>('admin', 'GET', '/api/users')).body;
    for (const role of ROLES) ids[role] = people.find((p) => p.email === email(role))!.id;
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await mailbox.stop();
  });

  it('delivers every mail exactly once when the SMTP server refuses, goes down across our restart, and comes back', async () => {
    mailbox.refuseAll = true;
    const before = mailbox.received.length;
    const a = await createDocument(server.url, as('drafter'), { title: 'Statement on the harbour' });
    const b = await createDocument(server.url, as('drafter'), { title: 'Speech at the forum' });
    await writeBody(server.url, a, as('drafter'), { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: SECRET }] }] });
    const due = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    expect((await transition(server.url, cookies, 'drafter', a, { action: 'submit', assignees: [email('reviewer')], dueDate: due })).status).toBe(200);
    expect((await transition(server.url, cookies, 'drafter', b, { action: 'submit', assignees: [email('reviewer'), email('approver')] })).status).toBe(200);
    expect((await transition(server.url, cookies, 'reviewer', a, { action: 'request_changes', comment: 'Shorten the second paragraph.' })).status).toBe(200);
    // Four mails are owed: review of a (reviewer), review of b (reviewer, approver), changes on a (drafter).
    await waitFor(() => mailbox.refusals >= 2, 'the SMTP server to refuse twice', 20_000);
    expect(mailbox.received.length).toBe(before);

    // Our server stops while the mail server is down, and starts again; the mail server comes back later.
    await server.stop();
    await mailbox.stop();
    await start();
    await new Promise((r) => setTimeout(r, 600)); // a few attempts against a closed port
    mailbox.refuseAll = false;
    await mailbox.start(mailbox.port);

    const arrived = await settle(before, 4);
    expect(arrived.map((m) => `${m.to.join(',')} ${m.subject}`).sort()).toEqual(
      [
        `approver@example.org Review requested: Speech at the forum`,
        `drafter@example.org Changes requested: Statement on the harbour`,
        `reviewer@example.org Review requested: Speech at the forum`,
        `reviewer@example.org Review requested: Statement on the harbour`,
      ].sort(),
    );
    const review = arrived.find((m) => m.subject === 'Review requested: Statement on the harbour')!;
    expect(review.from).toBe('no-reply@example.org');
    expect(review.text).toContain(`It is due on ${due}.`);
    expect(review.text).toContain(`/documents/${a}`);
    expect(review.html).toContain(`href="http://localhost:${server.port}/documents/${a}"`);
    const changes = arrived.find((m) => m.subject.startsWith('Changes requested'))!;
    expect(changes.text).toContain('Shorten the second paragraph.');
    for (const m of arrived) expect(`${m.subject}\n${m.text}\n${m.html}`).not.toContain(SECRET);

    const metrics = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) => r.text());
    expect(metrics).toMatch(/^communique_mails_sent_total [1-9]/m);
    expect(metrics).toMatch(/^communique_mails_failed_total\{outcome="retry"\} [1-9]/m);
  }, 180_000);

  it('honours each person’s choice: none sends nothing, a digest waits for its hour and comes as one mail', async () => {
    expect((await call('reviewer', 'PUT', '/api/me/mail', { mode: 'none' })).status).toBe(200);
    expect((await call('approver', 'PUT', '/api/me/mail', { mode: 'digest', digestHour: 7 })).status).toBe(200);
    expect((await call<{ mode: string; digestHour: number; enabled: boolean }>('approver', 'GET', '/api/me/mail')).body).toEqual({
      mode: 'digest',
      digestHour: 7,
      enabled: true,
    });
    // Validated: 400 for what is not a choice.
    for (const body of [{ mode: 'weekly' }, { mode: 'digest' }, { mode: 'digest', digestHour: 24 }, { mode: 'none', extra: 1 }, 'x']) {
      const res = await call('reviewer', 'PUT', '/api/me/mail', body);
      expect([res.status, res.body.error.code]).toEqual([400, 'bad_request']);
    }
    expect((await api(server.url, null, 'GET', '/api/me/mail')).status).toBe(401);

    const before = mailbox.received.length;
    const c = await createDocument(server.url, as('drafter'), { title: 'Note on fisheries' });
    const d = await createDocument(server.url, as('drafter'), { title: 'Note on forests' });
    for (const id of [c, d]) {
      const res = await transition(server.url, cookies, 'drafter', id, { action: 'submit', assignees: [email('reviewer'), email('approver')] });
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 1500)); // many polls: nothing is due
    expect(mailbox.received.length).toBe(before);

    // The digest hour comes (the rows say when it is; we move it to now rather than wait a day).
    const db = new Database(path.join(dataDir, 'communique.db'));
    try {
      const held = db.prepare('SELECT count(*) AS n FROM mail_outbox WHERE digest = 1 AND sent_at IS NULL').get() as { n: number };
      expect(held.n).toBe(2);
      db.prepare('UPDATE mail_outbox SET available_at = ? WHERE digest = 1 AND sent_at IS NULL').run(Date.now() - 1000);
    } finally {
      db.close();
    }
    const [digest] = await settle(before, 1);
    expect(mailbox.received.length).toBe(before + 1);
    expect(digest!.to).toEqual(['approver@example.org']);
    expect(digest!.subject).toBe('Communiqué: 2 updates today');
    expect(digest!.text).toContain('“Note on fisheries”');
    expect(digest!.text).toContain('“Note on forests”');
    expect(digest!.text).toContain(`/documents/${c}`);
    expect(mailbox.to('reviewer@example.org').filter((m) => m.subject.includes('Note on'))).toEqual([]);
    expect((await call('reviewer', 'PUT', '/api/me/mail', { mode: 'immediate' })).status).toBe(200);
    expect((await call('approver', 'PUT', '/api/me/mail', { mode: 'immediate', digestHour: 7 })).status).toBe(200);
  }, 120_000);

  it('mails a mention, approval and publication without any of the draft’s words', async () => {
    const before = mailbox.received.length;
    const id = await documentIn(server.url, cookies, 'draft', {
      title: 'Joint communiqué',
      paragraphs: [`The parties agree on ${SECRET}.`, 'Second paragraph.'],
    });
    const thread = await call<{ id: string }>('drafter', 'POST', `/api/documents/${id}/threads`, {
      anchor: { exact: 'Second paragraph.' },
      body: `@Reviewer please look at ${SECRET}`,
      mentions: [ids.reviewer],
    });
    expect(thread.status).toBe(201);
    expect((await call('drafter', 'PATCH', `/api/documents/${id}/threads/${thread.body.id}`, { resolved: true })).status).toBe(200);
    await moveTo(server.url, cookies, id, 'published');
    // Mention (reviewer); review requested to everyone who may review when none are named; approved (drafter, publisher); published (drafter).
    await waitFor(() => mailbox.received.slice(before).some((m) => m.subject === 'Published: Joint communiqué'), 'the publication mail', 30_000);
    const arrived = await settle(before, 0);
    const subjects = arrived.map((m) => `${m.to.join(',')} ${m.subject}`);
    expect(subjects).toContain('reviewer@example.org Daniyar Seitkali mentioned you: Joint communiqué');
    expect(subjects).toContain('drafter@example.org Approved: Joint communiqué');
    expect(subjects).toContain('publisher@example.org Approved: Joint communiqué');
    expect(subjects).toContain('drafter@example.org Published: Joint communiqué');
    expect(new Set(subjects).size).toBe(subjects.length);
    for (const m of arrived) expect(`${m.subject}\n${m.text}\n${m.html}`).not.toContain(SECRET);
  }, 120_000);

  it('keeps a mail the server refuses for good, shows it to admins only, and sends it again when asked', async () => {
    const id = await documentIn(server.url, cookies, 'in_review', { title: 'Refused for the publisher' });
    await waitFor(() => mailbox.received.some((m) => m.subject === 'Review requested: Refused for the publisher'), 'the review mails', 30_000);
    mailbox.unknown.add('publisher@example.org');
    const before = mailbox.received.length;
    await moveTo(server.url, cookies, id, 'approved');
    await waitFor(async () => (await call<Undelivered>('admin', 'GET', '/api/mail/undelivered')).body.mails.length > 0, 'the refused mail to be kept', 30_000);
    const list = (await call<Undelivered>('admin', 'GET', '/api/mail/undelivered')).body.mails;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ to: 'publisher@example.org', message: 'approved', title: 'Refused for the publisher', attempts: 1 });
    expect(list[0]!.lastError).toContain('550');
    expect(JSON.stringify(list)).not.toContain('text');
    expect((await call('publisher', 'GET', '/api/mail/undelivered')).status).toBe(403);
    expect((await call('publisher', 'POST', `/api/mail/undelivered/${list[0]!.id}/retry`)).status).toBe(403);
    expect((await call('admin', 'POST', '/api/mail/undelivered/999999/retry')).status).toBe(404);
    expect((await call('admin', 'POST', '/api/mail/undelivered/abc/retry')).status).toBe(404);

    mailbox.unknown.clear();
    expect((await call('admin', 'POST', `/api/mail/undelivered/${list[0]!.id}/retry`)).status).toBe(200);
    await waitFor(() => mailbox.to('publisher@example.org').some((m) => m.subject === 'Approved: Refused for the publisher'), 'the mail sent again', 30_000);
    expect((await call<Undelivered>('admin', 'GET', '/api/mail/undelivered')).body.mails).toEqual([]);
    const arrived = await settle(before, 3);
    expect(
      arrived
        .filter((m) => m.subject === 'Approved: Refused for the publisher')
        .map((m) => m.to.join(','))
        .sort(),
    ).toEqual(['admin@example.org', 'drafter@example.org', 'publisher@example.org']);
  }, 120_000);

  it('tells of a release when its embargo ends, once, and not when it is scheduled', async () => {
    const before = mailbox.received.length;
    const embargoUntil = new Date(Date.now() + 8000);
    const id = await documentIn(server.url, cookies, 'published', { title: 'Embargoed note', embargoUntil });
    await waitFor(() => mailbox.received.slice(before).some((m) => m.subject === 'Approved: Embargoed note'), 'the approval mails', 30_000);
    expect(mailbox.received.slice(before).filter((m) => /^(Published|Released): Embargoed note/.test(m.subject))).toEqual([]);
    await waitFor(() => mailbox.received.some((m) => m.subject === 'Released: Embargoed note'), 'the release mail', 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(embargoUntil.getTime());
    await new Promise((r) => setTimeout(r, 1500)); // many checks later
    const released = mailbox.received.filter((m) => m.subject === 'Released: Embargoed note');
    expect(released.map((m) => m.to.join(','))).toEqual(['drafter@example.org']);
    expect(released[0]!.text).toContain(`/documents/${id}`);
  }, 60_000);

  it('tells of a language group released together in one mail per person naming every language, at once or when its embargo ends (issue 23)', async () => {
    /** A group of an Azerbaijani master (the drafter's) and a Kazakh version the reviewer added, both approved. */
    const group = async (title: string) => {
      const master = await documentIn(server.url, cookies, 'draft', { title, language: 'az', paragraphs: ['Dövlət başçıları Bakıda toplaşdılar.'] });
      const added = await call<{ id: string }>('reviewer', 'POST', `/api/documents/${master}/languages`, {
        language: 'kk',
        startFrom: 'copy',
        title: `${title} (қазақша)`,
      });
      expect(added.status).toBe(201);
      await writeBody(server.url, added.body.id, as('drafter'), {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Мемлекет басшылары Бакуда жиналды.' }] }],
      });
      await moveTo(server.url, cookies, added.body.id, 'approved');
      await moveTo(server.url, cookies, master, 'approved');
      return { master, kk: added.body.id };
    };
    // The people a single publication mails: each version's submitter and creator (drafter; reviewer for the Kazakh one), never the publisher.
    const people = ['drafter@example.org', 'reviewer@example.org'];
    // Publication and release mails about the group (the approvals' and reviews' mails come and go meanwhile).
    const about = (title: string) => (m: ReceivedMail) => /^(Published|Released)\b/.test(m.subject) && m.subject.includes(title);

    const now = await group('Birgə bəyanat');
    let before = mailbox.received.length;
    expect((await transition(server.url, cookies, 'publisher', now.master, { action: 'publish_group' })).status).toBe(200);
    await waitFor(() => mailbox.received.slice(before).filter(about('Birgə bəyanat')).length >= 2, 'the group’s publication mails', 30_000);
    let told = (await settle(before, 0)).filter(about('Birgə bəyanat'));
    expect(told.map((m) => `${m.to.join(',')} ${m.subject}`).sort()).toEqual(people.map((p) => `${p} Published in Azerbaijani and Kazakh: Birgə bəyanat`));
    expect(told[0]!.text).toMatch(/^\S.* published “Birgə bəyanat” in Azerbaijani and Kazakh, all at once\. Every language is public now\./);
    expect(told[0]!.text).toContain(`/documents/${now.master}`);

    const embargoUntil = new Date(Date.now() + 8000);
    const later = await group('Sammit bəyannaməsi');
    before = mailbox.received.length;
    const published = await transition(server.url, cookies, 'publisher', later.master, { action: 'publish_group', embargoUntil: embargoUntil.toISOString() });
    expect(published.status).toBe(200);
    await waitFor(() => mailbox.received.slice(before).filter(about('Sammit bəyannaməsi')).length >= 2, 'the group’s release mails', 30_000);
    expect(Date.now()).toBeGreaterThanOrEqual(embargoUntil.getTime());
    await new Promise((r) => setTimeout(r, 1500)); // many checks later: nobody is told twice, nor once per language
    told = mailbox.received.slice(before).filter(about('Sammit bəyannaməsi'));
    expect(told.map((m) => `${m.to.join(',')} ${m.subject}`).sort()).toEqual(people.map((p) => `${p} Released in Azerbaijani and Kazakh: Sammit bəyannaməsi`));
    expect(told[0]!.text).toContain('The embargo on “Sammit bəyannaməsi” has ended: it is public now in Azerbaijani and Kazakh.');
    expect(told[0]!.text).toContain(`/documents/${later.master}`);
  }, 120_000);

  it('tells of a review due tomorrow once, to the named reviewer who has not acted', async () => {
    const before = mailbox.received.length;
    const id = await createDocument(server.url, as('drafter'), { title: 'Due tomorrow' });
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10); // ORG_TIMEZONE is UTC
    const res = await transition(server.url, cookies, 'drafter', id, { action: 'submit', assignees: [email('approver')], dueDate: tomorrow });
    expect(res.status).toBe(200);
    await waitFor(() => mailbox.to('approver@example.org').some((m) => m.subject === 'Due tomorrow: Due tomorrow'), 'the due-date mail', 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // many checks later
    const arrived = mailbox.received.slice(before);
    expect(arrived.filter((m) => m.subject.startsWith('Due tomorrow')).map((m) => m.to.join(','))).toEqual(['approver@example.org']);
    expect(arrived.find((m) => m.subject.startsWith('Due tomorrow'))!.text).toContain(`due tomorrow, ${tomorrow}`);
  }, 60_000);
});

describe('e-mail without SMTP_URL', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: 'info' } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('says once at start that mail is off, and queues nothing', async () => {
    const cookies: RoleCookies = {};
    for (const role of ['drafter', 'approver', 'publisher'] as const) cookies[role] = await signIn(server.url, `${role}@example.org`);
    await documentIn(server.url, cookies, 'approved', { title: 'No mail' });
    expect(server.output().match(/e-mail is off: set SMTP_URL/g)).toHaveLength(1);
    const db = new Database(path.join(server.dataDir, 'communique.db'), { readonly: true });
    try {
      expect((db.prepare('SELECT count(*) AS n FROM mail_outbox').get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
    const me = await api<{ enabled: boolean; mode: string }>(server.url, cookies.drafter!, 'GET', '/api/me/mail');
    expect(me.body).toEqual({ mode: 'immediate', digestHour: 8, enabled: false });
  }, 60_000);
});
