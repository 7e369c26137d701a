import type { z } from 'zod';
import { decide, type DocumentAction, type GlobalAction } from '@/lib/policies';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import type { DocumentRecord, Storage } from '@/server/storage/types';
import { sentence } from '@/lib/i18n/sentence';

/** Marks a request body that was not valid JSON, so commands can keep the error order. */
export const MALFORMED_JSON = Symbol('malformed-json');
/** Marks a request body that was not sent as `application/json` (415, in the 400 slot of the order). */
export const NOT_JSON = Symbol('not-json');

/**
 * Loads a document and checks the action in the contract's order: 404 when it is unknown or
 * invisible to the actor, 403 when their role does not allow the action. A `wrong_state`
 * answer is returned, not thrown, so the caller can validate the body (400/422) first and
 * only then refuse with 409.
 */
export async function authorizeDocument(
  storage: Storage,
  actor: SessionUser,
  documentId: string,
  action: DocumentAction,
): Promise<{ doc: DocumentRecord; wrongState: boolean }> {
  const doc = await storage.findDocument(documentId);
  if (!doc) throw new AppError('not_found');
  const decision = decide(actor, action, doc);
  if (decision.verdict === 'hidden') throw new AppError('not_found');
  if (decision.verdict === 'forbidden') throw new AppError('forbidden', decision.reason);
  return { doc, wrongState: decision.verdict === 'wrong_state' };
}

/** Checks an action that concerns no existing document (e.g. create). */
export function authorize(actor: SessionUser, action: GlobalAction): void {
  const decision = decide(actor, action);
  if (decision.verdict !== 'allow') throw new AppError('forbidden', decision.reason);
}

/** Parses a request body with its schema: 400 with the first problem named. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  if (body === NOT_JSON) throw new AppError('unsupported_media_type', sentence('commandErrors.body.notJson'));
  if (body === MALFORMED_JSON) throw new AppError('bad_request', sentence('commandErrors.body.malformedJson'));
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new AppError('bad_request', sentence('commandErrors.body.malformed', { problem: `${where}${issue?.message ?? 'invalid'}` }));
  }
  return parsed.data;
}
