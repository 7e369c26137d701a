import { countSuggestions, listSuggestions as listIn, type PMJson, type SuggestionSummary } from '@/lib/editor/suggestions';
import type { DocumentFacts } from '@/lib/policies';
import type { SessionUser } from '@/server/auth/session';
import { authorizeDocument } from '@/server/commands/guard';
import type { Services } from '@/server/registry';

/**
 * `GET /api/documents/<id>/suggestions` (issue 21): the open suggestions of the current text,
 * in document order. 404 for whoever may not see the document.
 */
export async function listSuggestions(
  services: Pick<Services, 'storage' | 'collab'>,
  actor: SessionUser,
  documentId: string,
): Promise<{ suggestions: SuggestionSummary[] }> {
  const { doc } = await authorizeDocument(services.storage, actor, documentId, 'read');
  return { suggestions: await currentSuggestions(services, doc.id) };
}

/** The open suggestions of a document's current (committed) text. */
export async function currentSuggestions(services: Pick<Services, 'collab'>, documentId: string): Promise<SuggestionSummary[]> {
  const content = await services.collab.currentContent(documentId);
  return listIn(JSON.parse(content.contentJson) as PMJson);
}

/**
 * `facts` with the number of suggestions open in the current text (approval waits until
 * none is), for a document in review; other states are returned as they are (nothing is
 * approved from them, and counting would load the document).
 */
export async function withOpenSuggestions<T extends DocumentFacts & { id: string }>(services: Pick<Services, 'collab'>, facts: T): Promise<T> {
  if (facts.state !== 'in_review') return facts;
  const content = await services.collab.currentContent(facts.id);
  return { ...facts, openSuggestions: countSuggestions(JSON.parse(content.contentJson) as PMJson) };
}
