import * as Y from 'yjs';
import { restoreUpdate } from '@/server/collab/content';
import { AppError, isAppError } from '@/server/errors';
import { docxToContent } from './docx';
import { markdownToContent } from './markdown';
import { validatedContentJson } from './validate';

export type ImportFormat = 'markdown' | 'docx';

/** A converted file: the body as canonical JSON, checked against the editor schema. */
export interface ConvertedFile {
  contentJson: string;
  /** What the import changed or left out, one sentence each. */
  warnings: string[];
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
export async function convertFile(format: ImportFormat, bytes: Uint8Array): Promise<ConvertedFile> {
  let converted: Awaited<ReturnType<typeof docxToContent>>;
  try {
    converted =
      format === 'markdown'
        ? markdownToContent(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
        : await docxToContent(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    if (isAppError(cause)) throw cause;
    throw new AppError('unprocessable', format === 'markdown' ? 'The file is not UTF-8 text.' : 'The file could not be read as a Word document.', { cause });
  }
  const contentJson = validatedContentJson(converted.doc);
  const scratch = new Y.Doc({ gc: false });
  try {
    return { contentJson, warnings: converted.warnings, firstHeading: converted.firstHeading, intoEmpty: restoreUpdate(scratch, contentJson) };
  } finally {
    scratch.destroy();
  }
}
