import { AppError, isAppError } from '../errors';
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
  return { contentJson: validatedContentJson(converted.doc), warnings: converted.warnings, firstHeading: converted.firstHeading };
}
