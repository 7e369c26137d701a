import * as Y from 'yjs';
import { restoreUpdate } from '@/server/collab/content';
import { AppError, isAppError } from '@/server/errors';
import { MAX_TITLE_CHARS } from '@/lib/text/document';
import type { ProseMirrorNode } from '@/server/export/statement-data';
import { docxToContent } from './docx';
import { markdownToContent } from './markdown';
import { validatedContentJson } from './validate';
import type { MessageRef } from '@/lib/i18n/format';
import { sentence } from '@/lib/i18n/sentence';

export type ImportFormat = 'markdown' | 'docx';

/** How a file is converted. */
export interface ConvertOptions {
  /**
   * The first heading becomes the document's title (no title was given): it is left out of
   * the body, so the title does not appear twice (as the export leaves out a first heading
   * that repeats the title).
   */
  headingIsTitle?: boolean;
}

/** A converted file: the body as canonical JSON, checked against the editor schema. */
export interface ConvertedFile {
  contentJson: string;
  /** What the import changed or left out, one message each (`importNotes`; plain data, so it crosses from the import process). */
  warnings: MessageRef[];
  /** The text of the body's first heading (taken out of the body with `headingIsTitle`). */
  firstHeading: string | null;
  /**
   * The Yjs update that writes this body into an empty document, built here too: for a
   * long file it is the largest piece of work after parsing (y-prosemirror, about 150 ms for
   * an 80-page declaration), and the new document it goes into is empty.
   */
  intoEmpty: Uint8Array;
}

/**
 * Markdown or DOCX bytes → the editor's content, validated. Runs in the import process
 * (server/import/import-worker.mjs), never on the server's event loop: parsing, the
 * document caps and the schema check all cost in proportion to what the file holds.
 * Every refusal is an AppError with a sentence (413 past a limit, 422 unreadable).
 */
export async function convertFile(format: ImportFormat, bytes: Uint8Array, options: ConvertOptions = {}): Promise<ConvertedFile> {
  let converted: Awaited<ReturnType<typeof docxToContent>>;
  try {
    converted =
      format === 'markdown'
        ? markdownToContent(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
        : await docxToContent(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    if (isAppError(cause)) throw cause;
    throw new AppError('unprocessable', sentence(format === 'markdown' ? 'commandErrors.import.notUtf8' : 'commandErrors.import.wordUnreadable'), { cause });
  }
  // A heading too long to be a title is cut for the title and kept whole in the body.
  const headingLeaves = options.headingIsTitle && converted.firstHeading !== null && converted.firstHeading.length <= MAX_TITLE_CHARS;
  const contentJson = validatedContentJson(headingLeaves ? withoutFirstHeading(converted.doc) : converted.doc);
  const scratch = new Y.Doc({ gc: false });
  try {
    return { contentJson, warnings: converted.warnings, firstHeading: converted.firstHeading, intoEmpty: restoreUpdate(scratch, contentJson) };
  } finally {
    scratch.destroy();
  }
}

/**
 * The body without its first top-level heading (the one `firstHeading` names), keeping at
 * least one paragraph, as the builder does.
 */
export function withoutFirstHeading(doc: ProseMirrorNode): ProseMirrorNode {
  const at = doc.content?.findIndex((n) => n.type === 'heading') ?? -1;
  if (at < 0) return doc;
  const content = doc.content!.filter((_, i) => i !== at);
  return { ...doc, content: content.length ? content : [{ type: 'paragraph' }] };
}
