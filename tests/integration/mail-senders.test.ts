import { afterAll, beforeAll, expect, it } from 'vitest';
import { MailSender, smtpTransport } from '@/server/mail/sender';
import { PostgresStorage } from '@/server/storage/postgres';
import type { NewMail, Storage, UserRecord } from '@/server/storage/types';
import { Mailbox } from '@/tests/helpers/mailbox';
import { waitFor } from '@/tests/helpers/server';
import { freshDatabase, probePostgres, type FreshDatabase } from '@/tests/helpers/services';
import { servicesSuite } from '@/tests/helpers/services-suite';

const postgres = await probePostgres();

/**
 * Several processes share one PostgreSQL outbox (issue 25): each runs its own sender (its
 * own Storage, its own connections, its own SMTP transport), as every process does. Every
 * mail reaches the real SMTP server exactly once, also while it refuses for a while.
 */
servicesSuite('mail: several senders on one PostgreSQL outbox', [postgres], () => {
  const mailbox = new Mailbox();
  let database: FreshDatabase;
  const stores: Storage[] = [];
  const senders: MailSender[] = [];
  const transports: { close(): void }[] = [];
  let user: UserRecord;
  const log = { info: () => undefined, warn: () => undefined, error: (msg: string, f?: unknown) => console.error(msg, f) };

  beforeAll(async () => {
    await mailbox.start();
    database = await freshDatabase('cq_mail');
    for (let i = 0; i < 3; i++) {
      const storage = new PostgresStorage({ connectionString: database.url });
      await storage.open();
      stores.push(storage);
    }
    user = await stores[0]!.createUser({ email: 'reader@example.org', name: 'Reader', role: 'viewer', passwordHash: null });
  });
  afterAll(async () => {
    await Promise.all(senders.map((s) => s.stop()));
    for (const t of transports) t.close();
    await Promise.all(stores.map((s) => s.close()));
    await database?.drop();
    await mailbox.stop();
  });

  it('sends each mail once, whichever of three senders claims it, through refusals', async () => {
    const mails: NewMail[] = Array.from({ length: 60 }, (_, i) => ({
      userId: user.id,
      toAddress: user.email,
      locale: 'en',
      message: 'mention',
      documentId: `doc-${i}`,
      params: { title: `Title ${i}`, actor: 'Someone' },
      digest: false,
      availableAt: new Date(),
    }));
    mailbox.refuseAll = true;
    expect(await stores[0]!.enqueueMails(mails)).toBe(60);
    for (const storage of stores) {
      const transport = smtpTransport(mailbox.url);
      transports.push(transport);
      const sender = new MailSender({
        storage,
        log,
        transport: transport.send,
        from: 'no-reply@example.org',
        origin: 'https://communique.example.org',
        org: async () => 'Communiqué',
        retrySeconds: 0.1,
        maxAttempts: 20,
        pollSeconds: 0.05,
      });
      senders.push(sender);
      sender.start();
    }
    await waitFor(() => mailbox.refusals >= 3, 'the SMTP server to refuse a few', 20_000);
    mailbox.refuseAll = false;
    await waitFor(() => mailbox.received.length >= 60, `60 mails (${mailbox.received.length} so far)`, 60_000);
    await new Promise((r) => setTimeout(r, 1000)); // many polls of every sender: a duplicate would have come
    const titles = mailbox.received.map((m) => /“(Title \d+)”/.exec(m.text)?.[1]);
    expect(titles).toHaveLength(60);
    expect(new Set(titles).size).toBe(60);
    expect(mailbox.received[0]!.text).toContain('https://communique.example.org/documents/doc-');
  }, 120_000);
});
