import type { LanguageGroupView } from './view';

/**
 * Where a language version's bilingual PDF is offered (issue 23): the link to it beside the
 * version's own exports (GET /api/documents/<id>/export.pdf?bilingual=1: the master on the left,
 * this version on the right), and the master's language, which the link names (its words are
 * `DocumentPage.bilingualPdf` in the catalogues). Null for the master and for a document in no group.
 */
export function bilingualPdfLink(group: LanguageGroupView, documentId: string): { href: string; masterLanguage: string } | null {
  const master = group.members.find((m) => m.master);
  if (!master || master.id === documentId || !group.members.some((m) => m.id === documentId)) return null;
  return {
    href: `/api/documents/${encodeURIComponent(documentId)}/export.pdf?bilingual=1`,
    masterLanguage: master.language,
  };
}
