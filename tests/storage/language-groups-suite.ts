import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '@/server/audit';
import { isLanguageGroupConflict, type DocumentRecord, type Storage, type UserRecord } from '@/server/storage/types';
import type { StoreUnderTest } from './suite';

/**
 * The language-group part of the storage contract (issue 23), one body for SQLite and
 * PostgreSQL: a document belongs to at most one group, one language per group, the master
 * first, alignment recorded per member, an audited change of master, and a deleted draft
 * leaving its group.
 */
export function languageGroupsContract(setup: () => Promise<StoreUnderTest>): void {
  let store: StoreUnderTest;
  let storage: Storage;
  let alice: UserRecord;
  const make = (language: string, title = `In ${language}`): Promise<DocumentRecord> =>
    storage.createDocument({ title, kind: 'statement', language, datelinePlace: null, datelineDate: null, createdBy: alice.id });
  const entry = (documentId: string, action: string) => ({ actorId: alice.id, documentId, action, versionId: null, contentHash: null, detail: {} });
  const conflictOf = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
      return 'none';
    } catch (err) {
      if (isLanguageGroupConflict(err)) return err.reason;
      throw err;
    }
  };

  beforeAll(async () => {
    store = await setup();
    storage = store.make();
    await storage.open();
    alice = await storage.createUser({ email: 'alice@example.org', name: 'Alice', role: 'admin', passwordHash: null });
  });
  afterAll(async () => {
    await storage?.close();
    await store?.cleanup();
  });

  it('makes a group on the first join, master first, each member with its language and alignment', async () => {
    const az = await make('az');
    const kk = await make('kk');
    const ky = await make('ky');
    expect(await storage.findLanguageGroup(az.id)).toBeNull();
    const aligned = { versionId: 'v-az-1', contentHash: 'a'.repeat(64) };
    const group = await storage.joinLanguageGroup({
      masterId: az.id,
      documentId: kk.id,
      alignedWith: aligned,
      by: alice.id,
      audit: entry(kk.id, 'language.add'),
    });
    expect(group.masterId).toBe(az.id);
    expect(group.members.map((m) => [m.documentId, m.language, m.alignedWith])).toEqual([
      [az.id, 'az', null],
      [kk.id, 'kk', aligned],
    ]);
    expect(group.members[1]!.alignedBy).toBe(alice.id);
    expect(group.members[1]!.alignedAt).toBeInstanceOf(Date);
    await storage.joinLanguageGroup({ masterId: az.id, documentId: ky.id, alignedWith: null, by: alice.id, audit: entry(ky.id, 'language.add') });
    const seen = await storage.findLanguageGroup(ky.id);
    expect(seen?.id).toBe(group.id);
    expect(seen?.members.map((m) => m.language)).toEqual(['az', 'kk', 'ky']);
    expect(seen?.members[2]?.alignedWith).toBeNull();
    const many = await storage.listLanguageGroups([az.id, ky.id, 'nobody']);
    expect([...many.keys()].sort()).toEqual([az.id, ky.id].sort());
    expect(many.get(az.id)?.members).toHaveLength(3);

    // One language per group, one group per document, joins only through the master.
    const kk2 = await make('kk', 'Another Kazakh');
    expect(
      await conflictOf(storage.joinLanguageGroup({ masterId: az.id, documentId: kk2.id, alignedWith: null, by: alice.id, audit: entry(kk2.id, 'x') })),
    ).toBe('language_taken');
    expect(
      await conflictOf(storage.joinLanguageGroup({ masterId: kk.id, documentId: kk2.id, alignedWith: null, by: alice.id, audit: entry(kk2.id, 'x') })),
    ).toBe('not_master');
    const tr = await make('tr');
    expect(await conflictOf(storage.joinLanguageGroup({ masterId: tr.id, documentId: kk.id, alignedWith: null, by: alice.id, audit: entry(kk.id, 'x') }))).toBe(
      'already_grouped',
    );
    const en = await make('en');
    const en2 = await make('en', 'Same language');
    expect(
      await conflictOf(storage.joinLanguageGroup({ masterId: en.id, documentId: en2.id, alignedWith: null, by: alice.id, audit: entry(en2.id, 'x') })),
    ).toBe('language_taken');
    // A refused join left nothing behind, not even an empty group.
    expect(await storage.findLanguageGroup(kk2.id)).toBeNull();
    expect(await storage.findLanguageGroup(en.id)).toBeNull();
    expect((await storage.listAudit(kk2.id)).map((e) => e.action)).toEqual([]);
  });

  it('records alignment and a change of master with their audit entries; the chain stays whole', async () => {
    const hu = await make('hu');
    const ru = await make('ru');
    const uz = await make('uz');
    await storage.joinLanguageGroup({ masterId: hu.id, documentId: ru.id, alignedWith: null, by: alice.id, audit: entry(ru.id, 'language.add') });
    await storage.joinLanguageGroup({ masterId: hu.id, documentId: uz.id, alignedWith: null, by: alice.id, audit: entry(uz.id, 'language.add') });
    const to = { versionId: 'v-hu-2', contentHash: 'b'.repeat(64) };
    const aligned = await storage.setLanguageAlignment(ru.id, to, alice.id, entry(ru.id, 'language.aligned'));
    expect(aligned?.members.find((m) => m.documentId === ru.id)?.alignedWith).toEqual(to);
    expect(await storage.setLanguageAlignment((await make('tk')).id, to, alice.id, entry(ru.id, 'x'))).toBeNull();

    const moved = await storage.setLanguageMaster(ru.id, entry(ru.id, 'language.master'));
    expect(moved?.masterId).toBe(ru.id);
    // The master first; the others by when they joined (within one millisecond, in no set order).
    expect(moved?.members[0]?.documentId).toBe(ru.id);
    expect(moved?.members.map((m) => m.documentId).sort()).toEqual([ru.id, hu.id, uz.id].sort());
    // The new master follows no text; the old one has to be aligned with the new master like the rest.
    expect(moved?.members.find((m) => m.documentId === ru.id)?.alignedWith).toBeNull();
    expect(moved?.members.find((m) => m.documentId === hu.id)?.alignedWith).toBeNull();
    expect((await storage.listAudit(ru.id)).map((e) => e.action)).toEqual(['language.add', 'language.aligned', 'language.master']);
    expect(verifyAuditChain(await storage.listAudit(null))).toBeNull();
  });

  it('a deleted draft leaves its group: a deleted master hands over to the first member; a group of one is dissolved', async () => {
    const a = await make('az');
    const b = await make('tr');
    const c = await make('en');
    await storage.joinLanguageGroup({
      masterId: a.id,
      documentId: b.id,
      alignedWith: { versionId: 'v', contentHash: 'c'.repeat(64) },
      by: alice.id,
      audit: entry(b.id, 'language.add'),
    });
    await storage.joinLanguageGroup({ masterId: a.id, documentId: c.id, alignedWith: null, by: alice.id, audit: entry(c.id, 'language.add') });
    expect(await storage.deleteDraft(a.id, entry(a.id, 'document.delete'))).toBe(true);
    const left = await storage.findLanguageGroup(b.id);
    expect(left?.masterId).toBe(b.id);
    expect(left?.members.map((m) => m.documentId)).toEqual([b.id, c.id]);
    expect(left?.members[0]?.alignedWith).toBeNull();
    expect(await storage.deleteDraft(c.id, entry(c.id, 'document.delete'))).toBe(true);
    expect(await storage.findLanguageGroup(b.id)).toBeNull();
  });
  it('applies a group’s transitions in one transaction: all of them, or none when one document left its state', async () => {
    const one = await make('az');
    const two = await make('kk');
    const write = (documentId: string, from: 'draft' | 'approved') => ({
      documentId,
      from,
      patch: { state: 'archived' as const, archivedFrom: from, updatedBy: alice.id },
      audit: entry(documentId, 'archive'),
    });
    // The second is not approved: nothing is written, not even the first one's move or audit entry.
    await expect(storage.applyGroupTransition([write(one.id, 'draft'), write(two.id, 'approved')])).rejects.toMatchObject({ name: 'StateConflict' });
    expect((await storage.findDocument(one.id))?.state).toBe('draft');
    expect(await storage.listAudit(one.id)).toEqual([]);
    const done = await storage.applyGroupTransition([write(two.id, 'draft'), write(one.id, 'draft')]);
    expect(done.map((d) => [d.id, d.state])).toEqual([
      [two.id, 'archived'],
      [one.id, 'archived'],
    ]);
    expect((await storage.listAudit(one.id)).map((e) => e.action)).toEqual(['archive']);
  });
}
