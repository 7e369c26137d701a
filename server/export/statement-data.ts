import { KIND_LABELS, type DocumentKind } from '../../lib/text/document';
import { formatDateline, formatInZone } from '../../lib/text/dates';
import { STATE_LABELS, type DocumentState } from '../../lib/workflow/states';

/**
 * Everything an exported statement shows, as plain data. The PDF template reads it as
 * JSON (`sys.inputs.data`) and the DOCX writer walks the same shape, so both formats
 * print the same letterhead, labels and footer.
 */
export interface StatementData {
  org: string;
  /** "PRESS RELEASE", "STATEMENT", … */
  kind: string;
  /** "EMBARGOED UNTIL 11 Jan 2026, 09:00 (Asia/Baku)", or null. */
  embargo: string | null;
  title: string;
  /** "Bakı, 11 yanvar 2022" in the document's language, or "". */
  dateline: string;
  /** BCP 47 tag of the document's language (shaping, quotes, line breaking). */
  lang: string;
  /** True for any state before approved: the export carries a visible DRAFT mark. */
  draft: boolean;
  draftLabel: string;
  labels: { page: string; of: string };
  footer: { version: string; hash: string; state: string; audit: string };
  /** The body: canonical ProseMirror JSON (a `doc` node). */
  body: ProseMirrorNode;
}

export interface ProseMirrorNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: ProseMirrorNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

/** What is being exported: the document's metadata at that point and its content. */
export interface ExportSource {
  title: string;
  kind: DocumentKind;
  language: string;
  datelinePlace: string | null;
  datelineDate: string | null;
  embargoUntil: Date | null;
  /** The state the exported text is in (the document's, or the historical version's). */
  state: DocumentState;
  /** For an archived document, the state it was archived from (an archived draft is still a draft). */
  archivedFrom?: DocumentState | null;
  /** The version id, or null when the text is not (yet) a stored version. */
  versionId: string | null;
  /** The last update in the log that the text includes (named when there is no version). */
  uptoSeq: number;
  contentJson: string;
  contentHash: string;
}

export interface ExportSettings {
  orgName: string;
  timeZone: string;
  /** The audit log's head hash when the export was made. */
  auditHead: string;
}

const BEFORE_APPROVAL: ReadonlySet<DocumentState> = new Set(['draft', 'in_review']);

/** True when the text has not been approved: its export must say DRAFT. */
export function isBeforeApproval(state: DocumentState): boolean {
  return BEFORE_APPROVAL.has(state);
}

/** Builds the statement's data from what is exported and the organisation's settings. */
export function statementData(source: ExportSource, settings: ExportSettings): StatementData {
  const dateline = source.datelinePlace || source.datelineDate ? { place: source.datelinePlace ?? '', date: source.datelineDate } : null;
  return {
    org: settings.orgName,
    kind: KIND_LABELS[source.kind].toUpperCase(),
    embargo: source.embargoUntil ? `EMBARGOED UNTIL ${formatInZone(source.embargoUntil.toISOString(), settings.timeZone)}` : null,
    title: source.title,
    dateline: formatDateline(dateline, source.language),
    lang: source.language.split('-')[0]!.toLowerCase(),
    draft: isBeforeApproval(source.state === 'archived' ? (source.archivedFrom ?? 'draft') : source.state),
    draftLabel: 'DRAFT — NOT FOR RELEASE',
    labels: { page: 'Page', of: 'of' },
    footer: {
      version: source.versionId ? `Version ${source.versionId}` : `Unsaved text (update ${source.uptoSeq})`,
      hash: `Content SHA-256 ${source.contentHash.slice(0, 12)}`,
      state: STATE_LABELS[source.state],
      audit: `Audit log head ${settings.auditHead}`,
    },
    body: JSON.parse(source.contentJson) as ProseMirrorNode,
  };
}
