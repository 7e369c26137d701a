/** Counts for the editor's status bar, by the rules of the document's language. */
export interface TextCounts {
  words: number;
  /** User-perceived characters (grapheme clusters), spaces included. */
  characters: number;
}

const segmenters = new Map<string, { words: Intl.Segmenter; graphemes: Intl.Segmenter }>();

function segmentersFor(language: string) {
  let s = segmenters.get(language);
  if (!s) {
    s = { words: new Intl.Segmenter(language, { granularity: 'word' }), graphemes: new Intl.Segmenter(language, { granularity: 'grapheme' }) };
    segmenters.set(language, s);
  }
  return s;
}

/**
 * Words as Intl.Segmenter finds them in `language` ("oʻzbek" and "Ərzaq-ərzaq" are one word
 * each where the language says so), and characters as a reader counts them ("ё" written as
 * "е" + U+0308 is one).
 */
export function countText(text: string, language: string): TextCounts {
  const { words, graphemes } = segmentersFor(language);
  let wordCount = 0;
  for (const s of words.segment(text)) if (s.isWordLike) wordCount++;
  let characters = 0;
  for (const _ of graphemes.segment(text)) characters++;
  return { words: wordCount, characters };
}

/** Default delivery pace of a speech, in words per minute (an unhurried official address). */
export const DEFAULT_WORDS_PER_MINUTE = 130;

/** Estimated speaking time in whole seconds. */
export function speakingSeconds(words: number, wordsPerMinute: number): number {
  if (!(wordsPerMinute > 0)) return 0;
  return Math.round((words / wordsPerMinute) * 60);
}

/** "4 min 05 s", "45 s". */
export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m === 0 ? `${s} s` : `${m} min ${String(s).padStart(2, '0')} s`;
}
