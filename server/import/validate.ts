import { getSchema } from '@tiptap/core';
import { Node as PMNode, type Schema } from '@tiptap/pm/model';
import { documentExtensions } from '../../lib/editor/extensions';
import { canonicalJson } from '../../lib/text/canonical-json';
import { AppError } from '../errors';

let schema: Schema | null = null;

/**
 * Checks imported content against the one editor schema (node types, marks, attributes
 * and what may contain what) and returns its canonical JSON; 422 when it does not fit.
 */
export function validatedContentJson(doc: unknown): string {
  schema ??= getSchema(documentExtensions());
  try {
    const node = PMNode.fromJSON(schema, doc);
    node.check();
    return canonicalJson(node.toJSON());
  } catch (cause) {
    throw new AppError('unprocessable', 'The file’s structure could not be turned into a document the editor supports.', { cause });
  }
}
