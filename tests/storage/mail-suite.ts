import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { StateConflict, type DocumentRecord, type NewMail, type Storage, type UserRecord } from '@/server/storage/types';
import type { StoreUnderTest } from './suite';

/**
 * The mail part of the storage contract (issue 25), one body for SQLite and PostgreSQL: the
 * outbox written with its event (and not when the event is refused), claims with a lease
 * that one claimer holds, digests claimed whole, retries, giving up and retrying by hand,
 * keys that write a periodic mail once, and each person's choice. With `processes`, several
 * Storage instances claim the same outbox at once (PostgreSQL: several processes).
 */
export function mailContract(setup: () => Promise<StoreUnderTest>, options: { processes: boolean }): void {
  let store: StoreUnderTest;
  let storage: Storage;
  let alice: UserRecord;
  let bob: UserRecord;
  let doc: DocumentRecord;

  beforeAll(async () => {
    store = await setup();
    storage = store.make();
    await storage.open();
    alice = await storage.createUser({ email: 'alice@example.org', name: 'Alice', role: 'drafter', passwordHash: null });
    bob = await storage.createUser({ email: 'bob@example.org', name: 'Bob', role: 'reviewer', passwordHash: null });
    doc = await storage.createDocument({ title: 'Mail', kind: 'statement', language: 'en', datelinePlace: null, datelineDate: null, createdBy: alice.id });
  });
  afterAll(async () => {
    await storage?.close();
    await store?.cleanup();
  });

  const mail = (over: Partial<NewMail> = {}): NewMail => ({
    userId: bob.id,
    toAddress: bob.email,
    locale: 'en',
    message: 'review_requested',
    documentId: doc.id,
    params: { title: 'Mail', actor: 'Alice' },
    digest: false,
    availableAt: new Date(Date.now() - 1000),
    ...over,
  });

  /** Claims until nothing is due, marking each sent; the ids claimed, in order. */
  async function drain(s: Storage, token = randomUUID()): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const claimed = await s.claimMails(token, 60_000);
      if (!claimed.length) break;
      ids.push(...claimed.map((m) => m.id));
      await s.markMailsSent(
        claimed.map((m) => m.id),
        token,
      );
    }
    return ids;
  }

  it('writes mails with the transition that tells of them, and none when the transition is refused', async () => {
    const audit = { actorId: alice.id, documentId: doc.id, action: 'archive', versionId: null, contentHash: null, detail: {} };
    await expect(
      storage.applyTransition({
        documentId: doc.id,
        from: 'in_review',
        patch: { state: 'archived', updatedBy: alice.id },
        audit,
        mails: [mail({ params: { title: 'refused' } })],
      }),
    ).rejects.toBeInstanceOf(StateConflict);
    await storage.applyTransition({
      documentId: doc.id,
      from: 'draft',
      patch: { state: 'archived', archivedFrom: 'draft', updatedBy: alice.id },
      audit,
      mails: [mail({ params: { title: 'Mail', actor: 'Alice' } })],
    });
    const token = randomUUID();
    const claimed = await storage.claimMails(token, 60_000);
    expect(claimed.map((m) => [m.toAddress, m.message, m.params.title, m.attempts, m.sentAt])).toEqual([
      ['bob@example.org', 'review_requested', 'Mail', 0, null],
    ]);
    // Under the lease nobody else gets it.
    expect(await storage.claimMails(randomUUID(), 60_000)).toEqual([]);
    await storage.markMailsSent([claimed[0]!.id], token);
    expect((await storage.findMail(claimed[0]!.id))?.sentAt).toBeInstanceOf(Date);
    expect(await drain(storage)).toEqual([]);
  });

  it('writes mention mails with the comment, in its transaction', async () => {
    const thread = await storage.createThread({
      documentId: doc.id,
      anchorStart: new Uint8Array([1]),
      anchorEnd: new Uint8Array([2]),
      quote: 'q',
      createdBy: alice.id,
      body: 'Look @Bob',
      mails: [mail({ message: 'mention' })],
    });
    await storage.addComment({
      threadId: thread.id,
      authorId: alice.id,
      body: 'Again',
      mails: [mail({ message: 'mention' }), mail({ message: 'mention', userId: alice.id, toAddress: alice.email })],
    });
    expect(await storage.addComment({ threadId: randomUUID(), authorId: alice.id, body: 'Nowhere', mails: [mail({ message: 'mention' })] })).toBeNull();
    const ids = await drain(storage);
    expect(ids).toHaveLength(3);
  });

  it('holds a mail until it is due, and a lease that ran out lets another claimer take it', async () => {
    await storage.enqueueMails([mail({ availableAt: new Date(Date.now() + 60_000) })]);
    expect(await storage.claimMails(randomUUID(), 60_000)).toEqual([]);
    const [id] = (await storage.enqueueMails([mail()]), await storage.claimMails('first', 1)).map((m) => m.id);
    await new Promise((r) => setTimeout(r, 20));
    const again = await storage.claimMails('second', 60_000);
    expect(again.map((m) => m.id)).toEqual([id]);
    // The first claimer's lease is over: its "sent" does not count, the second one's does.
    await storage.markMailsSent([id!], 'first');
    expect((await storage.findMail(id!))?.sentAt).toBeNull();
    await storage.markMailsSent([id!], 'second');
    expect((await storage.findMail(id!))?.sentAt).toBeInstanceOf(Date);
  });

  it('claims one person’s due digest mails together, and nobody else’s', async () => {
    const due = new Date(Date.now() - 1000);
    await storage.enqueueMails([
      mail({ digest: true, availableAt: due, message: 'approved' }),
      mail({ digest: true, availableAt: due, message: 'mention' }),
      mail({ digest: true, availableAt: new Date(Date.now() + 3_600_000), message: 'published' }),
      mail({ digest: true, availableAt: due, userId: alice.id, toAddress: alice.email }),
    ]);
    const token = randomUUID();
    const first = await storage.claimMails(token, 60_000);
    const second = await storage.claimMails(token, 60_000);
    const groups = [first, second].map((g) => g.map((m) => `${m.toAddress} ${m.message}`).sort());
    expect(groups.sort()).toEqual([['alice@example.org review_requested'], ['bob@example.org approved', 'bob@example.org mention']]);
    expect(await storage.claimMails(token, 60_000)).toEqual([]);
    await storage.markMailsSent(
      [...first, ...second].map((m) => m.id),
      token,
    );
  });

  it('retries a refused mail when it is due again, gives it up with its error, and an admin can send it again', async () => {
    await storage.enqueueMails([mail({ message: 'approved' })]);
    const [m] = await storage.claimMails('t1', 60_000);
    await storage.markMailsFailed([m!.id], 't1', '421 4.3.2 try later', new Date(Date.now() + 60_000));
    expect(await storage.claimMails('t2', 60_000)).toEqual([]);
    expect(await storage.findMail(m!.id)).toMatchObject({ attempts: 1, lastError: '421 4.3.2 try later', failedAt: null, sentAt: null });
    await storage.markMailsFailed([m!.id], 't1', 'not mine any more', null); // the lease is gone: nothing changes
    expect((await storage.findMail(m!.id))?.attempts).toBe(1);
    await store.raw(`UPDATE mail_outbox SET available_at = created_at WHERE id = ${m!.id}`);
    const [again] = await storage.claimMails('t3', 60_000);
    expect(again?.id).toBe(m!.id);
    await storage.markMailsFailed([m!.id], 't3', '550 5.1.1 no such user', null);
    const failed = await storage.listFailedMails(10);
    expect(failed.map((f) => [f.id, f.attempts, f.lastError])).toEqual([[m!.id, 2, '550 5.1.1 no such user']]);
    expect(await storage.claimMails('t4', 60_000)).toEqual([]);
    expect(await storage.retryFailedMail(m!.id)).toBe(true);
    expect(await storage.retryFailedMail(m!.id)).toBe(false);
    expect(await storage.retryFailedMail(987654321)).toBe(false);
    expect(await storage.listFailedMails(10)).toEqual([]);
    expect(await drain(storage)).toEqual([m!.id]);
  });

  it('writes a mail with a key once, however often it is found', async () => {
    const keyed = mail({ message: 'due_tomorrow', dedupeKey: `due:${doc.id}:2026-12-07:${bob.id}` });
    expect(await storage.enqueueMails([keyed, keyed])).toBe(1);
    expect(await storage.enqueueMails([keyed])).toBe(0);
    expect(await drain(storage)).toHaveLength(1);
    expect(await storage.enqueueMails([keyed])).toBe(0);
  });

  it('deletes a deleted draft’s mails with it (a mail would name its title)', async () => {
    const draft = await storage.createDocument({
      title: 'Gone',
      kind: 'statement',
      language: 'en',
      datelinePlace: null,
      datelineDate: null,
      createdBy: alice.id,
    });
    await storage.enqueueMails([mail({ documentId: draft.id, message: 'mention', params: { title: 'Gone' } })]);
    const audit = { actorId: alice.id, documentId: draft.id, action: 'delete_draft', versionId: null, contentHash: null, detail: {} };
    expect(await storage.deleteDraft(draft.id, audit)).toBe(true);
    expect(await drain(storage)).toEqual([]);
  });

  it('keeps each person’s choice of mail', async () => {
    expect(await storage.listMailPreferences([alice.id, bob.id])).toEqual(new Map());
    await storage.setMailPreference(bob.id, { mode: 'digest', digestHour: 7 });
    await storage.setMailPreference(alice.id, { mode: 'none', digestHour: 8 });
    await storage.setMailPreference(bob.id, { mode: 'digest', digestHour: 18 });
    const found = await storage.listMailPreferences([alice.id, bob.id, 'nobody']);
    expect(Object.fromEntries(found)).toEqual({ [alice.id]: { mode: 'none', digestHour: 8 }, [bob.id]: { mode: 'digest', digestHour: 18 } });
    await expect(store.raw(`UPDATE mail_preferences SET mode = 'weekly' WHERE user_id = '${alice.id}'`)).rejects.toThrow();
    await expect(store.raw(`UPDATE mail_preferences SET digest_hour = 24 WHERE user_id = '${alice.id}'`)).rejects.toThrow();
  });

  if (options.processes)
    it('lets one claimer of several processes send each mail, whatever they race', async () => {
      const others = [store.make(), store.make(), store.make()];
      await Promise.all(others.map((s) => s.open()));
      try {
        const mails = Array.from({ length: 120 }, (_, i) => mail({ params: { title: `n${i}` } }));
        expect(await storage.enqueueMails(mails)).toBe(120);
        const claimed = await Promise.all([storage, ...others].map((s) => drain(s)));
        const all = claimed.flat();
        expect(all).toHaveLength(120);
        expect(new Set(all).size).toBe(120);
        // Each claimer got some: they did race.
        expect(claimed.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
      } finally {
        await Promise.all(others.map((s) => s.close()));
      }
    });
}
