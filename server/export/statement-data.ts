import type { DocumentKind } from '@/lib/text/document';
import { formatDateline, formatInZone } from '@/lib/text/dates';
import { exportLabels, fillLabel } from '@/lib/text/export-labels';
import type { DocumentState } from '@/lib/workflow/states';

/** The organisation's letterhead logo (admin setting): its bytes and their format. */
export interface LetterheadLogo {
  type: 'png' | 'svg';
  bytes: Uint8Array;
}

/**
 * Everything an exported statement shows except its body, as plain data: letterhead,
 * labels (in the document's language), footer and the last page's verification block. The PDF template reads it as JSON
 * (`sys.inputs.data`) and the DOCX writer walks the same shape, so both formats print the
 * same letterhead, labels and footer.
 */
export interface StatementFrame {
  org: string;
  /** The letterhead logo; the PDF template gets only its type, and its bytes under a fixed name. */
  logo: LetterheadLogo | null;
  /** "PRESS RELEASE", "BƏYANAT", … */
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
  /** "Page X of Y" around the two numbers: ["Page ", " of ", ""], ["Страница ", " из ", ""]. */
  pageOf: [string, string, string];
  /**
   * What every page's footer prints beside its number: the DRAFT mark before approval, the
   * embargo line while one is pending, else "" (a released text carries no classification).
   */
  classification: string;
  /**
   * Printed once, in small type, at the end of the text (so on the last page), never in a
   * footer: the short code, the content's full SHA-256, the public page that checks it
   * (`href`: `<origin>/verify/<hash>`), and the audit log's head for `audit:verify --head`.
   */
  verification: { code: string; hash: string; verifyAt: string; href: string; audit: string };
  /**
   * PDF of a draft with open suggestions (issue 21): the sentence saying how many are open
   * (the body is then printed with all of them rejected). Absent otherwise.
   */
  suggestions?: string;
  /** Open comment threads to write as Word comments (DOCX "with comments" only; never printed in a PDF). */
  comments?: ExportThread[];
}

/** An open comment thread on the plain-text range [from, to) of the body (server/export/docx-comments.ts). */
export interface ExportThread {
  from: number;
  to: number;
  comments: { author: string; at: string; body: string }[];
}

/** The whole statement as the DOCX writer and the template see it. */
export interface StatementData extends StatementFrame {
  /** The body: canonical ProseMirror JSON (a `doc` node). */
  body: ProseMirrorNode;
}

/** What the renderer receives: the frame, and the body as the canonical JSON string it already is. */
export interface StatementInput {
  frame: StatementFrame;
  bodyJson: string;
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
  logo: LetterheadLogo | null;
  timeZone: string;
  /** The audit log's head when the export was made, as `seq:hash` (audit:verify -- --head takes it). */
  auditHead: string;
  /** Where this app is reached (`https://press.example.org`): the verification URL starts with it. */
  origin: string;
}

const BEFORE_APPROVAL: ReadonlySet<DocumentState> = new Set(['draft', 'in_review']);

/** True when the text has not been approved: its export must say DRAFT. */
export function isBeforeApproval(state: DocumentState): boolean {
  return BEFORE_APPROVAL.has(state);
}

/** The short verification code of a text: the first 12 hex digits of its SHA-256 (what the history page shows). */
export function shortCode(contentHash: string): string {
  return contentHash.slice(0, 12);
}

/** Splits a "Page {page} of {pages}" label into the text around the two numbers. */
function pageParts(label: string): [string, string, string] {
  const [before = '', rest = ''] = label.split('{page}');
  const [between = '', after = ''] = rest.split('{pages}');
  return [before, between, after];
}

/**
 * Builds what an export prints from the text being exported and the organisation's
 * settings. Fixed words come in the document's language (lib/text/export-labels.ts); the
 * body is passed on as its canonical JSON string, never parsed here (on the event loop).
 */
export function statementInput(source: ExportSource, settings: ExportSettings): StatementInput {
  const dateline = source.datelinePlace || source.datelineDate ? { place: source.datelinePlace ?? '', date: source.datelineDate } : null;
  const lang = source.language.split('-')[0]!.toLowerCase();
  const labels = exportLabels(source.language);
  const upper = (text: string) => {
    try {
      return text.toLocaleUpperCase(lang);
    } catch {
      return text.toUpperCase();
    }
  };
  let embargoTime: string | null = null;
  if (source.embargoUntil) {
    const iso = source.embargoUntil.toISOString();
    try {
      embargoTime = formatInZone(iso, settings.timeZone, lang === 'en' ? 'en-GB' : source.language);
    } catch {
      embargoTime = formatInZone(iso, settings.timeZone);
    }
  }
  const embargo = embargoTime === null ? null : fillLabel(labels.embargo, { time: embargoTime });
  const draft = isBeforeApproval(source.state === 'archived' ? (source.archivedFrom ?? 'draft') : source.state);
  const href = `${settings.origin.replace(/\/+$/, '')}/verify/${source.contentHash}`;
  return {
    frame: {
      org: settings.orgName,
      logo: settings.logo,
      kind: upper(labels.kinds[source.kind]),
      embargo,
      title: source.title,
      dateline: formatDateline(dateline, source.language),
      lang,
      draft,
      draftLabel: labels.draft,
      pageOf: pageParts(labels.pageOf),
      classification: draft ? labels.draft : (embargo ?? ''),
      verification: {
        code: fillLabel(labels.code, { code: shortCode(source.contentHash) }),
        hash: fillLabel(labels.contentHash, { hash: source.contentHash }),
        verifyAt: fillLabel(labels.verifyAt, { url: href }),
        href,
        audit: fillLabel(labels.auditHead, { hash: settings.auditHead }),
      },
    },
    bodyJson: source.contentJson,
  };
}
