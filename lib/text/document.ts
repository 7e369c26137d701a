/** The kinds of document the secretariat drafts (JSON values are part of the contract). */
export const DOCUMENT_KINDS = ['speech', 'statement', 'declaration', 'press_release'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const KIND_LABELS: Record<DocumentKind, string> = {
  speech: 'Speech',
  statement: 'Statement',
  declaration: 'Declaration',
  press_release: 'Press release',
};

/** The organisation's languages, offered first in pickers; any valid BCP 47 tag is accepted. */
export const COMMON_LANGUAGES: ReadonlyArray<{ tag: string; name: string }> = [
  { tag: 'az', name: 'Azərbaycan dili' },
  { tag: 'en', name: 'English' },
  { tag: 'hu', name: 'Magyar' },
  { tag: 'kk', name: 'Қазақ тілі' },
  { tag: 'ky', name: 'Кыргызча' },
  { tag: 'ru', name: 'Русский' },
  { tag: 'tk', name: 'Türkmençe' },
  { tag: 'tr', name: 'Türkçe' },
  { tag: 'uz', name: 'Oʻzbekcha' },
];

/**
 * Normalises a BCP 47 language tag ("AZ-latn" → "az-Latn"), or returns null when the
 * string is not a structurally valid tag. Intl does the parsing so the rules are the
 * platform's, identical in the browser and on the server.
 */
export function canonicalLanguageTag(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}

/** A dateline: the place and the calendar date a statement is given. */
export type Dateline = { place: string; date: string | null };

/** The longest title a document may have, in UTF-16 code units. */
export const MAX_TITLE_CHARS = 300;

/** The metadata of a document as the REST API and pages present it. */
/**
 * Where a search matched a document: the field (title, dateline, the current body, the
 * released body; comment threads later) and a passage of it. The matched words are given as
 * [start, end) UTF-16 offsets into `snippet`, not as markup: a page wraps them in <mark>
 * elements itself, and nothing in a text can be taken for HTML.
 */
export interface SearchMatch {
  field: 'title' | 'dateline' | 'body' | 'released' | 'thread';
  snippet: string;
  highlights: [number, number][];
}

export interface DocumentView {
  id: string;
  title: string;
  kind: DocumentKind;
  language: string;
  state: string;
  dateline: Dateline | null;
  embargoUntil: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: { id: string; name: string } | null;
  updatedBy: { id: string; name: string } | null;
  /** Who submitted the current review round, and when. */
  submittedBy: { id: string; name: string } | null;
  submittedAt: string | null;
  /** Approvals of the submitted text in the current round, and how many are needed. */
  approvals: { count: number; quorum: number; approvers: { id: string; name: string }[] };
  /** Who marked this round's text "Reviewed", and which exact text (its SHA-256). */
  endorsements: { by: { id: string; name: string }; contentHash: string; versionId: string; at: string }[];
  /** The version released to the newsroom (kept, marked superseded, after a reopen). */
  publishedVersionId: string | null;
  publishedAt: string | null;
  /** The comment of the most recent transition that had one (e.g. the changes requested). */
  lastComment: { action: string; text: string; by: string; at: string } | null;
  /** Comment threads not resolved (issue 20). */
  openThreads: number;
  abilities: Record<string, boolean>;
  /** Where a search (`?q=`) matched, only in search results. */
  match?: SearchMatch;
}
