import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { countText, type TextCounts } from '@/lib/text/counts';

/**
 * What one node adds to the document's counts. `units` are the pieces that
 * `doc.textBetween(0, size, '\n', '\n')` separates with one "\n" (textblocks, and block
 * leaves such as a horizontal rule, which read as "\n" themselves); `startsLF`/`endsCR`
 * tell whether a "\r" at the end of one piece and the "\n" after it make one character.
 */
interface Tally extends TextCounts {
  units: number;
  /** "\r" + separator pairs inside this node (each is one grapheme, not two). */
  joins: number;
  endsCR: boolean;
}

/** How many textblocks were segmented since the page loaded (tests and the bench read it: the cache's effect). */
export const documentCountStats = { blocksSegmented: 0 };

const EMPTY: Tally = { words: 0, characters: 0, units: 0, joins: 0, endsCR: false };

/** One cache per language (a word is what the language's segmenter says it is). */
const caches = new Map<string, WeakMap<ProseMirrorNode, Tally>>();

function cacheFor(language: string): WeakMap<ProseMirrorNode, Tally> {
  let cache = caches.get(language);
  if (!cache) {
    cache = new WeakMap();
    caches.set(language, cache);
  }
  return cache;
}

/**
 * The words and characters of a ProseMirror document, exactly as `countText` finds them in
 * `doc.textBetween(0, doc.content.size, '\n', '\n')`, at the cost of the blocks that
 * changed. ProseMirror nodes are immutable and an edit shares every untouched node with the
 * previous document (so does the Yjs binding for a colleague's edit), so each node's counts
 * are cached by identity: after a keystroke only the edited paragraph is segmented again, and
 * its ancestors add up their children's cached counts. The "\n" between blocks always ends a
 * word and a character (Unicode's word and grapheme rules break around it; only "\r\n" joins,
 * which `joins` accounts for), so the sum of the parts is the count of the whole.
 */
export function countDocument(doc: ProseMirrorNode, language: string): TextCounts {
  const t = tally(doc, cacheFor(language), language);
  return { words: t.words, characters: t.characters + Math.max(0, t.units - 1) - t.joins };
}

function tally(node: ProseMirrorNode, cache: WeakMap<ProseMirrorNode, Tally>, language: string): Tally {
  const cached = cache.get(node);
  if (cached) return cached;
  let result: Tally;
  if (node.isTextblock) {
    const text = node.textBetween(0, node.content.size, '\n', '\n');
    documentCountStats.blocksSegmented++;
    result = { ...countText(text, language), units: 1, joins: 0, endsCR: text.endsWith('\r') };
  } else if (node.isLeaf) {
    // A block leaf reads as "\n" (its own unit); an inline leaf only occurs inside textblocks.
    result = node.isBlock ? { words: 0, characters: 1, units: 1, joins: 0, endsCR: false } : EMPTY;
  } else {
    result = { ...EMPTY };
    node.forEach((child) => {
      const part = tally(child, cache, language);
      if (part.units === 0) return;
      if (result.units > 0 && result.endsCR) result.joins++;
      result.words += part.words;
      result.characters += part.characters;
      result.units += part.units;
      result.joins += part.joins;
      result.endsCR = part.endsCR;
    });
  }
  cache.set(node, result);
  return result;
}

/**
 * `countDocument`, but only while `hasTime()` says so: each paragraph not yet counted is
 * segmented only when there is time left, and null means "not finished, call again". What
 * was counted stays in the cache, so the next call goes on from there (an edit meanwhile
 * shares its untouched paragraphs with this document). For the open of a long text: its
 * first count is spread over idle moments instead of one long task before the first frame.
 */
export function countDocumentWithin(doc: ProseMirrorNode, language: string, hasTime: () => boolean): TextCounts | null {
  const cache = cacheFor(language);
  return warm(doc, cache, language, hasTime) ? countDocument(doc, language) : null;
}

/** Fills the cache under `node` while there is time; true when all of it is counted. */
function warm(node: ProseMirrorNode, cache: WeakMap<ProseMirrorNode, Tally>, language: string, hasTime: () => boolean): boolean {
  if (cache.has(node) || node.isLeaf) return true;
  if (node.isTextblock) {
    if (!hasTime()) return false;
    tally(node, cache, language);
    return true;
  }
  for (let i = 0; i < node.childCount; i++) if (!warm(node.child(i), cache, language, hasTime)) return false;
  return true;
}
