import { z } from 'zod';
import { can, decide, decideOnComment, type Decision } from '@/lib/policies';
import { MAX_COMMENT_CHARS, MAX_PEOPLE_RESULTS, type AnchorInput, type CommentView, type PersonOption, type ThreadView } from '@/lib/comments/threads';
import { foldText } from '@/lib/text/fold';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { sharedRateLimit } from '@/server/edge/rate-limit';
import { createLogger } from '@/server/log';
import { mailsFor } from '@/server/mail/outbox';
import { presentComment, presentThread } from '@/server/queries/threads';
import type { AnchorPlacement, Services } from '@/server/registry';
import type { CommentRecord, DocumentRecord, NewMail, ThreadRecord, UserRecord } from '@/server/storage/types';
import { authorizeDocument, parseBody } from './guard';
import { sentence } from '@/lib/i18n/sentence';

/**
 * Comment threads on passages (issue 20): start one, reply, resolve or reopen, edit or
 * delete a comment. Each checks in the contract's order (404, 403, 400, 422, 409), asks
 * lib/policies (`comment`, `decideOnComment`), never touches the document's text (the
 * anchor is relative positions kept with the thread), and tells the document's subscribed
 * sockets on every process ([101]) once the change is stored.
 */

const mentionsSchema = z.array(z.string().min(1).max(100)).max(50).optional();
const anchorSchema = z
  .object({
    exact: z.string().min(1),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
    position: z
      .object({ start: z.string().min(1).max(4096), end: z.string().min(1).max(4096) })
      .strict()
      .optional(),
  })
  .strict();
const newThreadSchema = z.object({ anchor: anchorSchema, body: z.string(), mentions: mentionsSchema }).strict();
const newCommentSchema = z.object({ body: z.string(), mentions: mentionsSchema }).strict();
const editSchema = z.object({ body: z.string() }).strict();
const resolveSchema = z.object({ resolved: z.boolean() }).strict();

const ANCHOR_SENTENCES: Record<Extract<AnchorPlacement, { ok: false }>['problem'], string> = {
  not_found: sentence('commandErrors.threads.anchorNotFound'),
  ambiguous: sentence('commandErrors.threads.anchorAmbiguous'),
  too_long: sentence('commandErrors.threads.anchorTooLong'),
  position_mismatch: sentence('commandErrors.threads.anchorMoved'),
};

/**
 * What one person may send in comments: 30 comments a minute, and mentions that notify 100
 * people in 10 minutes. Far above what anyone types; a script or a stolen session that posts
 * in a loop gets 429 and floods neither the document nor its colleagues' notifications.
 */
const commentsPerUser = () => sharedRateLimit('comments', 30, 60_000);
const mentionsPerUser = () => sharedRateLimit('mentions', 100, 10 * 60_000);

/** Takes one comment and its mentions from the actor's allowance, or refuses with 429 (nothing is stored). */
export function admitComment(actor: SessionUser, mentions: readonly string[]): void {
  const notified = mentions.filter((id) => id !== actor.id).length;
  if (!commentsPerUser().fits(actor.id))
    throw new AppError('too_many_requests', sentence('commandErrors.threads.tooManyComments', { seconds: commentsPerUser().retryAfterSeconds(actor.id) }));
  if (notified && !mentionsPerUser().take(actor.id, notified))
    throw new AppError(
      'too_many_requests',
      sentence('commandErrors.threads.tooManyMentions', { minutes: Math.ceil(mentionsPerUser().retryAfterSeconds(actor.id) / 60) }),
    );
  commentsPerUser().take(actor.id);
}

/** A suggestion's thread is replied to on its suggestion, and resolved by accepting or rejecting it. */
const ON_A_SUGGESTION = sentence('commandErrors.threads.onASuggestion');

/** 404 hidden, 403 forbidden; a wrong state is returned for the caller to refuse after validating (409 last). */
export function judged(decision: Decision): { wrongState: string | null } {
  if (decision.verdict === 'hidden') throw new AppError('not_found');
  if (decision.verdict === 'forbidden') throw new AppError('forbidden', decision.reason);
  return { wrongState: decision.verdict === 'wrong_state' ? decision.reason : null };
}

/** The document, when the actor may see it (404 otherwise). */
export async function visibleDocument(services: Services, actor: SessionUser, documentId: string): Promise<DocumentRecord> {
  const doc = await services.storage.findDocument(documentId);
  if (!doc || decide(actor, 'read', doc).verdict === 'hidden') throw new AppError('not_found');
  return doc;
}

/** A thread of this document (404 for one of another document: it does not exist here). */
async function threadOf(services: Services, doc: DocumentRecord, threadId: string): Promise<ThreadRecord> {
  const thread = await services.storage.findThread(threadId);
  if (!thread || thread.documentId !== doc.id) throw new AppError('not_found', sentence('commandErrors.threads.noSuchThread'));
  return thread;
}

/** A comment of this document (and of `threadId`, when the path names one); 404 otherwise. */
async function commentOf(services: Services, doc: DocumentRecord, commentId: string, threadId?: string): Promise<CommentRecord> {
  const comment = await services.storage.findComment(commentId);
  const thread = comment ? await services.storage.findThread(comment.threadId) : null;
  if (!comment || thread?.documentId !== doc.id || (threadId !== undefined && comment.threadId !== threadId))
    throw new AppError('not_found', sentence('commandErrors.threads.noSuchComment'));
  return comment;
}

/** A body as typed (kept as it is), refused when empty (400) or too long (422). */
export function acceptableBody(body: string): string {
  if (!body.trim()) throw new AppError('bad_request', sentence('commandErrors.threads.emptyComment'));
  if (body.length > MAX_COMMENT_CHARS)
    throw new AppError('unprocessable', sentence('commandErrors.threads.commentTooLong', { max: MAX_COMMENT_CHARS, length: body.length }));
  return body;
}

/**
 * The people mentioned, each able to see the document (422 otherwise, in the same words
 * whether or not the person exists).
 */
export async function mentionable(services: Services, doc: DocumentRecord, ids: readonly string[] | undefined): Promise<UserRecord[]> {
  const people: UserRecord[] = [];
  for (const id of new Set(ids ?? [])) {
    const user = await services.storage.findUserById(id);
    if (!user?.active || !can(user, 'read', doc)) throw new AppError('unprocessable', sentence('commandErrors.threads.mentionCannotSee'));
    people.push(user);
  }
  return people;
}

/** The mention mails, written with the comment (never its words: only who, and on which document). */
export function mentionMails(services: Services, actor: SessionUser, doc: DocumentRecord, mentioned: readonly UserRecord[]): Promise<NewMail[]> {
  return mailsFor(
    services,
    mentioned.filter((u) => u.id !== actor.id),
    'mention',
    doc.id,
    { title: doc.title, actor: actor.name },
  );
}

/** Tells the mentioned people in the app, with a link to the thread. Best effort, after the comment is stored. */
export async function notifyMentions(
  services: Services,
  actor: SessionUser,
  doc: DocumentRecord,
  threadId: string,
  body: string,
  mentioned: readonly UserRecord[],
): Promise<void> {
  const recipients = mentioned.map((u) => u.id).filter((id) => id !== actor.id);
  if (!recipients.length) return;
  try {
    const excerpt = body.length > 280 ? `${body.slice(0, 279)}…` : body;
    await services.storage.addNotifications(
      recipients.map((userId) => ({
        userId,
        documentId: doc.id,
        action: 'mention',
        actorId: actor.id,
        detail: { title: doc.title, thread: threadId, comment: excerpt },
      })),
    );
  } catch (err) {
    createLogger(services.env.LOG_LEVEL).error('mention notifications failed (the comment stands)', { doc: doc.id, err });
  }
}

/**
 * After a thread's change is stored: the document's subscribed sockets hear of it ([101]), and
 * the thread's comments are its text in the search index (gone with the thread). The index is
 * best effort: the comment stands when it fails, and the next change writes it again.
 */
export async function threadChanged(services: Services, doc: DocumentRecord, threadId: string): Promise<void> {
  services.collab.threadsChanged(doc.id);
  try {
    const thread = await services.storage.findThread(threadId);
    const text = thread?.comments.length ? thread.comments.map((c) => c.body).join('\n') : null;
    await services.storage.indexDocumentText(doc.id, [{ field: 'thread', part: threadId, text }]);
  } catch (err) {
    createLogger(services.env.LOG_LEVEL).error('indexing a comment thread for search failed (the comment stands)', { doc: doc.id, err });
  }
}

/** `POST /api/documents/<id>/threads` `{anchor, body, mentions?}` → the new thread. */
export async function createThread(services: Services, actor: SessionUser, documentId: string, body: unknown): Promise<ThreadView> {
  const doc = await visibleDocument(services, actor, documentId);
  const { wrongState } = judged(decide(actor, 'comment', doc));
  const input = parseBody(newThreadSchema, body);
  const text = acceptableBody(input.body);
  const mentioned = await mentionable(services, doc, input.mentions);
  const anchor: AnchorInput = input.anchor;
  const placed = await services.collab.placeAnchor(doc.id, anchor);
  if (!placed.ok) throw new AppError('unprocessable', ANCHOR_SENTENCES[placed.problem]);
  if (wrongState) throw new AppError('conflict', wrongState);
  admitComment(
    actor,
    mentioned.map((u) => u.id),
  );
  const mails = await mentionMails(services, actor, doc, mentioned);
  // Under the document's lock, as transitions are: an approval counts the open threads under
  // it, so a thread is either counted (the approval is refused) or made after the approval.
  const thread = await services.documentLocks.run(doc.id, () =>
    services.storage.createThread({
      documentId: doc.id,
      anchorStart: placed.start,
      anchorEnd: placed.end,
      quote: placed.quote,
      createdBy: actor.id,
      body: text,
      mails,
    }),
  );
  if (mails.length) services.mail?.nudge();
  await threadChanged(services, doc, thread.id);
  await notifyMentions(services, actor, doc, thread.id, text, mentioned);
  return presentThread(services.storage, actor, doc, thread, { from: 0, to: placed.quote.length });
}

/** `POST …/threads/<tid>/comments` `{body, mentions?}` → the new comment. */
export async function replyToThread(services: Services, actor: SessionUser, documentId: string, threadId: string, body: unknown): Promise<CommentView> {
  const doc = await visibleDocument(services, actor, documentId);
  const thread = await threadOf(services, doc, threadId);
  const { wrongState } = judged(decide(actor, 'comment', doc));
  const input = parseBody(newCommentSchema, body);
  const text = acceptableBody(input.body);
  const mentioned = await mentionable(services, doc, input.mentions);
  if (wrongState) throw new AppError('conflict', wrongState);
  if (thread.suggestionId !== null) throw new AppError('conflict', ON_A_SUGGESTION);
  admitComment(
    actor,
    mentioned.map((u) => u.id),
  );
  const mails = await mentionMails(services, actor, doc, mentioned);
  const comment = await services.storage.addComment({ threadId: thread.id, authorId: actor.id, body: text, mails });
  if (!comment) throw new AppError('not_found', sentence('commandErrors.threads.threadDeleted'));
  if (mails.length) services.mail?.nudge();
  await threadChanged(services, doc, thread.id);
  await notifyMentions(services, actor, doc, thread.id, text, mentioned);
  return presentComment(services.storage, actor, doc, comment);
}

/** `PATCH …/threads/<tid>` `{resolved}`: resolves or reopens, with its audit entry (nothing when it already was so). */
export async function resolveThread(services: Services, actor: SessionUser, documentId: string, threadId: string, body: unknown): Promise<ThreadView> {
  const doc = await visibleDocument(services, actor, documentId);
  const thread = await threadOf(services, doc, threadId);
  const { wrongState } = judged(decide(actor, 'comment', doc));
  const { resolved } = parseBody(resolveSchema, body);
  if (wrongState) throw new AppError('conflict', wrongState);
  if (thread.suggestionId !== null) throw new AppError('conflict', ON_A_SUGGESTION);
  const action = resolved ? 'resolve_thread' : 'reopen_thread';
  // Under the document's lock, like a new thread: a reopened thread is counted by an approval or comes after it.
  const result = await services.documentLocks.run(doc.id, () =>
    services.storage.setThreadResolved(thread.id, resolved ? actor.id : null, {
      actorId: actor.id,
      documentId: doc.id,
      action,
      versionId: null,
      contentHash: null,
      detail: { thread: thread.id, quote: thread.quote.length > 200 ? `${thread.quote.slice(0, 199)}…` : thread.quote },
    }),
  );
  if (!result) throw new AppError('not_found', sentence('commandErrors.threads.threadDeleted'));
  if (result.changed) services.collab.threadsChanged(doc.id);
  const [located] = await services.collab.locateAnchors(doc.id, [
    { start: result.thread.anchorStart, end: result.thread.anchorEnd, quote: result.thread.quote },
  ]);
  return presentThread(services.storage, actor, doc, result.thread, located ?? null);
}

/** `PATCH …/comments/<cid>` `{body}`: the author changes their comment. */
export async function editComment(
  services: Services,
  actor: SessionUser,
  documentId: string,
  commentId: string,
  body: unknown,
  threadId?: string,
): Promise<CommentView> {
  const doc = await visibleDocument(services, actor, documentId);
  const comment = await commentOf(services, doc, commentId, threadId);
  const { wrongState } = judged(decideOnComment(actor, 'edit_comment', doc, comment.authorId));
  const text = acceptableBody(parseBody(editSchema, body).body);
  if (wrongState) throw new AppError('conflict', wrongState);
  const edited = await services.storage.editComment(comment.id, text);
  if (!edited) throw new AppError('not_found', sentence('commandErrors.threads.commentDeleted'));
  await threadChanged(services, doc, edited.threadId);
  return presentComment(services.storage, actor, doc, edited);
}

/** `DELETE …/comments/<cid>`: the author (or an admin) deletes a comment for good; an emptied thread goes with it. */
export async function deleteComment(
  services: Services,
  actor: SessionUser,
  documentId: string,
  commentId: string,
  threadId?: string,
): Promise<{ threadDeleted: boolean }> {
  const doc = await visibleDocument(services, actor, documentId);
  const comment = await commentOf(services, doc, commentId, threadId);
  const { wrongState } = judged(decideOnComment(actor, 'delete_comment', doc, comment.authorId));
  if (wrongState) throw new AppError('conflict', wrongState);
  const result = await services.storage.deleteComment(comment.id);
  if (result.deleted) await threadChanged(services, doc, comment.threadId);
  return { threadDeleted: result.threadDeleted };
}

/**
 * `GET /api/documents/<id>/people?q=`: people who can see the document (for @-completion),
 * matched on name or email, at most MAX_PEOPLE_RESULTS. Nobody else is ever listed.
 */
export async function peopleForDocument(services: Services, actor: SessionUser, documentId: string, q: string | null): Promise<PersonOption[]> {
  const { doc } = await authorizeDocument(services.storage, actor, documentId, 'read');
  const query = (q ?? '').trim().slice(0, 100);
  return (await services.storage.listUsers())
    .filter((u) => u.active && can(u, 'read', doc) && (matchesName(u.name, query) || matchesName(u.email, query)))
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_PEOPLE_RESULTS)
    .map((u) => ({ id: u.id, name: u.name, email: u.email }));
}

/** Every word of `q` (folded: "memmedova" finds "Məmmədova") is somewhere in `name`; an empty `q` matches all. */
function matchesName(name: string, q: string | null): boolean {
  if (!q) return true;
  const folded = foldText(name);
  return foldText(q)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => folded.includes(word));
}
