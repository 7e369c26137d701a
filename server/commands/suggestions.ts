import { z } from 'zod';
import { decide, decideOnSuggestion } from '@/lib/policies';
import type { SuggestionSummary } from '@/lib/editor/suggestions';
import type { SessionUser } from '@/server/auth/session';
import { AppError } from '@/server/errors';
import { currentSuggestions } from '@/server/queries/suggestions';
import type { Services } from '@/server/registry';
import { MALFORMED_JSON, NOT_JSON, parseBody } from './guard';
import { resolveSuggestionThreads } from './suggestion-threads';
import { sentence } from '@/lib/i18n/sentence';

const oneSchema = z.object({ decision: z.enum(['accept', 'reject']) }).strict();
const allSchema = z.object({ decision: z.enum(['accept', 'reject']), all: z.literal(true) }).strict();

/** At most this many characters of a decided suggestion's text go into its audit entry. */
const AUDIT_TEXT_CHARS = 200;

/**
 * Accepts or rejects one suggestion (`sid`) or all of them (`sid` null, body `{decision, all:
 * true}`), issue 21. Checked in the contract's order: 404 (document, or suggestion not open
 * in it), 403 (lib/policies: decideOnSuggestion; a malformed body is judged as a reject, the
 * widest right), 400 (the body), 409 (accepting outside draft). Done on the live document
 * through a direct connection (every client sees it; the log attributes it), then audited
 * with who decided what; their reply threads are resolved with them. Returns the suggestions decided and those still open.
 */
export async function decideOnSuggestions(
  services: Services,
  actor: SessionUser,
  documentId: string,
  sid: string | null,
  body: unknown,
): Promise<{ decided: SuggestionSummary[]; suggestions: SuggestionSummary[] }> {
  const { storage, collab } = services;
  const doc = await storage.findDocument(documentId);
  if (!doc || decide(actor, 'read', doc).verdict === 'hidden') throw new AppError('not_found');
  const open = await currentSuggestions(services, doc.id);
  const target = sid === null ? null : open.find((s) => s.id === sid);
  if (sid !== null && !target) throw new AppError('not_found', sentence('commandErrors.suggestions.noSuchSuggestion'));
  const schema = sid === null ? allSchema : oneSchema;
  const parsed = body === NOT_JSON || body === MALFORMED_JSON ? null : schema.safeParse(body);
  const decision = parsed?.success ? parsed.data.decision : 'reject';
  // Whose suggestions: one's own (a suggester may always withdraw theirs) or anyone's.
  const chosen = target ? [target] : open;
  const suggester = chosen.length > 0 && chosen.every((s) => s.author.id === actor.id) ? actor.id : null;
  const verdict = decideOnSuggestion(actor, decision, doc, suggester);
  if (verdict.verdict === 'hidden') throw new AppError('not_found');
  if (verdict.verdict === 'forbidden') throw new AppError('forbidden', verdict.reason);
  parseBody(schema, body); // 400 with the problem named
  if (verdict.verdict === 'wrong_state') throw new AppError('conflict', verdict.reason);
  if (chosen.length === 0) return { decided: [], suggestions: [] };

  const decided = await services.documentLocks.run(doc.id, async () => {
    // The state may have moved on while we waited (a submission freezes the text).
    const fresh = await storage.findDocument(doc.id);
    const again = fresh ? decideOnSuggestion(actor, decision, fresh, suggester) : null;
    if (!fresh || again?.verdict !== 'allow')
      throw new AppError('conflict', again && 'reason' in again ? again.reason : sentence('commandErrors.suggestions.documentChanged'));
    return collab.decideSuggestions(
      doc.id,
      actor,
      chosen.map((s) => s.id),
      decision,
    );
  });
  if (sid !== null && decided.length === 0) throw new AppError('not_found', sentence('commandErrors.suggestions.noSuchSuggestion'));
  if (decided.length > 0) {
    await storage.appendAudit({
      actorId: actor.id,
      documentId: doc.id,
      action: decision === 'accept' ? 'suggestions_accepted' : 'suggestions_rejected',
      versionId: null,
      contentHash: (await collab.currentContent(doc.id)).contentHash,
      detail: {
        suggestions: decided.map((s) => ({
          id: s.id,
          type: s.type,
          text: s.text.slice(0, AUDIT_TEXT_CHARS),
          ...(s.replaced !== undefined ? { replaced: s.replaced.slice(0, AUDIT_TEXT_CHARS) } : {}),
          suggestedBy: s.author.id,
          suggestedAt: s.createdAt,
        })),
      },
    });
  }
  // Their reply threads are resolved with them (kept, with their comments, as history).
  await resolveSuggestionThreads(services, actor, doc.id, decided, decision);
  return { decided, suggestions: await currentSuggestions(services, doc.id) };
}
