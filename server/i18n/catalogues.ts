import fs from 'node:fs';
import path from 'node:path';
import compile from 'icu-minify/compile';
import type { CompiledMessage } from 'icu-minify/format';
import { type Catalogue, type MessageRef, formatMessage, messageAt, pseudoCatalogue } from '@/lib/i18n/format';
import { DEFAULT_LOCALE } from '@/lib/i18n/negotiate';

/**
 * The interface's catalogues: one file per language in messages/ (messages/<locale>.json),
 * and nothing else names the languages. A new file is a new language on the next start:
 * the picker lists it (by its `meta.name`), PATCH /api/me accepts it, Accept-Language can
 * choose it. tests/unit… (lib/i18n/catalogues.test.ts) holds every file to en.json's keys.
 */

/**
 * The pseudo-locale, for tests only (PSEUDO_LOCALE=true): English with every message
 * wrapped in ⟦ ⟧, so that a page rendered in it shows any text that did not come from a
 * catalogue. en-XA is the tag the industry uses for such accented English.
 */
export const PSEUDO_LOCALE = 'en-XA';

const DIR = path.join(process.cwd(), 'messages');
let files: Map<string, Catalogue> | null = null;

/** The catalogue files, read once per process. */
function catalogues(): Map<string, Catalogue> {
  if (files) return files;
  const found = new Map<string, Catalogue>();
  for (const name of fs.readdirSync(DIR).sort()) {
    const match = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.json$/.exec(name);
    if (match) found.set(match[1]!, JSON.parse(fs.readFileSync(path.join(DIR, name), 'utf8')) as Catalogue);
  }
  if (!found.has(DEFAULT_LOCALE)) throw new Error(`messages/${DEFAULT_LOCALE}.json is missing: it is the source catalogue`);
  files = found;
  return found;
}

/** The interface languages: one per catalogue file, and the pseudo-locale when tests asked for it. */
export function supportedLocales(options: { pseudo?: boolean } = {}): string[] {
  const locales = [...catalogues().keys()];
  return options.pseudo ? [...locales, PSEUDO_LOCALE] : locales;
}

/** The pseudo-locale's catalogue, made once from English's. */
let pseudo: Catalogue | null = null;

/** The messages of a supported locale (English for anything else). */
export function messagesFor(locale: string): Catalogue {
  const all = catalogues();
  if (locale === PSEUDO_LOCALE) return (pseudo ??= pseudoCatalogue(all.get(DEFAULT_LOCALE)!));
  return all.get(locale) ?? all.get(DEFAULT_LOCALE)!;
}

/** A catalogue with every message compiled for icu-minify's formatter. */
export type CompiledCatalogue = { [key: string]: CompiledMessage | CompiledCatalogue };

/** By catalogue (`messagesFor` gives each locale's one object, English's for any other): each compiled once. */
const compiledCatalogues = new Map<Catalogue, CompiledCatalogue>();

/**
 * The messages of a supported locale as next-intl takes them (i18n/request.ts): each one
 * compiled once per process, so that neither the server's render nor the browser parses ICU
 * syntax (next.config.js: next-intl's formatter without a parser). What they say is `messagesFor`'s, word for word.
 */
export function compiledMessagesFor(locale: string): CompiledCatalogue {
  const catalogue = messagesFor(locale);
  let compiled = compiledCatalogues.get(catalogue);
  if (!compiled) compiledCatalogues.set(catalogue, (compiled = compileCatalogue(catalogue)));
  return compiled;
}

/** Plain JSON objects: icu-minify makes a plural's or select's cases an object without a prototype, which React does not pass to the browser. */
function compileCatalogue(catalogue: Catalogue): CompiledCatalogue {
  return Object.fromEntries(
    Object.entries(catalogue).map(([k, v]) => [k, typeof v === 'string' ? (JSON.parse(JSON.stringify(compile(v))) as CompiledMessage) : compileCatalogue(v)]),
  );
}

/** Each language as the picker lists it: its tag and its name in itself ("Azərbaycanca"). */
export function languageChoices(locales: readonly string[]): { locale: string; name: string }[] {
  return locales.map((locale) => ({ locale, name: messageAt(messagesFor(locale), 'meta.name') ?? locale }));
}

/** A message in `locale`, falling back to English when the catalogue lacks it (never a key). */
export function translate(locale: string, ref: MessageRef): string | undefined {
  return formatMessage(messagesFor(locale), locale, ref) ?? formatMessage(messagesFor(DEFAULT_LOCALE), DEFAULT_LOCALE, ref);
}
