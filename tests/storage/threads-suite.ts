import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '@/server/audit';
import type { DocumentRecord, Storage, UserRecord } from '@/server/storage/types';
import type { StoreUnderTest } from './suite';

/**
 * The thread part of the storage contract (issue 20), one body for SQLite and PostgreSQL:
 * threads with their first comment, replies, edits, hard deletes (the last comment takes its
 * thread with it), resolve and reopen with their audit entries, and open counts.
 */
export function threadsContract(setup: () => Promise<StoreUnderTest>): void {
  let store: StoreUnderTest;
  let storage: Storage;
  let alice: UserRecord;
  let bob: UserRecord;
  let doc: DocumentRecord;
  let other: DocumentRecord;

  beforeAll(async () => {
    store = await setup();
    storage = store.make();
    await storage.open();
    alice = await storage.createUser({ email: 'alice@example.org', name: 'Alice', role: 'drafter', passwordHash: null });
    bob = await storage.createUser({ email: 'bob@example.org', name: 'Bob', role: 'reviewer', passwordHash: null });
    const input = { kind: 'statement' as const, language: 'en', datelinePlace: null, datelineDate: null, createdBy: alice.id };
    doc = await storage.createDocument({ ...input, title: 'With threads' });
    other = await storage.createDocument({ ...input, title: 'Without' });
  });
  afterAll(async () => {
    await storage?.close();
    await store?.cleanup();
  });

  const anchor = (n: number) => new Uint8Array([n, 0, 255, n]);

  it('keeps a thread with its anchor bytes, quote and first comment, and its replies in order', async () => {
    const made = await storage.createThread({
      documentId: doc.id,
      anchorStart: anchor(1),
      anchorEnd: anchor(2),
      quote: 'the passage',
      createdBy: alice.id,
      body: 'Why?',
    });
    expect(made.comments).toHaveLength(1);
    const reply = await storage.addComment({ threadId: made.id, authorId: bob.id, body: 'Because.' });
    const again = await storage.addComment({ threadId: made.id, authorId: alice.id, body: 'Fine — ça va.' });
    expect(reply && again).toBeTruthy();
    const found = await storage.findThread(made.id);
    expect(found).toMatchObject({ id: made.id, documentId: doc.id, quote: 'the passage', createdBy: alice.id, resolvedBy: null, resolvedAt: null });
    expect([...found!.anchorStart]).toEqual([1, 0, 255, 1]);
    expect([...found!.anchorEnd]).toEqual([2, 0, 255, 2]);
    expect(found!.comments.map((c) => [c.authorId, c.body])).toEqual([
      [alice.id, 'Why?'],
      [bob.id, 'Because.'],
      [alice.id, 'Fine — ça va.'],
    ]);
    expect(found!.createdAt.getTime()).toBe(made.createdAt.getTime());
    expect((await storage.listThreads(doc.id)).map((t) => t.id)).toEqual([made.id]);
    expect(await storage.listThreads(other.id)).toEqual([]);
    expect(await storage.addComment({ threadId: 'no-such-thread', authorId: bob.id, body: 'x' })).toBeNull();
  });

  it('reads replies back in the order they were written, even when written in the same millisecond', async () => {
    const t = await storage.createThread({
      documentId: doc.id,
      anchorStart: anchor(7),
      anchorEnd: anchor(8),
      quote: 'q',
      createdBy: alice.id,
      body: 'reply 0',
    });
    for (let i = 1; i <= 30; i++) await storage.addComment({ threadId: t.id, authorId: i % 2 ? bob.id : alice.id, body: `reply ${i}` });
    const found = await storage.findThread(t.id);
    expect(found!.comments.map((c) => c.body)).toEqual(Array.from({ length: 31 }, (_, i) => `reply ${i}`));
    const times = found!.comments.map((c) => c.createdAt.getTime());
    expect(times.every((time, i) => i === 0 || time > times[i - 1]!)).toBe(true);
  });

  it('edits a comment’s body with its edited time, and deletes comments for good, the last one with its thread', async () => {
    const t = await storage.createThread({ documentId: doc.id, anchorStart: anchor(3), anchorEnd: anchor(4), quote: 'q', createdBy: bob.id, body: 'first' });
    const second = (await storage.addComment({ threadId: t.id, authorId: alice.id, body: 'second' }))!;
    const edited = await storage.editComment(second.id, 'second, edited');
    expect(edited).toMatchObject({ id: second.id, body: 'second, edited', authorId: alice.id });
    expect(edited!.editedAt).toBeInstanceOf(Date);
    expect((await storage.findComment(second.id))?.body).toBe('second, edited');
    expect(await storage.editComment('gone', 'x')).toBeNull();

    expect(await storage.deleteComment(t.comments[0]!.id)).toEqual({ deleted: true, threadDeleted: false });
    expect((await storage.findThread(t.id))?.comments.map((c) => c.body)).toEqual(['second, edited']);
    expect(await storage.deleteComment(second.id)).toEqual({ deleted: true, threadDeleted: true });
    expect(await storage.findThread(t.id)).toBeNull();
    expect(await storage.findComment(second.id)).toBeNull();
    expect(await storage.deleteComment(second.id)).toEqual({ deleted: false, threadDeleted: false });
  });

  it('resolves and reopens a thread once each, with an audit entry per change in the chain', async () => {
    const t = await storage.createThread({ documentId: doc.id, anchorStart: anchor(5), anchorEnd: anchor(6), quote: 'q', createdBy: alice.id, body: 'b' });
    const entry = (action: string) => ({ actorId: bob.id, documentId: doc.id, action, versionId: null, contentHash: null, detail: { thread: t.id } });
    const before = (await storage.listAudit(doc.id)).length;
    const resolved = await storage.setThreadResolved(t.id, bob.id, entry('resolve_thread'));
    expect(resolved?.changed).toBe(true);
    expect(resolved?.thread.resolvedBy).toBe(bob.id);
    expect(resolved?.thread.resolvedAt).toBeInstanceOf(Date);
    expect((await storage.setThreadResolved(t.id, bob.id, entry('resolve_thread')))?.changed).toBe(false);
    const reopened = await storage.setThreadResolved(t.id, null, entry('reopen_thread'));
    expect(reopened?.changed).toBe(true);
    expect([reopened?.thread.resolvedBy, reopened?.thread.resolvedAt]).toEqual([null, null]);
    expect((await storage.setThreadResolved(t.id, null, entry('reopen_thread')))?.changed).toBe(false);
    expect(await storage.setThreadResolved('gone', bob.id, entry('resolve_thread'))).toBeNull();
    const audit = await storage.listAudit(doc.id);
    expect(audit.slice(before).map((e) => [e.action, e.detail.thread])).toEqual([
      ['resolve_thread', t.id],
      ['reopen_thread', t.id],
    ]);
    expect(verifyAuditChain(await storage.listAudit(null))).toBeNull();
  });

  it('counts open threads per document, leaving resolved ones and documents without any out', async () => {
    const third = await storage.createThread({ documentId: doc.id, anchorStart: anchor(7), anchorEnd: anchor(8), quote: 'q', createdBy: alice.id, body: 'b' });
    const all = await storage.countOpenThreads();
    const open = (await storage.listThreads(doc.id)).filter((t) => t.resolvedAt === null).length;
    expect(all.get(doc.id)).toBe(open);
    expect(all.has(other.id)).toBe(false);
    await storage.setThreadResolved(third.id, alice.id, {
      actorId: alice.id,
      documentId: doc.id,
      action: 'resolve_thread',
      versionId: null,
      contentHash: null,
      detail: {},
    });
    expect((await storage.countOpenThreads([doc.id, other.id])).get(doc.id)).toBe(open - 1);
    expect((await storage.countOpenThreads([])).size).toBe(0);
  });

  it('keeps a suggestion’s thread (issue 21): one per suggestion of a document, resolved with it, not counted as an open passage thread', async () => {
    const own = await storage.createDocument({
      kind: 'statement',
      language: 'az',
      datelinePlace: null,
      datelineDate: null,
      createdBy: alice.id,
      title: 'Təkliflər',
    });
    const none = new Uint8Array();
    const made = await storage.createThread({
      documentId: own.id,
      anchorStart: none,
      anchorEnd: none,
      quote: 'Replace “dost” with “qardaş”',
      createdBy: bob.id,
      body: 'Daha isti səslənir.',
      suggestionId: 's-bob-1',
    });
    expect(made.suggestionId).toBe('s-bob-1');
    await storage.addComment({ threadId: made.id, authorId: alice.id, body: 'Razıyam.' });
    const found = await storage.findThread(made.id);
    expect(found).toMatchObject({ suggestionId: 's-bob-1', quote: 'Replace “dost” with “qardaş”' });
    expect(found!.comments.map((c) => c.body)).toEqual(['Daha isti səslənir.', 'Razıyam.']);
    expect([...found!.anchorStart]).toEqual([]);
    expect((await storage.listThreads(own.id)).map((t) => [t.id, t.suggestionId])).toEqual([[made.id, 's-bob-1']]);
    // The same suggestion id in another document is another thread; a second in this document is refused.
    const elsewhere = await storage.createThread({
      documentId: other.id,
      anchorStart: none,
      anchorEnd: none,
      quote: 'q',
      createdBy: bob.id,
      body: 'b',
      suggestionId: 's-bob-1',
    });
    expect(elsewhere.suggestionId).toBe('s-bob-1');
    await expect(
      storage.createThread({ documentId: own.id, anchorStart: none, anchorEnd: none, quote: 'q', createdBy: alice.id, body: 'twice', suggestionId: 's-bob-1' }),
    ).rejects.toThrow();
    expect((await storage.listThreads(own.id)).length).toBe(1);
    // A passage thread stays a passage thread; only it is counted as open.
    const passage = await storage.createThread({
      documentId: own.id,
      anchorStart: anchor(9),
      anchorEnd: anchor(10),
      quote: 'q',
      createdBy: alice.id,
      body: 'b',
    });
    expect(passage.suggestionId).toBeNull();
    expect((await storage.findThread(passage.id))?.suggestionId).toBeNull();
    expect((await storage.countOpenThreads([own.id, other.id])).get(own.id)).toBe(1);
    expect((await storage.countOpenThreads([other.id])).has(other.id)).toBe(false);
    const resolved = await storage.setThreadResolved(made.id, alice.id, {
      actorId: alice.id,
      documentId: own.id,
      action: 'resolve_thread',
      versionId: null,
      contentHash: null,
      detail: { thread: made.id, suggestion: 's-bob-1', decision: 'accept' },
    });
    expect(resolved?.thread).toMatchObject({ resolvedBy: alice.id, suggestionId: 's-bob-1' });
    expect((await storage.findThread(made.id))?.comments).toHaveLength(2);
  });
}
