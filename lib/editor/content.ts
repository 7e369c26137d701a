import { getSchema } from '@tiptap/core';
import { Node as PMNode, type Schema } from '@tiptap/pm/model';
import { canonicalJson } from '@/lib/text/canonical-json';
import { documentExtensions } from './extensions';

let schema: Schema | null = null;

/** The ProseMirror schema of the one editor extension list. */
export function editorSchema(): Schema {
  schema ??= getSchema(documentExtensions());
  return schema;
}

/**
 * The canonical form of a body: read through the editor schema (throws on node types, marks
 * or attributes it does not know; with `strict`, also on content in the wrong place, which
 * an imported file may have but an empty live document must not be refused for), normalised by it, with attributes that are null (unset) left out, then RFC 8785.
 * Leaving unset attributes out keeps the hash of a text unchanged when the editor gains an
 * attribute (alignment did): an approval recorded before stays valid for the same words.
 */
export function canonicalContentJson(doc: unknown, { strict = false } = {}): string {
  return canonicalJson(normalisedContent(doc, { strict }));
}

/** The body read through the editor schema and normalised, before its canonical JSON: `canonicalContentJson`'s first step. */
export function normalisedContent(doc: unknown, { strict = false } = {}): unknown {
  const node = PMNode.fromJSON(editorSchema(), doc);
  if (strict) node.check();
  return withoutUnsetAttrs(node.toJSON());
}

function withoutUnsetAttrs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUnsetAttrs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'attrs' && v && typeof v === 'object' && !Array.isArray(v)) {
      const set = Object.entries(v).filter(([, a]) => a !== null);
      if (set.length) out.attrs = Object.fromEntries(set);
    } else out[key] = withoutUnsetAttrs(v);
  }
  return out;
}
