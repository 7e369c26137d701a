/**
 * Which link targets a document may carry: the one rule, asked by the editor (TipTap's
 * `isAllowedUri`), the collaboration server (it refuses an update that sets any other link),
 * the pages that show a body and both exports.
 */

/** A ProseMirror JSON node, as far as links are concerned. */
export interface LinkedNode {
  type: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: LinkedNode[];
  [key: string]: unknown;
}

/**
 * True only for `http:`, `https:` and `mailto:` addresses, written exactly so: the scheme
 * at the very start (any case), and no control character anywhere. Browsers drop leading
 * spaces and control characters and remove tabs and newlines inside a scheme, so
 * ` javascript:` or `java\tscript:` would run as script there; here they, and every
 * scheme we do not name (javascript:, data:, file:, vbscript:, relative addresses), are
 * refused rather than cleaned up.
 */
export function isSafeHref(href: unknown): href is string {
  return typeof href === 'string' && /^(?:https?|mailto):/i.test(href) && !/[\u0000-\u001f\u007f]/.test(href);
}

/** True for a mark name that is a link as y-prosemirror stores it: `link`, or `link--<hash>` for overlapping marks. */
export function isLinkMarkName(name: string): boolean {
  return name === 'link' || /^link--[a-zA-Z0-9+/=]{8}$/.test(name);
}

/**
 * The same body with every link whose target is not safe taken off (its text stays, as
 * plain text). Output that shows stored text uses it, so a link stored before the server
 * refused unsafe ones, or carried by an old version, never becomes a live link.
 */
export function withoutUnsafeLinks<T extends LinkedNode>(node: T): T {
  const out: LinkedNode = { ...node };
  if (node.marks) {
    const marks = node.marks.filter((m) => m.type !== 'link' || isSafeHref(m.attrs?.href));
    if (marks.length) out.marks = marks;
    else delete out.marks;
  }
  if (node.content) out.content = node.content.map((child) => withoutUnsafeLinks(child));
  return out as T;
}

/** withoutUnsafeLinks for a body as its JSON string; a body without links is returned as it is, unparsed. */
export function withoutUnsafeLinksJson(json: string): string {
  if (!json.includes('"link"')) return json;
  return JSON.stringify(withoutUnsafeLinks(JSON.parse(json) as LinkedNode));
}
