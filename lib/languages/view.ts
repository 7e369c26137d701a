import type { DocumentState } from '@/lib/workflow/states';

/** One language version as `GET /api/documents/<id>/languages` shows it. */
export interface LanguageMemberView {
  id: string;
  language: string;
  title: string;
  state: DocumentState;
  master: boolean;
  alignedWith: { versionId: string; contentHash: string } | null;
  /** The master's text moved since this version was aligned (or it never was); never for the master. */
  stale: boolean;
}

/** A document's language group: `{groupId, masterId, masterContentHash, members}` (a document in none is a group of one, groupId null). */
export interface LanguageGroupView {
  groupId: string | null;
  masterId: string;
  /**
   * The master's current content hash: what "mark aligned with the current master" records.
   * Always there in the API; null only where it was not asked for (the document page, for a
   * document in no group: hashing a long text there delayed the page by the text's length).
   */
  masterContentHash: string | null;
  members: LanguageMemberView[];
}
