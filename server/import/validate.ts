import { canonicalContentJson } from '@/lib/editor/content';
import { AppError } from '@/server/errors';
import { sentence } from '@/lib/i18n/sentence';

/**
 * Checks imported content against the one editor schema (node types, marks, attributes
 * and what may contain what) and returns its canonical JSON; 422 when it does not fit.
 */
export function validatedContentJson(doc: unknown): string {
  try {
    return canonicalContentJson(doc, { strict: true });
  } catch (cause) {
    throw new AppError('unprocessable', sentence('commandErrors.import.structure'), { cause });
  }
}
