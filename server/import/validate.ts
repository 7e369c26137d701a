import { canonicalContentJson } from '@/lib/editor/content';
import { AppError } from '@/server/errors';

/**
 * Checks imported content against the one editor schema (node types, marks, attributes
 * and what may contain what) and returns its canonical JSON; 422 when it does not fit.
 */
export function validatedContentJson(doc: unknown): string {
  try {
    return canonicalContentJson(doc, { strict: true });
  } catch (cause) {
    throw new AppError('unprocessable', 'The file’s structure could not be turned into a document the editor supports.', { cause });
  }
}
