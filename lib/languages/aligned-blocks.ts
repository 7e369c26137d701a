import { canonicalContentJson } from '@/lib/editor/content';
import { canonicalJson } from '@/lib/text/canonical-json';

/**
 * How one top-level block of the live master compares with the master text a translation
 * was aligned with: the same block is there (`same`), it is new (`added`), or it stands
 * where a block of the aligned text stood that is gone (`changed`: its words or its
 * formatting moved).
 */
export type BlockMark = 'same' | 'added' | 'changed';

/**
 * Each top-level block of a body (ProseMirror JSON) in its canonical form (the form the
 * content hash is taken of), so that two blocks compare equal exactly when they are the
 * same words with the same formatting. Throws on content the editor schema does not know.
 */
export function blockKeys(body: unknown): string[] {
  const doc = JSON.parse(canonicalContentJson(body)) as { content?: unknown[] };
  return (doc.content ?? []).map((block) => canonicalJson(block));
}

/** Above this many cells the middle is not matched block by block (each unmatched block is marked). */
const MAX_CELLS = 4_000_000;

/**
 * Marks each block of `live` against `aligned` (both from `blockKeys`): a longest common
 * subsequence keeps the blocks that stayed, in order; between two kept blocks, the live
 * blocks that are left over take the places of the aligned blocks left over there
 * (`changed`) and the rest are `added`. Blocks of the aligned text that are gone are not
 * marked (they have no place in the live text); `removed` counts them.
 */
export function markBlocks(aligned: readonly string[], live: readonly string[]): { marks: BlockMark[]; removed: number } {
  const marks: BlockMark[] = new Array(live.length).fill('added');
  // The same start and end are kept without a table: most edits are in one place.
  let start = 0;
  while (start < aligned.length && start < live.length && aligned[start] === live[start]) marks[start++] = 'same';
  let endA = aligned.length;
  let endL = live.length;
  while (endA > start && endL > start && aligned[endA - 1] === live[endL - 1]) (marks[--endL] = 'same'), endA--;
  const a = aligned.slice(start, endA);
  const l = live.slice(start, endL);
  // Pairs (index in a, index in l) of kept blocks, in order.
  const kept: [number, number][] = [];
  if (a.length > 0 && l.length > 0 && a.length * l.length <= MAX_CELLS) {
    const width = l.length + 1;
    const table = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--)
      for (let j = l.length - 1; j >= 0; j--)
        table[i * width + j] = a[i] === l[j] ? table[(i + 1) * width + j + 1]! + 1 : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    let i = 0;
    let j = 0;
    while (i < a.length && j < l.length) {
      if (a[i] === l[j]) kept.push([i++, j++]);
      else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) i++;
      else j++;
    }
  }
  let removed = 0;
  let prevA = 0;
  let prevL = 0;
  for (const [ka, kl] of [...kept, [a.length, l.length] as [number, number]]) {
    const goneHere = ka - prevA;
    const newHere = kl - prevL;
    for (let n = 0; n < newHere; n++) marks[start + prevL + n] = n < goneHere ? 'changed' : 'added';
    removed += Math.max(0, goneHere - newHere);
    if (kl < l.length) marks[start + kl] = 'same';
    prevA = ka + 1;
    prevL = kl + 1;
  }
  return { marks, removed };
}
