import en from '@/messages/en.json';
import { type Catalogue, type MessageRef, formatMessage } from './format';

/**
 * Sentences written by code that has no reader at hand (lib/policies' refusals, the
 * commands' errors): they are formatted in English from messages/en.json, and each remembers
 * the message it came from, so that the HTTP adapter, which knows the reader, writes the same
 * sentence in their language (server/next/http.ts → AppError's `ref`). English stays the
 * log's language and what tests that read the policy or the API compare.
 */

/** Sentences without values: a closed set (one per catalogue key), kept for the process's life. */
const fixed = new Map<string, MessageRef>();
/** Sentences with values (counts, a title, an address someone typed): an open set, bounded. */
const filled = new Map<string, MessageRef>();

/**
 * The English sentence of `key` with `values` (and `languages`, values that are language
 * tags, named in the reader's language: see MessageRef), remembered with its message.
 */
export function sentence(key: string, values?: Record<string, string | number>, languages?: Record<string, string>): string {
  return sentenceOf({ key, ...(values && { values }), ...(languages && { languages }) });
}

/** The English sentence of a whole message ref (one with `parts`, say), remembered with it. */
export function sentenceOf(ref: MessageRef): string {
  const text = formatMessage(en as Catalogue, 'en', ref) ?? ref.key;
  if (!ref.values && !ref.languages && !ref.parts) fixed.set(text, ref);
  else {
    // Bounded: forget the filled-in ones past a few thousand (their errors answer in English then).
    if (filled.size > 4000) filled.clear();
    filled.set(text, ref);
  }
  return text;
}

/** The message an English sentence was made from, when `sentence` made it. */
export function refOf(text: string): MessageRef | undefined {
  return filled.get(text) ?? fixed.get(text);
}
