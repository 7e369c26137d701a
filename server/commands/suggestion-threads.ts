import { z } from 'zod';
import { decide } from '@/lib/policies';
import type { SuggestionSummary } from '@/lib/editor/suggestions';
import { MAX_QUOTE_CHARS, type CommentView } from '@/lib/comments/threads';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { createLogger } from '@/server/log';
import { presentComment } from '@/server/queries/threads';
import { currentSuggestions } from '@/server/queries/suggestions';
import type { Services } from '@/server/registry';
import type { CommentRecord, DocumentRecord, NewMail, ThreadRecord } from '@/server/storage/types';
import { parseBody } from './guard';
import { acceptableBody, admitComment, judged, mentionable, mentionMails, notifyMentions, threadChanged, visibleDocument } from './threads';
import { sentence } from '@/lib/i18n/sentence';

/**
 * A suggestion's reply thread (issue 21): the drafter asks why, the suggester answers, beside
 * the suggestion in the panel. It is a comment thread (the same storage, rights, rate limits,
 * mentions, live "threads changed" and search) whose anchor is the suggestion's id instead of
 * a passage; the first reply makes it, and accepting or rejecting the suggestion resolves it
 * (resolveSuggestionThreads), kept with its comments and an audit entry.
 */

const replySchema = z.object({ body: z.string(), mentions: z.array(z.string().min(1).max(100)).max(50).optional() }).strict();
const NO_SUCH_SUGGESTION = sentence('commandErrors.suggestions.noSuchSuggestion');
const NO_ANCHOR = new Uint8Array();

/** What the thread records of its suggestion: its words, language-neutral ("old → new" for a replacement). */
function describe(s: SuggestionSummary): string {
  const text = s.type === 'replace' ? `${s.replaced ?? ''} → ${s.text}` : s.text;
  return text.length > MAX_QUOTE_CHARS ? `${text.slice(0, MAX_QUOTE_CHARS - 1)}…` : text;
}

async function threadOfSuggestion(services: Services, documentId: string, suggestionId: string): Promise<ThreadRecord | null> {
  return (await services.storage.listThreads(documentId)).find((t) => t.suggestionId === suggestionId) ?? null;
}

/**
 * `POST /api/documents/<id>/suggestions/<sid>/comments` `{body, mentions?}` → 201 the comment.
 * Checked in the contract's order: 404 (document not visible, or no such open suggestion in its
 * current text), 403 (lib/policies `comment`: whoever may comment on the document), 400 (the
 * body), 422 (too long; a mention of someone who cannot see it), 409 (archived), 429 (the
 * comments' allowance). A suggestion brought back (an undone acceptance) gets its thread back, reopened.
 */
export async function replyToSuggestion(services: Services, actor: SessionUser, documentId: string, suggestionId: string, body: unknown): Promise<CommentView> {
  const doc = await visibleDocument(services, actor, documentId);
  const suggestion = (await currentSuggestions(services, doc.id)).find((s) => s.id === suggestionId);
  if (!suggestion) throw new AppError('not_found', NO_SUCH_SUGGESTION);
  const { wrongState } = judged(decide(actor, 'comment', doc));
  const input = parseBody(replySchema, body);
  const text = acceptableBody(input.body);
  const mentioned = await mentionable(services, doc, input.mentions);
  if (wrongState) throw new AppError('conflict', wrongState);
  admitComment(
    actor,
    mentioned.map((u) => u.id),
  );
  const mails = await mentionMails(services, actor, doc, mentioned);
  // Under the document's lock: one thread per suggestion (the database refuses a second one
  // made by another process at the same moment; then the reply goes into that one).
  const { threadId, comment } = await services.documentLocks.run(doc.id, () => reply(services, actor, doc, suggestion, text, mails));
  if (mails.length) services.mail?.nudge();
  await threadChanged(services, doc, threadId);
  await notifyMentions(services, actor, doc, threadId, text, mentioned);
  return presentComment(services.storage, actor, doc, comment);
}

async function reply(
  services: Services,
  actor: SessionUser,
  doc: DocumentRecord,
  suggestion: SuggestionSummary,
  body: string,
  mails: readonly NewMail[],
): Promise<{ threadId: string; comment: CommentRecord }> {
  const { storage } = services;
  for (let attempt = 0; attempt < 2; attempt++) {
    const existing = await threadOfSuggestion(services, doc.id, suggestion.id);
    if (existing) {
      if (existing.resolvedAt !== null)
        await storage.setThreadResolved(existing.id, null, {
          actorId: actor.id,
          documentId: doc.id,
          action: 'reopen_thread',
          versionId: null,
          contentHash: null,
          detail: { thread: existing.id, suggestion: suggestion.id },
        });
      const comment = await storage.addComment({ threadId: existing.id, authorId: actor.id, body, mails });
      if (comment) return { threadId: existing.id, comment };
      continue; // deleted meanwhile: start it again
    }
    try {
      const made = await storage.createThread({
        documentId: doc.id,
        anchorStart: NO_ANCHOR,
        anchorEnd: NO_ANCHOR,
        quote: describe(suggestion),
        createdBy: actor.id,
        body,
        mails,
        suggestionId: suggestion.id,
      });
      return { threadId: made.id, comment: made.comments[0]! };
    } catch (err) {
      if (attempt > 0) throw err; // another process made it meanwhile: the loop's next turn replies in it
    }
  }
  throw new AppError('conflict', sentence('commandErrors.suggestions.threadChanged'));
}

/**
 * Resolves the reply threads of suggestions just accepted or rejected, each with an audit
 * entry naming the suggestion and the decision, by the person who decided. Best effort after
 * the decision stands (it is audited on its own): a failure is logged and the thread stays open.
 */
export async function resolveSuggestionThreads(
  services: Services,
  actor: SessionUser,
  documentId: string,
  decided: readonly SuggestionSummary[],
  decision: 'accept' | 'reject',
): Promise<void> {
  if (!decided.length) return;
  try {
    const ids = new Set(decided.map((s) => s.id));
    const open = (await services.storage.listThreads(documentId)).filter((t) => t.suggestionId !== null && ids.has(t.suggestionId) && t.resolvedAt === null);
    for (const thread of open)
      await services.storage.setThreadResolved(thread.id, actor.id, {
        actorId: actor.id,
        documentId,
        action: 'resolve_thread',
        versionId: null,
        contentHash: null,
        detail: { thread: thread.id, suggestion: thread.suggestionId, decision },
      });
    if (open.length) services.collab.threadsChanged(documentId);
  } catch (err) {
    createLogger(services.env.LOG_LEVEL).error('resolving the threads of decided suggestions failed (the decision stands)', { doc: documentId, err });
  }
}
