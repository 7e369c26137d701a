import { ownLanguageName } from '@/lib/languages/tags';
import type { LetterheadLogo, StatementFrame, StatementInput } from './statement-data';

/** One column of the bilingual PDF: what the plain PDF prints above and below one text, in that text's language. */
export interface BilingualColumn {
  /** BCP 47 primary tag (shaping, quotes, line breaking of this column). */
  lang: string;
  /** The column's heading: the language's name in that language ("azərbaycan dili" → "Azərbaycan", "қазақ тілі" → "Қазақ тілі"). */
  language: string;
  kind: string;
  embargo: string | null;
  title: string;
  dateline: string;
  /** A draft's open suggestions, printed rejected (as in the plain PDF): the sentence saying how many. */
  suggestions?: string;
  verification: { code: string; hash: string; verifyAt: string; href: string };
}

/** The frame of the bilingual PDF: letterhead, page marks, and the two columns (the master first). */
export interface BilingualFrame {
  org: string;
  logo: LetterheadLogo | null;
  /** True while either text is before approval: every page carries the DRAFT mark. */
  draft: boolean;
  draftLabel: string;
  pageOf: [string, string, string];
  classification: string;
  /** The audit log's head, printed once after the texts. */
  audit: string;
  columns: [BilingualColumn, BilingualColumn];
}

/** What the renderer receives: the frame, and each body as the canonical JSON string it already is. */
export interface BilingualInput {
  frame: BilingualFrame;
  masterJson: string;
  translationJson: string;
}

function column(frame: StatementFrame): BilingualColumn {
  const { code, hash, verifyAt, href } = frame.verification;
  return {
    lang: frame.lang,
    language: ownLanguageName(frame.lang),
    kind: frame.kind,
    embargo: frame.embargo,
    title: frame.title,
    dateline: frame.dateline,
    ...(frame.suggestions ? { suggestions: frame.suggestions } : {}),
    verification: { code, hash, verifyAt, href },
  };
}

/**
 * The bilingual PDF (issue 23) from the two statements the plain PDF would print, each built
 * by statementInput with its own labels and each draft's open suggestions already rejected:
 * the master on the left, the translation on the right, each with its own kind, title,
 * dateline, embargo and verification lines. The page marks follow the stricter of the two:
 * DRAFT (in both languages when they differ) while either text is before approval, else a
 * pending embargo; page numbers are in the translation's language, for the delegation that
 * reads it.
 */
export function bilingualInput(master: StatementInput, translation: StatementInput): BilingualInput {
  const [m, t] = [master.frame, translation.frame];
  const draft = m.draft || t.draft;
  const draftLabel = m.draftLabel === t.draftLabel ? t.draftLabel : `${m.draftLabel} / ${t.draftLabel}`;
  return {
    frame: {
      org: t.org,
      logo: t.logo,
      draft,
      draftLabel,
      pageOf: t.pageOf,
      classification: draft ? draftLabel : (t.embargo ?? m.embargo ?? ''),
      audit: t.verification.audit,
      columns: [column(m), column(t)],
    },
    masterJson: master.bodyJson,
    translationJson: translation.bodyJson,
  };
}
