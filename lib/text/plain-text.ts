/** A ProseMirror JSON node as stored (only what reading its text needs). */
export interface JsonNode {
  type?: string;
  text?: string;
  content?: JsonNode[];
}

/**
 * The text of a body (ProseMirror JSON, as versions store it): each block on its own line,
 * a hard break as a line break, marks and attributes left out. What search indexes and
 * quotes from.
 */
export function plainTextOf(contentJson: string): string {
  return plainTextOfNode(JSON.parse(contentJson) as JsonNode);
}

/** The same, of a body already parsed (the collaboration server reads it from the Y.Doc). */
export function plainTextOfNode(body: JsonNode): string {
  const lines: string[] = [];
  let line = '';
  const walk = (node: JsonNode): void => {
    if (typeof node.text === 'string') line += node.text;
    else if (node.type === 'hardBreak') line += '\n';
    for (const child of node.content ?? []) walk(child);
    // A block that holds inline content ends its line.
    if (node.content?.some((c) => typeof c.text === 'string' || c.type === 'hardBreak') && line) {
      lines.push(line);
      line = '';
    }
  };
  walk(body);
  if (line) lines.push(line);
  return lines.join('\n');
}
