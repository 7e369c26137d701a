import en from '@/messages/en.json';
import { type Catalogue, type MessageRef, formatMessage } from './format';

/**
 * Sentences written by code that has no reader at hand (lib/policies' refusals): they are
 * formatted in English from messages/en.json, and each remembers the message it came from,
 * so that the HTTP adapter, which knows the reader, writes the same sentence in their
 * language (server/next/http.ts → AppError's `ref`). English stays the log's language and
 * what tests that read the policy compare.
 */

const said = new Map<string, MessageRef>();

/** The English sentence of `key` with `values`, remembered with its message. */
export function sentence(key: string, values?: Record<string, string | number>): string {
  const text = formatMessage(en as Catalogue, 'en', { key, values }) ?? key;
  // Bounded: the sentences are a closed set except for counts; forget all past a few thousand.
  if (said.size > 4000) said.clear();
  said.set(text, values ? { key, values } : { key });
  return text;
}

/** The message an English sentence was made from, when `sentence` made it. */
export function refOf(text: string): MessageRef | undefined {
  return said.get(text);
}
