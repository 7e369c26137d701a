import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { searchTerms } from '@/lib/text/fold';
import { verifyAuditChain } from '@/server/audit';
import { createLogger } from '@/server/log';
import { indexBacklog } from '@/server/search/backlog';
import type { SqlStorage } from '@/server/storage/sql/storage';
import { StateConflict, type DocumentRecord, type Storage, type UserRecord, type VersionRecord } from '@/server/storage/types';

/** One store (a SQLite file, a PostgreSQL database) that several Storage instances may open. */
export interface StoreUnderTest {
  /** A new, unopened Storage on the same store (a second one stands for a second process). */
  make(): Storage;
  /** Runs raw SQL against the store, bypassing the Storage (to prove what the database refuses). */
  raw(sql: string): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * The storage contract, one body for every implementation: whatever the SQLite file does,
 * PostgreSQL does too. Call it inside a describe block.
 */
export function storageContract(setup: () => Promise<StoreUnderTest>): void {
  let store: StoreUnderTest;
  let storage: Storage;
  let alice: UserRecord;
  let bob: UserRecord;

  beforeAll(async () => {
    store = await setup();
    storage = store.make();
    await storage.open();
    alice = await storage.createUser({ email: 'Alice@Example.org', name: 'Alice', role: 'drafter', passwordHash: 'x' });
    bob = await storage.createUser({ email: 'bob@example.org', name: 'bob', role: 'approver', passwordHash: null });
  });
  afterAll(async () => {
    await storage?.close();
    await store?.cleanup();
  });

  const newDocument = (title = 'Joint declaration'): Promise<DocumentRecord> =>
    storage.createDocument({ title, kind: 'declaration', language: 'kk', datelinePlace: 'Astana', datelineDate: '2026-03-01', createdBy: alice.id });

  const update = (text: string): Uint8Array => {
    const doc = new Y.Doc();
    doc.clientID = 7; // the same bytes for the same text
    doc.getText('t').insert(0, text);
    return Y.encodeStateAsUpdate(doc);
  };

  const version = (doc: DocumentRecord, uptoSeq: number, body = '{"type":"doc"}'): Omit<VersionRecord, 'createdAt'> => ({
    id: randomUUID(),
    documentId: doc.id,
    label: 'Submitted',
    reason: 'submit',
    state: 'in_review',
    uptoSeq,
    ystate: update('state'),
    contentJson: body,
    contentHash: createHash('sha256').update(body).digest('hex'),
    meta: { title: doc.title, kind: doc.kind, language: doc.language, datelinePlace: doc.datelinePlace, datelineDate: doc.datelineDate },
    createdBy: alice.id,
  });

  it('finds users by email whatever its case, and refuses a second account with the same email', async () => {
    expect((await storage.findUserByEmail('ALICE@example.ORG'))?.id).toBe(alice.id);
    expect((await storage.findUserById(alice.id))?.email).toBe('alice@example.org');
    await expect(storage.createUser({ email: 'alice@example.org', name: 'Other', role: 'viewer', passwordHash: null })).rejects.toThrow();
    expect(await storage.countUsers()).toBe(2);
    expect((await storage.listUsers()).map((u) => u.name)).toEqual(['Alice', 'bob']);
    const changed = await storage.updateUser(bob.id, { role: 'reviewer', active: false, name: 'Bob' });
    expect([changed.role, changed.active, changed.name]).toEqual(['reviewer', false, 'Bob']);
    await storage.updateUser(bob.id, { role: 'approver' });
    await storage.updateUser(bob.id, { active: true });
    expect((await storage.findUserById(bob.id))?.role).toBe('approver');
  });

  it('compares emails without regard to case in every database, whatever case an older row was stored in', async () => {
    // A row written with capitals (an older import, a hand-made account) is found by any spelling.
    await store.raw(
      `INSERT INTO users (id, email, name, role, password_hash, active, created_at) VALUES ('carol', 'Carol.Ng@Example.ORG', 'Carol', 'viewer', NULL, ${storage.kind === 'sqlite' ? '1, 0' : 'TRUE, now()'})`,
    );
    for (const spelling of ['carol.ng@example.org', 'CAROL.NG@EXAMPLE.ORG', 'Carol.Ng@Example.ORG'])
      expect((await storage.findUserByEmail(spelling))?.id, spelling).toBe('carol');
    // Non-ASCII letters: stored lower-cased by createUser, so any spelling of them is found too.
    const elif = await storage.createUser({ email: 'ÉLİF@Example.org', name: 'Elif', role: 'viewer', passwordHash: null });
    expect((await storage.findUserByEmail('élİf@EXAMPLE.org'))?.id).toBe(elif.id);
    expect(await storage.findUserByEmail('carol.ng@example.org.evil')).toBeNull();
    await store.raw(`DELETE FROM users WHERE id IN ('carol', '${elif.id}')`);
  });

  it('keeps documents with their metadata, and leaves archived ones out of the list', async () => {
    const doc = await newDocument('Press release on water');
    expect(doc).toMatchObject({
      state: 'draft',
      kind: 'declaration',
      language: 'kk',
      datelinePlace: 'Astana',
      restricted: false,
      memberIds: [],
      reviewRound: 0,
    });
    expect(doc.createdAt).toBeInstanceOf(Date);
    const patched = await storage.updateDocument(doc.id, { title: 'Press release on rivers', datelinePlace: null, updatedBy: bob.id });
    expect([patched.title, patched.datelinePlace, patched.datelineDate, patched.updatedBy]).toEqual(['Press release on rivers', null, '2026-03-01', bob.id]);
    expect((await storage.listDocuments()).map((d) => d.id)).toContain(doc.id);
    await storage.applyTransition({
      documentId: doc.id,
      from: 'draft',
      patch: { state: 'archived', archivedFrom: 'draft', updatedBy: alice.id },
      audit: { actorId: alice.id, documentId: doc.id, action: 'archive', versionId: null, contentHash: null, detail: {} },
    });
    expect((await storage.listDocuments()).map((d) => d.id)).not.toContain(doc.id);
    expect((await storage.findDocument(doc.id))?.archivedFrom).toBe('draft');
    expect(await storage.findDocument('no-such-document')).toBeNull();
  });

  it('records an export’s file by its SHA-256 with its audit entry, each distinct file once, the first row winning', async () => {
    const doc = await newDocument('Released, exported');
    const entry = (n: number) => ({ actorId: alice.id, documentId: doc.id, action: 'export', versionId: null, contentHash: 'c'.repeat(64), detail: { n } });
    const file = { sha256: 'A'.repeat(64), documentId: doc.id, versionId: 'v-1', contentHash: 'c'.repeat(64), format: 'pdf' as const };
    const first = await storage.recordExport(entry(1), file);
    expect(first.action).toBe('export');
    // The same bytes again (another export that happened to be identical): one row, the first.
    await storage.recordExport(entry(2), { ...file, versionId: 'v-2', format: 'docx' });
    // An export that records no file (a draft's) writes its entry only.
    await storage.recordExport(entry(3), null);
    const found = await storage.findReleasedFile('a'.repeat(64));
    expect(found).toMatchObject({ sha256: 'a'.repeat(64), documentId: doc.id, versionId: 'v-1', contentHash: 'c'.repeat(64), format: 'pdf' });
    expect(found?.createdAt).toBeInstanceOf(Date);
    expect(await storage.findReleasedFile('A'.repeat(64))).toEqual(found);
    expect(await storage.findReleasedFile('b'.repeat(64))).toBeNull();
    expect((await storage.listAudit(doc.id)).map((e) => e.detail.n)).toEqual([1, 2, 3]);
    expect(verifyAuditChain(await storage.listAudit(null))).toBeNull();
  });

  it('reads a document’s newest audit entry, its newest with a comment, and only the actions asked for, without the rest of its log', async () => {
    const doc = await newDocument('Audited often');
    const other = await newDocument('Audited elsewhere');
    const entry = (documentId: string, action: string, detail: Record<string, unknown>) => ({
      actorId: alice.id,
      documentId,
      action,
      versionId: null,
      contentHash: null,
      detail,
    });
    expect(await storage.latestAudit(doc.id)).toBeNull();
    expect(await storage.latestAudit(doc.id, { withComment: true })).toBeNull();

    await storage.appendAudit(entry(doc.id, 'request_changes', { comment: 'Tarixi düzəldin, zəhmət olmasa.' }));
    // Over a page of entries after it without a comment of their own: one only nested deeper, one not a string.
    await storage.appendAudit(entry(doc.id, 'access', { note: { comment: 'nested, not the entry’s comment' } }));
    await storage.appendAudit(entry(doc.id, 'export', { comment: 42 }));
    for (let i = 0; i < 45; i++) await storage.appendAudit(entry(doc.id, i % 2 ? 'export' : 'resolve_thread', { i }));
    await storage.appendAudit(entry(other.id, 'request_changes', { comment: 'Another document’s' }));

    expect(await storage.latestAudit(doc.id)).toMatchObject({ action: 'resolve_thread', detail: { i: 44 } });
    const commented = await storage.latestAudit(doc.id, { withComment: true });
    expect(commented).toMatchObject({ action: 'request_changes', documentId: doc.id, detail: { comment: 'Tarixi düzəldin, zəhmət olmasa.' } });
    // The entry as the whole log has it, hash and all.
    expect((await storage.listAudit(doc.id)).find((e) => e.seq === commented!.seq)).toEqual(commented);

    const resolved = await storage.listAudit(doc.id, { actions: ['resolve_thread'] });
    expect(resolved.map((e) => e.detail.i)).toEqual(Array.from({ length: 23 }, (_, k) => k * 2));
    expect((await storage.listAudit(doc.id, { actions: ['request_changes', 'access'] })).map((e) => e.action)).toEqual(['request_changes', 'access']);
    expect(await storage.listAudit(doc.id, { actions: [] })).toEqual([]);
  });

  it('sets a document’s access and its audit entry together', async () => {
    const doc = await newDocument();
    const audit = { actorId: alice.id, documentId: doc.id, action: 'access', versionId: null, contentHash: null, detail: { restricted: true } };
    const restricted = await storage.setDocumentAccess(doc.id, true, [bob.id, alice.id, bob.id], audit);
    expect(restricted.restricted).toBe(true);
    expect([...restricted.memberIds].sort()).toEqual([alice.id, bob.id].sort());
    const opened = await storage.setDocumentAccess(doc.id, false, [], audit);
    expect([opened.restricted, opened.memberIds]).toEqual([false, []]);
    expect((await storage.listAudit(doc.id)).map((e) => e.action)).toEqual(['access', 'access']);
  });

  it('keeps settings as bytes with who set them, each change with its audit entry, and removes them', async () => {
    expect(await storage.getSetting('letterhead.logo')).toBeNull();
    const audit = { actorId: alice.id, documentId: null, action: 'settings', versionId: null, contentHash: null, detail: { key: 'letterhead.logo' } };
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    await storage.putSetting('letterhead.logo', bytes, alice.id, audit);
    expect(await storage.getSetting('letterhead.logo')).toMatchObject({ key: 'letterhead.logo', value: bytes, updatedBy: alice.id });
    await storage.putSetting('letterhead.logo', new Uint8Array([1, 2, 3]), bob.id, { ...audit, actorId: bob.id });
    expect(await storage.getSetting('letterhead.logo')).toMatchObject({ value: new Uint8Array([1, 2, 3]), updatedBy: bob.id });
    await storage.putSetting('letterhead.logo', null, alice.id, audit);
    expect(await storage.getSetting('letterhead.logo')).toBeNull();
    expect((await storage.listAudit(null)).filter((e) => e.action === 'settings')).toHaveLength(3);
  });

  it('remembers refused Yjs client ids per document, the first refusal winning', async () => {
    const doc = await newDocument();
    const other = await newDocument('Another');
    expect(await storage.listRefusedClients(doc.id)).toEqual([]);
    await storage.refuseClients(doc.id, alice.id, [4_000_000_001, 17]);
    await storage.refuseClients(doc.id, bob.id, [17, 18]);
    const refused = (await storage.listRefusedClients(doc.id)).sort((x, y) => x.clientId - y.clientId);
    expect(refused).toEqual([
      { clientId: 17, userId: alice.id },
      { clientId: 18, userId: bob.id },
      { clientId: 4_000_000_001, userId: alice.id },
    ]);
    expect(await storage.listRefusedClients(other.id)).toEqual([]);
  });

  it('appends updates in order with their authors, and loads the snapshot plus the log after it', async () => {
    const doc = await newDocument();
    expect(await storage.appendUpdates(doc.id, [{ userId: alice.id, data: update('a') }])).toBe(1);
    expect(
      await storage.appendUpdates(doc.id, [
        { userId: bob.id, data: update('b') },
        { userId: alice.id, data: update('c') },
      ]),
    ).toBe(3);
    // Who sent the updates in a range of the log, each once: what a version's authors and four eyes read.
    expect(await storage.listUpdateWriters(doc.id, 0, 3)).toEqual([alice.id, bob.id].sort());
    expect(await storage.listUpdateWriters(doc.id, 1, 2)).toEqual([bob.id]);
    expect(await storage.listUpdateWriters(doc.id, 2, 3)).toEqual([alice.id]);
    expect(await storage.listUpdateWriters(doc.id, 3, 3)).toEqual([]);
    expect(await storage.listUpdateWriters(doc.id, 3, 99)).toEqual([]);
    const after1 = await storage.listUpdates(doc.id, 1);
    expect(after1.map((u) => u.seq)).toEqual([2, 3]);
    // A batch at a time, as attribution reads a long log.
    expect((await storage.listUpdates(doc.id, 0, 2)).map((u) => u.seq)).toEqual([1, 2]);
    expect((await storage.listUpdates(doc.id, 2, 2)).map((u) => [u.seq, u.userId])).toEqual([[3, alice.id]]);
    expect(Buffer.from(after1[0]!.data)).toEqual(Buffer.from(update('b')));

    await storage.saveSnapshot(doc.id, 1, new Uint8Array([1, 2, 3]));
    await storage.saveSnapshot(doc.id, 2, new Uint8Array([4, 5, 6]));
    const state = await storage.loadDocumentState(doc.id);
    expect(state.snapshot).toEqual({ uptoSeq: 2, state: new Uint8Array([4, 5, 6]) });
    expect(state.updates.map((u) => [u.seq, u.userId])).toEqual([[3, alice.id]]);
    // Folding removes no log row: history and attribution read the whole log.
    expect((await storage.listUpdates(doc.id)).map((u) => u.seq)).toEqual([1, 2, 3]);
  });

  it('gives appends from two connections at once one gap-free order', async () => {
    const doc = await newDocument();
    const second = store.make();
    await second.open();
    try {
      const writes = Array.from({ length: 24 }, (_, i) => (i % 2 ? storage : second).appendUpdates(doc.id, [{ userId: alice.id, data: update(`w${i}`) }]));
      const seqs = await Promise.all(writes);
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      expect((await second.listUpdates(doc.id)).length).toBe(24);
    } finally {
      await second.close();
    }
  });

  it('appends at once when nothing has to wait for the file (SQLite), in the same order, and says when it cannot', async () => {
    const doc = await newDocument();
    // A view into a larger message, as the server reads an update: only its own bytes are stored.
    const message = new Uint8Array([9, 9, ...update('a'), 9]);
    const first = storage.appendUpdatesNow?.(doc.id, [{ userId: alice.id, data: message.subarray(2, message.length - 1) }]);
    if (storage.kind === 'postgres') {
      expect(first).toBeUndefined(); // PostgreSQL always goes through appendUpdates
      return;
    }
    expect(first).toBe(1);
    const stored = await storage.listUpdates(doc.id);
    expect(Buffer.from(stored[0]!.data)).toEqual(Buffer.from(update('a')));
    // While another Storage of this process holds a transaction on the file, nothing is written at once.
    const second = store.make() as SqlStorage;
    await second.open();
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const transaction = second.dialect.write(async () => {
        entered();
        await held;
      });
      await inside;
      expect(storage.appendUpdatesNow?.(doc.id, [{ userId: bob.id, data: update('b') }])).toBeUndefined();
      const waited = storage.appendUpdates(doc.id, [{ userId: bob.id, data: update('b') }]);
      release();
      await transaction;
      expect(await waited).toBe(2);
      expect(storage.appendUpdatesNow?.(doc.id, [{ userId: alice.id, data: update('c') }])).toBe(3);
    } finally {
      await second.close();
    }
    expect(await storage.listUpdateWriters(doc.id, 0, 3)).toEqual([alice.id, bob.id].sort());
    expect(await storage.listUpdateWriters(doc.id, 2, 3)).toEqual([alice.id]);
  });

  it('moves a document with its version, approval, reviewers and audit entry in one step', async () => {
    const doc = await newDocument();
    const seq = await storage.appendUpdates(doc.id, [{ userId: alice.id, data: update('text') }]);
    const submitted = version(doc, seq, '{"type":"doc","content":[]}');
    const moved = await storage.applyTransition({
      documentId: doc.id,
      from: 'draft',
      patch: {
        state: 'in_review',
        submittedBy: alice.id,
        submittedAt: new Date('2026-03-01T09:00:00Z'),
        reviewRound: 1,
        reviewDue: '2026-03-05',
        updatedBy: alice.id,
      },
      assignees: { round: 1, userIds: [bob.id] },
      version: submitted,
      audit: { actorId: alice.id, documentId: doc.id, action: 'submit', versionId: submitted.id, contentHash: submitted.contentHash, detail: { round: 1 } },
    });
    expect(moved).toMatchObject({ state: 'in_review', submittedBy: alice.id, reviewRound: 1, reviewDue: '2026-03-05' });
    expect(moved.submittedAt?.toISOString()).toBe('2026-03-01T09:00:00.000Z');
    expect(await storage.listReviewAssignees(doc.id, 1)).toEqual([bob.id]);
    const stored = await storage.findVersion(doc.id, submitted.id);
    expect(stored).toMatchObject({ contentJson: submitted.contentJson, contentHash: submitted.contentHash, uptoSeq: seq, meta: submitted.meta });
    expect(Buffer.from(stored!.ystate)).toEqual(Buffer.from(submitted.ystate));
    expect(await storage.latestVersionSeq(doc.id)).toBe(seq);

    const approved = await storage.applyTransition({
      documentId: doc.id,
      from: 'in_review',
      patch: { state: 'approved', updatedBy: bob.id },
      approval: { documentId: doc.id, round: 1, approverId: bob.id, versionId: submitted.id, contentHash: submitted.contentHash },
      audit: { actorId: bob.id, documentId: doc.id, action: 'approve', versionId: submitted.id, contentHash: submitted.contentHash, detail: {} },
    });
    expect(approved.state).toBe('approved');
    expect((await storage.listApprovals(doc.id, 1)).map((a) => [a.approverId, a.versionId])).toEqual([[bob.id, submitted.id]]);
  });

  it('deletes a draft never submitted with everything stored about it, keeping its audit entry; refuses one that was submitted', async () => {
    const doc = await newDocument('Test draft');
    await storage.setDocumentAccess(doc.id, true, [alice.id, bob.id], {
      actorId: alice.id,
      documentId: doc.id,
      action: 'access',
      versionId: null,
      contentHash: null,
      detail: {},
    });
    const seq = await storage.appendUpdates(doc.id, [{ userId: alice.id, data: update('text') }]);
    await storage.saveSnapshot(doc.id, seq, update('text'));
    await storage.createVersion({ ...version(doc, seq), reason: 'auto', state: 'draft' });
    await storage.refuseClients(doc.id, bob.id, [42]);
    await storage.createThread({
      documentId: doc.id,
      anchorStart: new Uint8Array([1]),
      anchorEnd: new Uint8Array([2]),
      quote: 'text',
      createdBy: bob.id,
      body: 'Why?',
    });
    await storage.addNotifications([{ userId: bob.id, documentId: doc.id, action: 'mention', actorId: alice.id, detail: {} }]);

    const entry = { actorId: alice.id, documentId: doc.id, action: 'document.delete', versionId: null, contentHash: null, detail: { title: doc.title } };
    expect(await storage.deleteDraft(doc.id, entry)).toBe(true);
    expect(await storage.findDocument(doc.id)).toBeNull();
    expect(await storage.listUpdates(doc.id)).toEqual([]);
    expect((await storage.loadDocumentState(doc.id)).snapshot).toBeNull();
    expect(await storage.listVersionSummaries(doc.id)).toEqual([]);
    expect(await storage.listThreads(doc.id)).toEqual([]);
    expect((await storage.listNotifications(bob.id, 50)).filter((n) => n.documentId === doc.id)).toEqual([]);
    expect((await storage.listAudit(doc.id)).map((e) => e.action)).toEqual(['access', 'document.delete']);
    expect(verifyAuditChain(await storage.listAudit(null))).toBeNull();
    // Gone, or once submitted: nothing is deleted and no entry is written.
    expect(await storage.deleteDraft(doc.id, entry)).toBe(false);
    const submittedOnce = await newDocument('Submitted once');
    const moveAudit = { actorId: alice.id, documentId: submittedOnce.id, action: 'submit', versionId: null, contentHash: null, detail: {} };
    await storage.applyTransition({
      documentId: submittedOnce.id,
      from: 'draft',
      patch: { state: 'in_review', reviewRound: 1, updatedBy: alice.id },
      audit: moveAudit,
    });
    await storage.applyTransition({
      documentId: submittedOnce.id,
      from: 'in_review',
      patch: { state: 'draft', updatedBy: alice.id },
      audit: { ...moveAudit, action: 'withdraw' },
    });
    expect(await storage.deleteDraft(submittedOnce.id, { ...entry, documentId: submittedOnce.id })).toBe(false);
    expect(await storage.findDocument(submittedOnce.id)).not.toBeNull();
    expect((await storage.listAudit(submittedOnce.id)).map((e) => e.action)).toEqual(['submit', 'withdraw']);
  });

  it('keeps whether a person must choose a new password, set at creation and changed by an update', async () => {
    const given = await storage.createUser({ email: 'given@example.org', name: 'Given', role: 'viewer', passwordHash: 'x', mustChangePassword: true });
    expect(given.mustChangePassword).toBe(true);
    expect((await storage.updateUser(given.id, { passwordHash: 'y', mustChangePassword: false })).mustChangePassword).toBe(false);
    expect(alice.mustChangePassword).toBe(false);
  });

  it('keeps the interface language a person chose, and forgets it when set back to null', async () => {
    const person = await storage.createUser({ email: 'dil@example.org', name: 'Dil', role: 'drafter', passwordHash: 'x' });
    expect(person.locale).toBeNull();
    expect((await storage.updateUser(person.id, { locale: 'az' })).locale).toBe('az');
    expect((await storage.findUserById(person.id))?.locale).toBe('az');
    expect((await storage.updateUser(person.id, { name: 'Dil Bilgə' })).locale).toBe('az');
    expect((await storage.updateUser(person.id, { locale: null })).locale).toBeNull();
  });

  it('refuses a transition from a state the document has left, and writes nothing of it', async () => {
    const doc = await newDocument();
    const auditBefore = (await storage.listAudit(null)).length;
    const stale = version(doc, 0);
    const attempt = storage.applyTransition({
      documentId: doc.id,
      from: 'in_review',
      patch: { state: 'approved', updatedBy: bob.id },
      version: stale,
      audit: { actorId: bob.id, documentId: doc.id, action: 'approve', versionId: null, contentHash: null, detail: {} },
    });
    await expect(attempt).rejects.toBeInstanceOf(StateConflict);
    await expect(attempt).rejects.toMatchObject({ actual: 'draft' });
    expect(await storage.findVersion(doc.id, stale.id)).toBeNull();
    expect((await storage.listAudit(null)).length).toBe(auditBefore);
    expect((await storage.findDocument(doc.id))?.state).toBe('draft');
  });

  it('lets exactly one of two simultaneous transitions from the same state through', async () => {
    const doc = await newDocument();
    const second = store.make();
    await second.open();
    try {
      const move = (s: Storage, to: 'archived' | 'in_review') =>
        s.applyTransition({
          documentId: doc.id,
          from: 'draft',
          patch: { state: to, ...(to === 'archived' ? { archivedFrom: 'draft' as const } : {}), updatedBy: alice.id },
          audit: { actorId: alice.id, documentId: doc.id, action: to, versionId: null, contentHash: null, detail: {} },
        });
      const results = await Promise.allSettled([move(storage, 'archived'), move(second, 'in_review')]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(StateConflict);
      expect((await storage.listAudit(doc.id)).length).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('chains every audit entry, from any connection, to the one before it', async () => {
    const second = store.make();
    await second.open();
    try {
      const doc = await newDocument();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? storage : second).appendAudit({
            actorId: alice.id,
            documentId: doc.id,
            action: 'export',
            versionId: null,
            contentHash: null,
            detail: { n: i, text: 'Ағылшын' },
          }),
        ),
      );
      const entries = await storage.listAudit(null);
      expect(verifyAuditChain(entries)).toBeNull();
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      expect(await storage.auditHeadEntry()).toEqual({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });
      expect((await storage.listAudit(doc.id)).map((e) => e.detail.n).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    } finally {
      await second.close();
    }
  });

  it('refuses to change or delete an audit entry, in the database itself', async () => {
    await storage.appendAudit({ actorId: alice.id, documentId: null, action: 'user_created', versionId: null, contentHash: null, detail: {} });
    await expect(store.raw(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(store.raw('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(verifyAuditChain(await storage.listAudit(null))).toBeNull();
  });

  it('keeps versions in the order they were taken, with and without their bodies', async () => {
    const doc = await newDocument();
    const first = await storage.createVersion({ ...version(doc, 0, '{"a":1}'), reason: 'named', label: 'First', state: 'draft' });
    const second = await storage.createVersion({ ...version(doc, 0, '{"a":2}'), reason: 'auto', label: null, state: 'draft' });
    const bodies = async (d: DocumentRecord) =>
      Promise.all((await storage.listVersionSummaries(d.id)).map(async (v) => [v.id, (await storage.findVersion(d.id, v.id))?.contentJson]));
    expect(await bodies(doc)).toEqual([
      [first.id, '{"a":1}'],
      [second.id, '{"a":2}'],
    ]);
    const summaries = await storage.listVersionSummaries(doc.id);
    expect(summaries.map((v) => [v.id, v.label, v.reason])).toEqual([
      [first.id, 'First', 'named'],
      [second.id, null, 'auto'],
    ]);
    expect(summaries[0]).not.toHaveProperty('contentJson');
    expect(await storage.findVersion(doc.id, randomUUID())).toBeNull();
  });

  it('keeps notifications per user, newest first, and marks them read up to one', async () => {
    const doc = await newDocument();
    await storage.addNotifications([
      { userId: bob.id, documentId: doc.id, action: 'submit', actorId: alice.id, detail: { round: 1 } },
      { userId: bob.id, documentId: null, action: 'role', actorId: null, detail: {} },
      { userId: alice.id, documentId: doc.id, action: 'approve', actorId: bob.id, detail: {} },
    ]);
    const bobs = await storage.listNotifications(bob.id, 10);
    expect(bobs.map((n) => n.action)).toEqual(['role', 'submit']);
    expect(bobs[1]!.detail).toEqual({ round: 1 });
    await storage.markNotificationsRead(bob.id, bobs[1]!.id);
    const after = await storage.listNotifications(bob.id, 10);
    expect(after.map((n) => n.readAt === null)).toEqual([true, false]);
    expect(await storage.listNotifications(bob.id, 1)).toHaveLength(1);
  });

  it('takes an empty list of refused clients or notifications as nothing to do, in every database', async () => {
    const doc = await newDocument();
    await storage.refuseClients(doc.id, alice.id, []);
    await storage.addNotifications([]);
    expect(await storage.listRefusedClients(doc.id)).toEqual([]);
    expect(await storage.listNotifications(alice.id, 100)).toHaveLength(1);
  });

  it('ends every earlier session of a user in the same write as the change, and keeps signed-out session ids until they expire', async () => {
    const before = (await storage.findUserById(alice.id))!.sessionEpoch;
    expect(before).toBe(0);
    const changed = await storage.updateUser(alice.id, { passwordHash: 'y', endSessions: true });
    expect([changed.passwordHash, changed.sessionEpoch]).toEqual(['y', 1]);
    expect((await storage.updateUser(alice.id, { name: 'Alice' })).sessionEpoch).toBe(1);
    expect((await storage.updateUser(alice.id, { endSessions: true })).sessionEpoch).toBe(2);

    const second = store.make();
    await second.open();
    try {
      await storage.revokeSession('sid-signed-out', new Date(Date.now() + 60_000));
      await storage.revokeSession('sid-signed-out', new Date(Date.now() + 60_000)); // twice is fine
      await storage.revokeSession('sid-long-expired', new Date(Date.now() - 1000));
      expect(await second.isSessionRevoked('sid-signed-out')).toBe(true);
      expect(await second.isSessionRevoked('sid-still-signed-in')).toBe(false);
      // A token past its expiry is refused by its signature check; its record may go.
      expect(await second.isSessionRevoked('sid-long-expired')).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('counts sign-in attempts per key from every connection, opens a new window after the old one, and takes successful ones back', async () => {
    const second = store.make();
    await second.open();
    const window = 15 * 60_000;
    const t0 = new Date();
    try {
      const counted = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? storage : second).countSignInAttempt(['account:alice@example.org', 'address:127.0.0.1'], t0, window)),
      );
      // Ten attempts at once from two connections: every count from 1 to 10 handed out once.
      expect(counted.map((c) => c[0]!.attempts).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(counted.map((c) => c[1]!.key)).toEqual(Array(10).fill('address:127.0.0.1'));

      await second.takeBackSignInAttempt('address:127.0.0.1', false);
      await second.takeBackSignInAttempt('account:alice@example.org', true);
      const [account, address] = await storage.countSignInAttempt(['account:alice@example.org', 'address:127.0.0.1'], new Date(t0.getTime() + 1000), window);
      expect([account!.attempts, address!.attempts]).toEqual([1, 10]);
      expect(address!.windowStart.getTime()).toBe(t0.getTime());

      // Peeking counts nothing: it reads each key's count in its window, 0 for a key without one.
      const peeked = await second.peekSignInAttempts(['address:127.0.0.1', 'account:nobody'], new Date(t0.getTime() + 2000), window);
      expect(peeked.map((p) => [p.key, p.attempts])).toEqual([
        ['address:127.0.0.1', 10],
        ['account:nobody', 0],
      ]);
      expect(peeked[0]!.windowStart.getTime()).toBe(t0.getTime());
      expect((await storage.peekSignInAttempts(['address:127.0.0.1'], new Date(t0.getTime() + window + 1), window))[0]!.attempts).toBe(0);

      // After the window, counting starts again from this attempt.
      const later = new Date(t0.getTime() + window + 1000);
      const [fresh] = await second.countSignInAttempt(['address:127.0.0.1'], later, window);
      expect([fresh!.attempts, fresh!.windowStart.getTime()]).toEqual([1, later.getTime()]);
    } finally {
      await second.close();
    }
  });

  it('indexes title, dateline, versions’ bodies and the released body, and finds them folded, by prefix, and never archived', async () => {
    const body = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
    const doc = await storage.createDocument({
      title: 'Təşkilat bəyanatı',
      kind: 'statement',
      language: 'az',
      datelinePlace: 'Bakı',
      datelineDate: null,
      createdBy: alice.id,
    });
    const find = async (q: string) => {
      const hits = await storage.searchDocuments(searchTerms(q)!, 100);
      return hits
        .filter((h) => h.documentId === doc.id)
        .map((h) => h.field)
        .sort();
    };
    expect(await find('teskilat')).toEqual(['title']);
    expect(await find('baki')).toEqual(['dateline']);
    expect(await find('qazaxistan')).toEqual([]);

    const seq = await storage.appendUpdates(doc.id, [{ userId: alice.id, data: update('text') }]);
    await storage.createVersion({ ...version(doc, seq, body('Qazaxıstan ilə işlər')), reason: 'auto', state: 'draft' });
    expect(await find('qazaxistan')).toEqual(['body']);
    expect(await find('Qazaxıstan isler')).toEqual(['body']);
    expect(await find('qazax')).toEqual(['body']);
    expect(await find('stan')).toEqual([]);
    expect(await find('qazaxistan yoxdur')).toEqual([]);

    // The released text: the version a transition publishes.
    const released = { ...version(doc, seq, body('Қазақстан Республикасы')), reason: 'publish', state: 'published' as const };
    await storage.applyTransition({
      documentId: doc.id,
      from: 'draft',
      patch: { state: 'published', publishedVersionId: released.id, publishedAt: new Date(), updatedBy: alice.id },
      version: released,
      audit: { actorId: alice.id, documentId: doc.id, action: 'publish', versionId: released.id, contentHash: released.contentHash, detail: {} },
    });
    expect(await find('qazaxstan')).toEqual(['body', 'released']);
    await storage.indexDocumentText(doc.id, [{ field: 'body', text: 'Yeni mətn' }]);
    expect(await find('qazaxstan')).toEqual(['released']);
    expect(await find('metn')).toEqual(['body']);
    // A word's dictionary form finds it declined (its last consonant softened), alone and with other words.
    await storage.indexDocumentText(doc.id, [{ field: 'body', text: 'Qonşularla əməkdaşlığın və təhlükəsizliyin genişlənməsi' }]);
    expect(await find('əməkdaşlıq')).toEqual(['body']);
    expect(await find('qonsu emekdaslik tehlukesizlik')).toEqual(['body']);
    expect(await find('əməkdaşlıq yoxdur')).toEqual([]);
    await storage.indexDocumentText(doc.id, [{ field: 'body', text: 'Yeni mətn' }]);
    const hit = (await storage.searchDocuments(searchTerms('respublikasi')!, 100)).find((h) => h.documentId === doc.id);
    expect(hit).toMatchObject({ field: 'released', part: '' });
    expect([...(await storage.readSearchTexts([hit!.entryId, -1])).entries()]).toEqual([[hit!.entryId, 'Қазақстан Республикасы']]);
    expect((await storage.readSearchTexts([])).size).toBe(0);

    // A new title replaces the old one in the index; a removed dateline leaves it.
    await storage.updateDocument(doc.id, { title: 'Çıxış', datelinePlace: null, updatedBy: alice.id });
    expect(await find('teskilat')).toEqual([]);
    expect(await find('cixis')).toEqual(['title']);
    expect(await find('baki')).toEqual([]);

    // Full-text syntax in a search is only letters by then: nothing breaks the query.
    for (const q of ['NEAR(', 'a OR b', '"x"', 'AND', "o'", 'x:*', '!x & y | z']) await storage.searchDocuments(searchTerms(q)!, 10);

    expect(await storage.listUnindexedDocuments(1000)).not.toContain(doc.id);
    await storage.applyTransition({
      documentId: doc.id,
      from: 'published',
      patch: { state: 'archived', archivedFrom: 'published', updatedBy: alice.id },
      audit: { actorId: alice.id, documentId: doc.id, action: 'archive', versionId: null, contentHash: null, detail: {} },
    });
    expect(await find('cixis')).toEqual([]);
  });

  it('indexes at start the documents that have no search entries (a database from before search)', async () => {
    const body = JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Köhnə mətn: Türkmənistan' }] }] });
    const doc = await storage.createDocument({
      title: 'Köhnə sənəd',
      kind: 'statement',
      language: 'az',
      datelinePlace: 'Aşqabad',
      datelineDate: null,
      createdBy: alice.id,
    });
    const seq = await storage.appendUpdates(doc.id, [{ userId: alice.id, data: update('old') }]);
    await storage.createVersion({ ...version(doc, seq, body), reason: 'auto', state: 'draft' });
    await store.raw(`DELETE FROM search_entries WHERE document_id = '${doc.id}'`);
    const found = async (q: string) =>
      (await storage.searchDocuments(searchTerms(q)!, 100))
        .filter((h) => h.documentId === doc.id)
        .map((h) => h.field)
        .sort();
    expect(await found('turkmenistan')).toEqual([]);
    expect(await storage.listUnindexedDocuments(1000)).toContain(doc.id);
    expect(await indexBacklog(storage, createLogger('error'))).toBeGreaterThanOrEqual(1);
    expect(await found('turkmenistan')).toEqual(['body']);
    expect(await found('kohne')).toEqual(['body', 'title']);
    expect(await found('asqabad')).toEqual(['dateline']);
    expect(await storage.listUnindexedDocuments(1000)).toEqual([]);
  });

  it('answers ping while open, and keeps everything across a reopen (migrations run once)', async () => {
    await storage.ping();
    const doc = await newDocument('Kept');
    const again = store.make();
    await again.open();
    try {
      expect((await again.findDocument(doc.id))?.title).toBe('Kept');
      expect(await again.countUsers()).toBe(await storage.countUsers());
    } finally {
      await again.close();
    }
  });
}
