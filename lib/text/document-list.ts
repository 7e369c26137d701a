import { DOCUMENT_STATES, type DocumentState } from '@/lib/workflow/states';
import { COMMON_LANGUAGES, DOCUMENT_KINDS, canonicalLanguageTag, type DocumentKind } from './document';

/** How the document list can be ordered. */
export const LIST_SORTS = ['updated', 'title', 'title-desc'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export const SORT_LABELS: Record<ListSort, string> = {
  updated: 'Newest edit first',
  title: 'Title A–Z',
  'title-desc': 'Title Z–A',
};

/** The states a list may be filtered by (archived documents are not listed). */
export const LISTED_STATES = DOCUMENT_STATES.filter((s) => s !== 'archived');

/** A request for the document list: `?q=&kind=&language=&state=&sort=&collation=&page=`. */
export interface DocumentListQuery {
  /**
   * Words that must all appear in the title, dateline, body or released body, folded
   * (lib/text/fold.ts), the last one as the start of a word.
   */
  q: string | null;
  kind: DocumentKind | null;
  language: string | null;
  state: DocumentState | null;
  sort: ListSort;
  /**
   * The alphabet titles are ordered in (a BCP 47 tag for Intl.Collator). When absent: the
   * language filter's, else the reader's language, else English.
   */
  collation: string | null;
  /** 1-based page of the list as the page shows it (the API returns every match). */
  page: number;
}

/** Query parameters as URLSearchParams or as Next's searchParams object. */
export type QueryParams = URLSearchParams | Record<string, string | string[] | undefined>;

/**
 * Reads list parameters. Empty values mean "any". Returns the query and a sentence for each
 * parameter that was not acceptable (the API answers 400 with them; the page ignores them).
 */
export function parseDocumentListQuery(params: QueryParams): { query: DocumentListQuery; problems: string[]; unacceptable: string[] } {
  const get = (name: string): string | null => {
    const raw = params instanceof URLSearchParams ? params.get(name) : params[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    return value?.trim() ? value.trim() : null;
  };
  const problems: string[] = [];
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = get(name);
    if (value === null) return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')}.`);
    return null;
  };
  const tag = (name: string): string | null => {
    const value = get(name);
    if (value === null) return null;
    const canonical = value.length <= 35 ? canonicalLanguageTag(value) : null;
    if (!canonical) problems.push(`${name} must be a language tag such as az, kk or en.`);
    return canonical;
  };
  const q = get('q');
  // Well formed but too long: the API answers 422 with it.
  const unacceptable = q && q.length > 200 ? ['The search must be at most 200 characters.'] : [];
  const pageText = get('page');
  const page = pageText === null ? 1 : Number(pageText);
  if (!Number.isInteger(page) || page < 1) problems.push('page must be a whole number from 1.');
  return {
    query: {
      q: q && q.length <= 200 ? q : null,
      kind: oneOf('kind', DOCUMENT_KINDS),
      language: tag('language'),
      state: oneOf('state', LISTED_STATES),
      sort: oneOf('sort', LIST_SORTS) ?? 'updated',
      collation: tag('collation'),
      page: Number.isInteger(page) && page >= 1 ? page : 1,
    },
    problems,
    unacceptable,
  };
}

/**
 * A title comparator in the alphabet of `locale`: in Azerbaijani C < Ç, H < X < I < İ,
 * K < Q; in Turkish I (dotless) < İ; in Kazakh А < Ә, К < Қ, О < Ө. Numbers compare by
 * value ("No. 2" before "No. 10"). An unusable tag falls back to English.
 */
export function titleCollator(locale: string | null): Intl.Collator {
  try {
    return new Intl.Collator(locale ?? 'en', { numeric: true, usage: 'sort' });
  } catch {
    return new Intl.Collator('en', { numeric: true, usage: 'sort' });
  }
}

/**
 * The collation to use when none was chosen: the language filter's, else the first
 * language of the reader's Accept-Language that Intl knows, else English.
 */
export function defaultCollation(query: Pick<DocumentListQuery, 'collation' | 'language'>, acceptLanguage: string | null): string {
  if (query.collation) return query.collation;
  if (query.language) return query.language;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = canonicalLanguageTag(part.split(';')[0]!.trim());
    if (tag && tag !== '*' && Intl.Collator.supportedLocalesOf([tag]).length > 0) return tag;
  }
  return 'en';
}

/** A language's own name for itself ("Azərbaycan dili", "Қазақ тілі"), else the tag. */
export function languageName(tag: string): string {
  const known = COMMON_LANGUAGE_NAMES.get(tag);
  if (known) return known;
  try {
    const name = new Intl.DisplayNames([tag], { type: 'language' }).of(tag);
    return name && name !== tag ? name.charAt(0).toLocaleUpperCase(tag) + name.slice(1) : tag;
  } catch {
    return tag;
  }
}

const COMMON_LANGUAGE_NAMES = new Map(COMMON_LANGUAGES.map((l) => [l.tag, l.name]));
