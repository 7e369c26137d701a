/** A piece of one side's text: a word, a run of spaces, or one punctuation mark, with its place in that text. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A run of a diff: equal on both sides, or a hunk (what was deleted and what was inserted in its place). */
export type Hunk = { op: 'equal'; a: [number, number]; b: [number, number] } | { op: 'change'; a: [number, number]; b: [number, number] };

const TOKEN = /[\p{L}\p{M}\p{N}_]+|\s+|[^\p{L}\p{M}\p{N}_\s]/gu;

/** Words, spaces and punctuation: the unit a reader sees change (a changed letter shows its whole word). */
export function tokenize(text: string): Token[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** Past this many cells the middle of a block is shown as replaced whole rather than compared word by word. */
const MAX_CELLS = 4_000_000;

/**
 * The longest common subsequence of two sequences of keys, as pairs of indexes. Common
 * prefix and suffix are matched first, so a small edit in a long text costs little.
 */
export function commonSubsequence<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean = (x, y) => x === y): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && same(a[head]!, b[head]!)) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && same(a[a.length - 1 - tail]!, b[b.length - 1 - tail]!)) tail++;
  const pairs: [number, number][] = [];
  for (let i = 0; i < head; i++) pairs.push([i, i]);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_CELLS) {
    // lengths[i][j]: the LCS of a[head+i..] and b[head+j..], in one flat array.
    const w = m + 1;
    const lengths = new Uint32Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lengths[i * w + j] = same(a[head + i]!, b[head + j]!)
          ? lengths[(i + 1) * w + j + 1]! + 1
          : Math.max(lengths[(i + 1) * w + j]!, lengths[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (same(a[head + i]!, b[head + j]!)) pairs.push([head + i++, head + j++]);
      else if (lengths[(i + 1) * w + j]! >= lengths[i * w + j + 1]!) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}

/**
 * Word-level diff of two texts, as runs over character ranges of each side. A run of spaces
 * left between two changes joins them, so "a b c" → "x y z" reads as one replacement, not
 * three.
 */
export function diffWords(a: string, b: string): Hunk[] {
  const ta = tokenize(a);
  const tb = tokenize(b);
  const pairs = commonSubsequence(
    ta.map((t) => t.text),
    tb.map((t) => t.text),
  );
  // Runs over token indexes first.
  type Run = { equal: boolean; a: [number, number]; b: [number, number] };
  const runs: Run[] = [];
  let i = 0;
  let j = 0;
  const add = (equal: boolean, ai: number, bj: number) => {
    if (ai === i && bj === j) return;
    const last = runs.at(-1);
    if (last && last.equal === equal) {
      last.a[1] = ai;
      last.b[1] = bj;
    } else runs.push({ equal, a: [i, ai], b: [j, bj] });
    i = ai;
    j = bj;
  };
  for (const [pa, pb] of pairs) {
    add(false, pa, pb);
    add(true, pa + 1, pb + 1);
  }
  add(false, ta.length, tb.length);
  // Spaces alone between two changes belong to the change.
  const merged: Run[] = [];
  for (let k = 0; k < runs.length; k++) {
    const run = runs[k]!;
    const onlySpaces = run.equal && k > 0 && k < runs.length - 1 && ta.slice(run.a[0], run.a[1]).every((t) => /^\s+$/u.test(t.text));
    const last = merged.at(-1);
    if (last && !last.equal && (!run.equal || onlySpaces)) {
      last.a[1] = run.a[1];
      last.b[1] = run.b[1];
    } else merged.push({ equal: run.equal && !onlySpaces, a: [...run.a], b: [...run.b] });
  }
  const at = (tokens: Token[], text: string, k: number) => (k < tokens.length ? tokens[k]!.start : text.length);
  return merged.map((r) => ({
    op: r.equal ? 'equal' : 'change',
    a: [at(ta, a, r.a[0]), at(ta, a, r.a[1])],
    b: [at(tb, b, r.b[0]), at(tb, b, r.b[1])],
  }));
}
