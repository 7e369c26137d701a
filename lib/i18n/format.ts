import { IntlMessageFormat } from 'intl-messageformat';

/**
 * ICU messages formatted outside React (API error sentences, refusals): the same syntax
 * next-intl reads in components, through the same library it builds on (intl-messageformat).
 */

/** A catalogue: nested objects whose leaves are ICU message strings. */
export interface Catalogue {
  [key: string]: string | Catalogue;
}

/**
 * A message named by its key (`errors.forbidden`) and the values it needs. `languages` are
 * values that are language tags: each is written as the language's name in the message's
 * own language ("Kazakh", "казахский", "qazax"), so a sentence names a language as its reader
 * would. A `parts` value is a list of messages, each formatted in the same language.
 */
export interface MessageRef {
  key: string;
  values?: Record<string, string | number>;
  languages?: Record<string, string>;
  /** Values that are lists of messages (the reasons a step waits), each in the same language, joined by "; ". */
  parts?: Record<string, MessageRef[]>;
}

/** A language's name in `locale`, or the tag itself when Intl has none. */
function languageNameIn(locale: string, tag: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: 'language', fallback: 'code' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}

/** The message string at a dotted key, or undefined. */
export function messageAt(catalogue: Catalogue, key: string): string | undefined {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

const compiled = new Map<string, IntlMessageFormat>();

/** Formats the message at `ref.key` in `locale`, or returns undefined when the catalogue lacks it. */
export function formatMessage(catalogue: Catalogue, locale: string, ref: MessageRef): string | undefined {
  const message = messageAt(catalogue, ref.key);
  if (message === undefined) return undefined;
  const cacheKey = `${locale}\0${message}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    format = new IntlMessageFormat(message, locale);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(cacheKey, format);
  }
  if (!ref.languages && !ref.parts) return String(format.format(ref.values));
  const names = Object.fromEntries(Object.entries(ref.languages ?? {}).map(([name, tag]) => [name, languageNameIn(locale, tag)]));
  const lists = Object.fromEntries(
    Object.entries(ref.parts ?? {}).map(([name, refs]) => [name, refs.map((part) => formatMessage(catalogue, locale, part) ?? part.key).join('; ')]),
  );
  return String(format.format({ ...ref.values, ...names, ...lists }));
}

/** Every leaf key of a catalogue, dotted, in order. */
export function catalogueKeys(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : catalogueKeys(v, `${prefix}${k}.`)));
}

/** The pseudo-locale's catalogue (tests only): every message of `source` wrapped in ⟦ ⟧. */
export function pseudoCatalogue(source: Catalogue): Catalogue {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, typeof v === 'string' ? `⟦${v}⟧` : pseudoCatalogue(v)]));
}
