/**
 * Search folding: every word reduced to one Latin key, so that what a person types without
 * the keyboard layout finds the text as it was written ("teskilat" finds "təşkilat", "cixis"
 * finds "çıxış") and Latin finds Cyrillic ("qazaxstan" finds "Қазақстан"). Isomorphic: the
 * server folds what it indexes and what is asked with the same functions, and the snippet
 * marks the words whose keys matched.
 */

/** Letters folded before marks are stripped: Turkic Latin, Kazakh Cyrillic, and what Unicode does not decompose. */
const LETTERS: Readonly<Record<string, string>> = {
  ə: 'e',
  ı: 'i',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ð: 'd',
  // Kazakh letters to the Cyrillic letter a person types without the layout.
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
};

/** Cyrillic (Russian, Kazakh, Kyrgyz, after the folds above) to Latin, as Turkic Latin alphabets write the sounds. */
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'x',
  ц: 'ts',
  ч: 'c',
  ш: 's',
  щ: 's',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Apostrophes that are part of a word in Uzbek and Turkmen Latin (Oʻzbekiston) and are dropped. */
const APOSTROPHES = /[ʻʼ’'`]/g;

/**
 * One word's key in the shared Latin alphabet, after `foldText`: digraphs that spell one
 * sound in English or Russian transliteration (kh, sh, ch, zh) become the Turkic letter,
 * and the velar and uvular stops (k, q, x) become k. "Qazaxstan", "Қазақстан",
 * "Казахстан" and "Kazakhstan" all give "kazakstan"; "çıxış" and Turkish "çıkış" both
 * "cikis". The price is that a few unrelated words share a key (a search finds a little
 * more, never less).
 */
function latinKey(word: string): string {
  return word.replace(/kh/g, 'x').replace(/sh/g, 's').replace(/ch/g, 'c').replace(/zh/g, 'j').replace(/[qx]/g, 'k');
}

/**
 * Folds text for comparison, keeping its script: lower-cased by locale-independent rules
 * (İ and I both become i), ə→e, ı→i, Kazakh letters to their plain Cyrillic (ә→а, ғ→г, қ→к,
 * ң→н, ө→о, ұ/ү→у, һ→х, і→и), marks removed after canonical decomposition (ö→o, ü→u, ğ→g,
 * ş→s, ç→c, ő→o, ű→u, é→e …) and word-internal apostrophes (ʻ ’) dropped.
 */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').toLowerCase()) out += LETTERS[ch] ?? ch;
  return out.normalize('NFKD').replace(/\p{M}/gu, '').replace(APOSTROPHES, '');
}

/** A word's search key: folded, Cyrillic written in Latin, and the Latin key's digraphs and stops merged. */
export function searchKey(word: string): string {
  let out = '';
  for (const ch of foldText(word)) out += CYRILLIC[ch] ?? ch;
  return latinKey(out);
}

/** A word of a text with its search key and where it stands (UTF-16 offsets, end exclusive). */
export interface SearchWord {
  key: string;
  start: number;
  end: number;
}

/** Letters, digits and marks, joined by the apostrophes a word may carry inside it (Oʻzbekiston, don't). */
const WORD = /[\p{L}\p{N}\p{M}]+(?:[ʻʼ’'`][\p{L}\p{N}\p{M}]+)*/gu;

/**
 * Words' keys as computed lately. A text is indexed again each time its writing pauses, once
 * more when it leaves memory, and with every version, and a long text's words repeat: at 60
 * pages a key costs about 3.5 µs to compute (two normalisations and five replacements) and
 * 25,000 words cost the event loop 90 ms; looked up, about 2 ms (docs/PERFORMANCE.md, "A long
 * text leaving memory"). Bounded: emptied when full, so a hostile text of distinct words costs
 * at most this many entries (a few MB).
 */
const KEY_CACHE_LIMIT = 50_000;
const keyCache = new Map<string, string>();

function cachedSearchKey(word: string): string {
  let key = keyCache.get(word);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    key = searchKey(word);
    keyCache.set(word, key);
  }
  return key;
}

/** The words of `text` with their keys (words whose key is empty, such as a lone ь, are left out). */
export function searchWords(text: string): SearchWord[] {
  const words: SearchWord[] = [];
  for (const m of text.matchAll(WORD)) {
    const key = cachedSearchKey(m[0]);
    if (key) words.push({ key, start: m.index, end: m.index + m[0].length });
  }
  return words;
}

/** What the database indexes for a text: its words' keys separated by spaces. */
export function searchKeys(text: string): string {
  return searchWords(text)
    .map((w) => w.key)
    .join(' ');
}

/**
 * A search as keys: every one must begin a word of the text (`termPrefixes`: or the key with
 * its last consonant softened). Prefixes, not whole words,
 * because Azerbaijani, Turkish, Kazakh and Uzbek add suffixes to every word ("təşkilat" is
 * also "təşkilatlar", "təşkilatın", "təşkilatlarımız") and because the last word may still
 * be being typed. Keys hold letters and digits only, so no full-text syntax can reach the
 * database through them.
 */
export interface SearchTerms {
  keys: string[];
}

/** The terms of a typed search (at most 16 words); null when it holds no word at all. */
export function searchTerms(q: string): SearchTerms | null {
  const keys = [...new Set(searchWords(q).map((w) => w.key))].slice(0, 16);
  return keys.length === 0 ? null : { keys };
}

/**
 * The last consonant of a word that Turkic languages soften before a suffix that begins with a
 * vowel, as keys spell it, and what it becomes: Azerbaijani "əməkdaşlıq" is "əməkdaşlığın",
 * "təhlükəsizlik" "təhlükəsizliyi"; Turkish "kitap" "kitabı", "kanat" "kanadı"; Kazakh
 * "тілек" "тілегі"; Uzbek "qishloq" "qishlogʻi". Only for keys this long or longer: a short
 * start of a word is still being typed.
 */
const SOFTENED: Readonly<Record<string, readonly string[]>> = { k: ['g', 'y'], t: ['d'], p: ['b'] };
const SOFTENED_FROM = 4;

/**
 * The prefixes one term of a search tries, any of which may begin a word: the key itself and,
 * when it ends in a consonant a suffix softens, the key with that consonant softened. So the
 * dictionary form of a word finds it however it is declined (a search finds a little more,
 * never less).
 */
export function termPrefixes(key: string): string[] {
  const soft = key.length >= SOFTENED_FROM ? SOFTENED[key.at(-1)!] : undefined;
  return soft ? [key, ...soft.map((c) => key.slice(0, -1) + c)] : [key];
}

/** Whether a word's key answers one of the terms (begins with one of its prefixes). */
export function keyMatches(key: string, terms: SearchTerms): boolean {
  return terms.keys.some((k) => termPrefixes(k).some((prefix) => key.startsWith(prefix)));
}

/** A passage of a text with the words that matched: `highlights` are [start, end) offsets into `text`. */
export interface Snippet {
  text: string;
  highlights: [number, number][];
}

/**
 * The passage of `text` (about `width` words) with the most matching words, cut at word
 * boundaries, with "…" where it was cut; each matched word's offsets into the passage. The
 * words are marked by offsets, not markup, so nothing in the text can be taken for HTML.
 * Null when no word matches.
 */
export function snippetOf(text: string, terms: SearchTerms, width = 24): Snippet | null {
  const words = searchWords(text);
  const hits = words.map((w, i) => (keyMatches(w.key, terms) ? i : -1)).filter((i) => i >= 0);
  if (hits.length === 0) return null;
  // The window of `width` words starting a few words before a hit that holds the most hits.
  let best = { from: 0, count: 0 };
  for (const hit of hits) {
    const from = Math.max(0, hit - 4);
    const count = hits.filter((h) => h >= from && h < from + width).length;
    if (count > best.count) best = { from, count };
  }
  const first = words[best.from]!;
  const last = words[Math.min(words.length, best.from + width) - 1]!;
  const start = best.from === 0 ? 0 : first.start;
  const end = best.from + width >= words.length ? text.length : last.end;
  const lead = start > 0 ? '…' : '';
  const passage = text.slice(start, end).replace(/\s+/g, ' ').trim();
  // Offsets are recomputed on the passage itself (white space was collapsed).
  const highlights: [number, number][] = searchWords(passage)
    .filter((w) => keyMatches(w.key, terms))
    .map((w) => [w.start + lead.length, w.end + lead.length]);
  return { text: `${lead}${passage}${end < text.length ? '…' : ''}`, highlights };
}
