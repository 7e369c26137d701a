import { can } from '@/lib/policies';
import type { Actor } from '@/lib/policies';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { CollabControl } from '@/server/registry';
import type { LanguageGroupView, LanguageMemberView } from '@/lib/languages/view';
import type { AlignedWith, DocumentRecord, LanguageGroupRecord, Storage } from '@/server/storage/types';

export type { LanguageGroupView, LanguageMemberView } from '@/lib/languages/view';

/**
 * Whether a member is stale: compared by content hash only, never by time (a change of
 * formatting alone moves the hash, and counts). The master is never stale; a version never
 * aligned (it started empty) is.
 */
export function isStale(
  group: Pick<LanguageGroupRecord, 'masterId'>,
  member: { documentId: string; alignedWith: AlignedWith | null },
  masterHash: string,
): boolean {
  if (member.documentId === group.masterId) return false;
  return member.alignedWith?.contentHash !== masterHash;
}

/**
 * Whether `doc`'s master changed since it was aligned (lib/policies' `masterChanged`): false
 * for a document in no group and for a master. Reads the master's current text (its live
 * copy, or loaded from storage), asking `collab` for it only then.
 */
export async function masterChangedFor(storage: Storage, collab: () => Pick<CollabControl, 'currentContent'>, doc: DocumentRecord): Promise<boolean> {
  const group = await storage.findLanguageGroup(doc.id);
  if (!group || group.masterId === doc.id) return false;
  const member = group.members.find((m) => m.documentId === doc.id);
  if (!member) return false;
  const master = await collab().currentContent(group.masterId);
  return isStale(group, member, master.contentHash);
}

/** Whether `doc` is the master of a language group (publish_group starts there). */
export async function isLanguageMaster(storage: Storage, doc: DocumentRecord): Promise<boolean> {
  const group = await storage.findLanguageGroup(doc.id);
  return group?.masterId === doc.id && group.members.length > 1;
}

/**
 * Which of `documentIds` are stale language versions (for the list): one read of their
 * groups, and each distinct master's current text read once.
 */
export async function staleLanguageVersions(
  storage: Storage,
  collab: Pick<CollabControl, 'currentContent'>,
  documentIds: readonly string[],
): Promise<Set<string>> {
  const stale = new Set<string>();
  const groups = await storage.listLanguageGroups(documentIds);
  const masterHash = new Map<string, string>();
  for (const [documentId, group] of groups) {
    if (group.masterId === documentId) continue;
    const member = group.members.find((m) => m.documentId === documentId);
    if (!member) continue;
    let hash = masterHash.get(group.masterId);
    if (hash === undefined) {
      hash = (await collab.currentContent(group.masterId)).contentHash;
      masterHash.set(group.masterId, hash);
    }
    if (isStale(group, member, hash)) stale.add(documentId);
  }
  return stale;
}

/**
 * The language group of a document the actor may see, with each member's state and whether
 * it is stale. Members the actor may not see are left out (a restricted master shares its
 * members with its versions, so normally there are none).
 */
export async function getLanguages(
  services: { storage: Storage; collab: Pick<CollabControl, 'currentContent'> },
  actor: SessionUser,
  documentId: string,
  options: { hashWhenAlone: boolean } = { hashWhenAlone: true },
): Promise<LanguageGroupView> {
  const { storage, collab } = services;
  const doc = await storage.findDocument(documentId);
  if (!doc || !can(actor, 'read', doc)) throw new AppError('not_found');
  const group = await storage.findLanguageGroup(doc.id);
  if (!group) {
    // A group of one: its own hash (loading and hashing the whole text) only when asked for.
    const masterContentHash = options.hashWhenAlone ? (await collab.currentContent(doc.id)).contentHash : null;
    return { groupId: null, masterId: doc.id, masterContentHash, members: [memberView(doc, true, null, false)] };
  }
  return presentGroup(storage, collab, actor, group);
}

export async function presentGroup(
  storage: Storage,
  collab: Pick<CollabControl, 'currentContent'>,
  actor: Actor,
  group: LanguageGroupRecord,
): Promise<LanguageGroupView> {
  const master = await collab.currentContent(group.masterId);
  const members: LanguageMemberView[] = [];
  for (const member of group.members) {
    const doc = await storage.findDocument(member.documentId);
    if (!doc || !can(actor, 'read', doc)) continue;
    members.push(memberView(doc, member.documentId === group.masterId, member.alignedWith, isStale(group, member, master.contentHash)));
  }
  return { groupId: group.id, masterId: group.masterId, masterContentHash: master.contentHash, members };
}

function memberView(doc: DocumentRecord, master: boolean, alignedWith: AlignedWith | null, stale: boolean): LanguageMemberView {
  return { id: doc.id, language: doc.language, title: doc.title, state: doc.state, master, alignedWith, stale };
}
