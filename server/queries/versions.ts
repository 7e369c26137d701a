import { userName, type SessionUser } from '@/server/auth/session';
import { authorizeDocument } from '@/server/commands/guard';
import { AppError } from '@/server/errors';
import { Attribution } from '@/server/history/attribution';
import { diffBlocks, diffStates, EMPTY_STATE, type CellRef, type DiffBlock } from '@/server/history/diff';
import type { Services } from '@/server/registry';
import type { Storage, VersionRecord, VersionSummary } from '@/server/storage/types';
import { sentence } from '@/lib/i18n/sentence';

type Person = { id: string; name: string };

export interface VersionView {
  id: string;
  label: string | null;
  reason: string;
  state: string;
  createdAt: string;
  createdBy: Person | null;
  /** The people who changed text since the version before it. */
  authors: Person[];
  contentHash: string;
}

async function person(storage: Storage, id: string | null, names: Map<string, string>): Promise<Person | null> {
  return id ? { id, name: (await userName(storage, id, names)) ?? 'Former user' } : null;
}

/** Every version of a document, oldest first, with the people who changed its text since the version before it. */
export async function listVersions(storage: Storage, actor: SessionUser, documentId: string): Promise<VersionView[]> {
  await authorizeDocument(storage, actor, documentId, 'read');
  const versions = await storage.listVersionSummaries(documentId);
  const names = new Map<string, string>();
  const views: VersionView[] = [];
  let previous: VersionSummary | null = null;
  for (const v of versions) {
    const writers = await writersBetween(storage, documentId, previous?.uptoSeq ?? 0, v.uptoSeq);
    const authors = await versionAuthors(storage, documentId, previous, v, writers);
    previous = v;
    views.push({
      id: v.id,
      label: v.label,
      reason: v.reason,
      state: v.state,
      createdAt: v.createdAt.toISOString(),
      createdBy: await person(storage, v.createdBy, names),
      authors: (await Promise.all(authors.map((id) => person(storage, id, names)))).filter((p): p is Person => p !== null),
      contentHash: v.contentHash,
    });
  }
  return views;
}

/** Versions never change, so who changed the text between two of them is worked out once (the most recent few thousand kept). */
const versionAuthorsCache = new Map<string, string[]>();
const KEEP_VERSION_AUTHORS = 4096;
/** The same for who sent updates between two log positions: a range of the log never changes either. */
const writersCache = new Map<string, ReadonlySet<string>>();

/**
 * Whose connections sent the updates logged after `afterSeq` up to `uptoSeq`. Asked of the
 * database, which scans the range and returns a few ids: reading a row per keystroke cost a
 * history page 300 ms of the event loop for a text typed in 200,000 updates.
 */
async function writersBetween(storage: Storage, documentId: string, afterSeq: number, uptoSeq: number): Promise<ReadonlySet<string>> {
  const key = `${documentId}:${afterSeq}:${uptoSeq}`;
  let writers = writersCache.get(key);
  if (!writers) {
    writers = new Set(await storage.listUpdateWriters(documentId, afterSeq, uptoSeq));
    writersCache.set(key, writers);
    while (writersCache.size > KEEP_VERSION_AUTHORS) writersCache.delete(writersCache.keys().next().value!);
  }
  return writers;
}

/**
 * The people whose edits changed the content between two versions: nobody when the content
 * hash is unchanged, the only writer when one person sent updates, and otherwise whoever
 * wrote or deleted the words that differ. Someone whose updates net to nothing (who only
 * opened the document, or typed and deleted) is not credited.
 */
async function versionAuthors(
  storage: Storage,
  documentId: string,
  previous: VersionSummary | null,
  v: VersionSummary,
  writers: ReadonlySet<string>,
): Promise<string[]> {
  if (writers.size === 0 || previous?.contentHash === v.contentHash) return [];
  if (writers.size === 1 && previous) return [...writers];
  const cacheKey = `${previous?.id ?? ''}>${v.id}`;
  let authors = versionAuthorsCache.get(cacheKey);
  if (!authors) {
    const [before, after] = await Promise.all([previous ? storage.findVersion(documentId, previous.id) : null, storage.findVersion(documentId, v.id)]);
    if (!after) return [...writers];
    const attribution = await attributionOf(storage, documentId);
    const changed = new Set(diffStates(before?.ystate ?? EMPTY_STATE, after.ystate, attribution).flatMap((c) => c.authors));
    authors = [...writers].filter((id) => changed.has(id));
    versionAuthorsCache.set(cacheKey, authors);
    while (versionAuthorsCache.size > KEEP_VERSION_AUTHORS) versionAuthorsCache.delete(versionAuthorsCache.keys().next().value!);
  }
  return authors;
}

/** One version with its body (ProseMirror JSON), read-only. */
export async function getVersion(storage: Storage, actor: SessionUser, documentId: string, versionId: string): Promise<VersionView & { content: unknown }> {
  await authorizeDocument(storage, actor, documentId, 'read');
  const all = await listVersions(storage, actor, documentId);
  const view = all.find((v) => v.id === versionId);
  const version = view ? await storage.findVersion(documentId, versionId) : null;
  if (!view || !version) throw new AppError('not_found', sentence('commandErrors.versions.noSuchVersion'));
  return { ...view, content: JSON.parse(version.contentJson) as unknown };
}

type PersonSegment = { op: 'insert' | 'delete' | 'equal'; text: string; authors: Person[] };

/**
 * Attribution is learnt from the whole update log; it only grows, so it is kept per document
 * (the most recent few) and only new log rows are read on the next comparison.
 */
const attributions = new Map<string, { attribution: Attribution; reading: Promise<void> }>();
const KEEP_ATTRIBUTIONS = 16;
/** Log rows decoded at a time: tens of milliseconds of the event loop, then everyone else's turn. */
const ATTRIBUTION_BATCH = 5000;

async function attributionOf(storage: Storage, documentId: string): Promise<Attribution> {
  const entry = attributions.get(documentId) ?? { attribution: new Attribution(), reading: Promise.resolve() };
  // Most recently used last; one reading at a time per document, each going on from the last.
  attributions.delete(documentId);
  attributions.set(documentId, entry);
  while (attributions.size > KEEP_ATTRIBUTIONS) attributions.delete(attributions.keys().next().value!);
  entry.reading = entry.reading.catch(() => undefined).then(() => catchUp(storage, documentId, entry.attribution));
  await entry.reading;
  return entry.attribution;
}

/**
 * Folds the log rows the attribution has not seen in, a batch at a time with the event loop
 * free between batches: a text typed in 200,000 updates is decoded in one go otherwise, which
 * held up every keystroke of every open document while someone opened a comparison.
 */
async function catchUp(storage: Storage, documentId: string, attribution: Attribution): Promise<void> {
  // Bounded: each full batch moves seenUpTo on by ATTRIBUTION_BATCH rows of a finite log.
  for (;;) {
    const rows = await storage.listUpdates(documentId, attribution.seenUpTo, ATTRIBUTION_BATCH);
    attribution.add(rows);
    if (rows.length < ATTRIBUTION_BATCH) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface DiffView {
  from: string;
  to: string;
  /** Only what changed, in document order (the contract's shape, with the block it is in). */
  changes: { op: 'insert' | 'delete'; text: string; authors: Person[]; block: string; level?: number; cell?: CellRef; structural: boolean }[];
  /** Every block with its unchanged, inserted and deleted runs: what a compare view draws. */
  blocks: (Omit<DiffBlock, 'segments'> & { segments: PersonSegment[] })[];
}

/**
 * What changed from one version to another (or to the current text, `to=current`), in
 * document order, each change attributed by the server's own record of who sent it.
 */
export async function diffVersions(services: Services, actor: SessionUser, documentId: string, from: string | null, to: string | null): Promise<DiffView> {
  const { storage, collab } = services;
  await authorizeDocument(storage, actor, documentId, 'read');
  if (!from || !to) throw new AppError('bad_request', sentence('commandErrors.versions.compareWhich'));
  const load = async (id: string): Promise<Pick<VersionRecord, 'ystate' | 'uptoSeq'>> => {
    if (id === 'current') return collab.currentContent(documentId);
    const version = await storage.findVersion(documentId, id);
    if (!version) throw new AppError('not_found', sentence('commandErrors.versions.noVersionId', { id }));
    return version;
  };
  const [earlier, later] = await Promise.all([load(from), load(to)]);
  const attribution = await attributionOf(storage, documentId);
  const names = new Map<string, string>();
  const blocks: DiffView['blocks'] = [];
  for (const block of diffBlocks(earlier.ystate, later.ystate, attribution)) {
    const segments: PersonSegment[] = [];
    for (const seg of block.segments) {
      const authors = (await Promise.all(seg.authors.map((id) => person(storage, id, names)))).filter((p): p is Person => p !== null);
      segments.push({ op: seg.op, text: seg.text, authors });
    }
    blocks.push({ ...block, segments });
  }
  const changes: DiffView['changes'] = blocks.flatMap((block) =>
    block.segments
      .filter((s): s is PersonSegment & { op: 'insert' | 'delete' } => s.op !== 'equal')
      .map((s) => ({
        op: s.op,
        text: s.text,
        authors: s.authors,
        block: block.block,
        ...(block.level ? { level: block.level } : {}),
        ...(block.cell ? { cell: block.cell } : {}),
        structural: block.status !== 'same',
      })),
  );
  return { from, to, changes, blocks };
}

/**
 * "Changed since you approved" (issue 21): for a document back in review that `actor` approved
 * in an earlier round, the history page comparing the version they approved with the one
 * submitted now; null when there is none or the text is the same.
 */
export async function changedSinceApproved(storage: Storage, actor: SessionUser, documentId: string): Promise<string | null> {
  const { doc } = await authorizeDocument(storage, actor, documentId, 'read');
  if (doc.state !== 'in_review' || doc.reviewRound < 2) return null;
  let approved: { versionId: string; contentHash: string } | null = null;
  for (let round = doc.reviewRound - 1; round >= 1 && !approved; round--) {
    approved = (await storage.listApprovals(doc.id, round)).find((a) => a.approverId === actor.id) ?? null;
  }
  if (!approved) return null;
  const submitted = (await storage.listVersionSummaries(doc.id)).filter((v) => v.reason === 'submit').at(-1);
  if (!submitted || submitted.contentHash === approved.contentHash) return null;
  return `/documents/${encodeURIComponent(doc.id)}/history?from=${encodeURIComponent(approved.versionId)}&to=${encodeURIComponent(submitted.id)}`;
}
