import { decideOnComment, type Actor } from '@/lib/policies';
import type { CommentView, SuggestionThreadView, ThreadList, ThreadView } from '@/lib/comments/threads';
import { userName, type SessionUser } from '@/server/auth/session';
import { authorizeDocument } from '@/server/commands/guard';
import type { AnchorLocation, Services } from '@/server/registry';
import type { CommentRecord, DocumentRecord, Storage, ThreadRecord } from '@/server/storage/types';
import type { ExportThread } from '@/server/export/statement-data';

/** Base64 of stored anchor bytes, as the API and the editor carry them. */
export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * `GET /api/documents/<id>/threads`: the document's threads in document order (those on
 * deleted text last, oldest first), each with its comments and where its anchor is now.
 * 404 for whoever may not see the document: a restricted document's threads do not exist
 * for anyone else.
 */
export async function listThreads(services: Pick<Services, 'storage' | 'collab'>, actor: SessionUser, documentId: string): Promise<ThreadList> {
  const { doc } = await authorizeDocument(services.storage, actor, documentId, 'read');
  const all = await services.storage.listThreads(doc.id);
  const threads = all.filter((t) => t.suggestionId === null);
  const ranges = await services.collab.locateAnchors(
    doc.id,
    threads.map((t) => ({ start: t.anchorStart, end: t.anchorEnd, quote: t.quote })),
  );
  const names = new Map<string, string>();
  const placed = threads.map((thread, i) => ({ thread, range: ranges[i] ?? null }));
  placed.sort((a, b) => {
    if (a.range && b.range) return a.range.from - b.range.from || a.range.to - b.range.to;
    if (a.range || b.range) return a.range ? -1 : 1;
    return a.thread.createdAt.getTime() - b.thread.createdAt.getTime();
  });
  const onSuggestions = all.filter((t) => t.suggestionId !== null);
  const decisions = onSuggestions.some((t) => t.resolvedAt !== null) ? await decisionsOf(services.storage, doc.id) : new Map<string, Decision>();
  return {
    threads: await Promise.all(placed.map(({ thread, range }) => presentThread(services.storage, actor, doc, thread, range, names))),
    suggestionThreads: await Promise.all(
      onSuggestions.map((t) => presentSuggestionThread(services.storage, actor, doc, t, t.resolvedAt === null ? null : (decisions.get(t.id) ?? null), names)),
    ),
  };
}

type Decision = 'accept' | 'reject';

/**
 * How each suggestion thread of a document was last resolved: resolveSuggestionThreads writes
 * the decision into the audit entry of the resolution, which is where it is kept (a thread
 * reopened by a reply on an undone suggestion and decided again has its later entry last).
 */
async function decisionsOf(storage: Storage, documentId: string): Promise<Map<string, Decision>> {
  const decisions = new Map<string, Decision>();
  for (const entry of await storage.listAudit(documentId, { actions: ['resolve_thread'] })) {
    const { thread, decision } = entry.detail;
    if (entry.action === 'resolve_thread' && typeof thread === 'string' && (decision === 'accept' || decision === 'reject')) decisions.set(thread, decision);
  }
  return decisions;
}

/** A suggestion's reply thread as the API shows it to `actor` (issue 21), with how its suggestion was decided once it is resolved. */
export async function presentSuggestionThread(
  storage: Storage,
  actor: Actor,
  doc: DocumentRecord,
  thread: ThreadRecord,
  decision: Decision | null,
  names = new Map<string, string>(),
): Promise<SuggestionThreadView> {
  return {
    id: thread.id,
    suggestionId: thread.suggestionId ?? '',
    quote: thread.quote,
    resolved: thread.resolvedAt !== null,
    resolvedBy: thread.resolvedBy ? { id: thread.resolvedBy, name: (await userName(storage, thread.resolvedBy, names)) ?? 'Former user' } : null,
    resolvedAt: thread.resolvedAt?.toISOString() ?? null,
    decision,
    createdAt: thread.createdAt.toISOString(),
    comments: await Promise.all(thread.comments.map((c) => presentComment(storage, actor, doc, c, names))),
  };
}

/**
 * One thread as the API shows it to `actor`, anchored where `located` found it: on deleted
 * text when it found nothing, with the fresh positions when it had to find it again.
 */
export async function presentThread(
  storage: Storage,
  actor: Actor,
  doc: DocumentRecord,
  thread: ThreadRecord,
  located: AnchorLocation | null,
  names = new Map<string, string>(),
): Promise<ThreadView> {
  const person = async (id: string | null) => (id ? { id, name: (await userName(storage, id, names)) ?? 'Former user' } : null);
  return {
    id: thread.id,
    quote: thread.quote,
    anchor: { start: toBase64(located?.start ?? thread.anchorStart), end: toBase64(located?.end ?? thread.anchorEnd) },
    resolved: thread.resolvedAt !== null,
    resolvedBy: await person(thread.resolvedBy),
    resolvedAt: thread.resolvedAt?.toISOString() ?? null,
    onDeletedText: located === null,
    createdAt: thread.createdAt.toISOString(),
    comments: await Promise.all(thread.comments.map((c) => presentComment(storage, actor, doc, c, names))),
  };
}

/** One comment, with what `actor` may do to it (the browser mirrors it, the server decides). */
export async function presentComment(
  storage: Storage,
  actor: Actor,
  doc: DocumentRecord,
  c: CommentRecord,
  names = new Map<string, string>(),
): Promise<CommentView> {
  return {
    id: c.id,
    author: { id: c.authorId ?? '', name: (await userName(storage, c.authorId, names)) ?? 'Former user' },
    body: c.body,
    createdAt: c.createdAt.toISOString(),
    editedAt: c.editedAt?.toISOString() ?? null,
    abilities: {
      edit: decideOnComment(actor, 'edit_comment', doc, c.authorId).verdict === 'allow',
      delete: decideOnComment(actor, 'delete_comment', doc, c.authorId).verdict === 'allow',
    },
  };
}

/**
 * The document's open threads where their passages are now, for a DOCX "with comments" (the
 * caller has authorised the export; threads go with the document's visibility). Threads on
 * deleted text have no passage to mark and are left out.
 */
export async function openThreadsForExport(services: Pick<Services, 'storage' | 'collab'>, doc: DocumentRecord): Promise<ExportThread[]> {
  // A suggestion's thread has no passage: Word shows the tracked change itself.
  const open = (await services.storage.listThreads(doc.id)).filter((t) => t.resolvedAt === null && t.suggestionId === null);
  const ranges = await services.collab.locateAnchors(
    doc.id,
    open.map((t) => ({ start: t.anchorStart, end: t.anchorEnd, quote: t.quote })),
  );
  const names = new Map<string, string>();
  const threads: ExportThread[] = [];
  for (const [i, thread] of open.entries()) {
    const range = ranges[i];
    if (!range) continue;
    const comments = await Promise.all(
      thread.comments.map(async (c) => ({
        author: (await userName(services.storage, c.authorId, names)) ?? 'Former user',
        at: c.createdAt.toISOString(),
        body: c.body,
      })),
    );
    threads.push({ from: range.from, to: range.to, comments });
  }
  return threads.sort((a, b) => a.from - b.from);
}
