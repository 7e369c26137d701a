/**
 * The suggest-only rule's cost (issue 21): how long the server's check of one update from a
 * suggest-only connection takes on a 30-page document typed word by word (so its Yjs history
 * is fragmented as a real one is), for a one-word suggestion. Ordinary connections skip the
 * check (one property read), so their keystroke path does not change.
 *
 *   node --import tsx tests/bench/suggest-only.ts [--pages 30] [--updates 40]
 *
 * Prints the first check (it builds the replica) and the median and 95th percentile of the rest, in ms. A benchmark, not a test: it asserts nothing.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { SuggestionChecker } from '@/server/collab/suggest-only';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1]) || fallback;
const PAGES = arg('--pages', 30);
const UPDATES = arg('--updates', 40);
const WORDS_PER_PAGE = 500;
const WORDS_PER_PARAGRAPH = 80;
const WORDS = 'Azərbaycan Respublikası sülh əməkdaşlıq ticarət enerji nəqliyyat mədəniyyət təhsil suverenlik qarşılıqlı fayda üzv dövlətlər'.split(' ');

function typedDocument(): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  const fragment = doc.getXmlFragment('default');
  const paragraphs = Math.ceil((PAGES * WORDS_PER_PAGE) / WORDS_PER_PARAGRAPH);
  for (let p = 0; p < paragraphs; p++) {
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    fragment.push([paragraph]);
    for (let w = 0; w < WORDS_PER_PARAGRAPH; w++) {
      text.insert(text.length, `${WORDS[(p * 7 + w) % WORDS.length]} `, w % 10 === 3 ? { bold: true } : undefined); // a word at a time
    }
  }
  return doc;
}

const doc = typedDocument();
const user = { id: 'u-reviewer', name: 'Rustam Karimov' };
const pages = (Y.encodeStateAsUpdate(doc).length / 1024).toFixed(0);
const times: number[] = [];
const checker = new SuggestionChecker();
for (let i = 0; i < UPDATES; i++) {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(copy);
  const paragraph = copy.getXmlFragment('default').get((i * 13) % copy.getXmlFragment('default').length) as Y.XmlElement;
  const attrs = { id: `s-${i}`, authorId: user.id, authorName: user.name, createdAt: new Date().toISOString() };
  (paragraph.get(0) as Y.XmlText).insert(5, 'yeni ', { suggestionInsert: attrs });
  const update = Y.encodeStateAsUpdate(copy, before);
  copy.destroy();
  const started = performance.now();
  const problem = checker.problem(doc, [], update, user, Date.now());
  times.push(performance.now() - started);
  if (problem !== null) throw new Error(`the bench's suggestion was refused: ${problem}`);
  Y.applyUpdate(doc, update);
}
// The first check builds the replica (and reads every block once): reported apart.
const first = times.shift()!;
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
console.log(
  `${PAGES} pages (${pages} KiB of Yjs state), ${UPDATES} one-word suggestions: first check ${first.toFixed(1)} ms, then median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms per update`,
);
