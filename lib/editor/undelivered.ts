import * as Y from 'yjs';

/**
 * The text of `local` that the server does not have: every character not deleted locally
 * whose Yjs id lies beyond the server's state vector (`serverState`, from a fresh sync with
 * the server). Yjs has no acknowledgements, so "sent" proves nothing; the server's state
 * vector after a new sync is what it kept. Blocks (paragraphs, headings, list items) are
 * joined by newlines; gaps inside one block (delivered text between undelivered runs) by " … ".
 * Deletions that were not delivered cannot be shown as text and are not.
 */
export function undeliveredText(local: Y.Doc, serverState: Map<number, number>, fragmentName = 'default'): string {
  const blocks: string[] = [];
  const visit = (node: Y.XmlElement | Y.XmlFragment) => {
    const runs: string[] = [];
    let run = '';
    let gap = false;
    for (const child of node.toArray()) {
      if (child instanceof Y.XmlText) {
        for (let item = child._start; item !== null; item = item.right) {
          if (item.deleted || !(item.content instanceof Y.ContentString)) continue;
          const known = serverState.get(item.id.client) ?? 0;
          const end = item.id.clock + item.length;
          if (end <= known) {
            gap = run !== '' || runs.length > 0;
            continue;
          }
          if (item.id.clock < known) gap = run !== '' || runs.length > 0; // its delivered head is a gap too
          if (gap && run) {
            runs.push(run);
            run = '';
          }
          gap = false;
          run += item.content.str.slice(Math.max(0, known - item.id.clock));
        }
      } else if (child instanceof Y.XmlElement) {
        visit(child);
      }
    }
    if (run) runs.push(run);
    const text = runs
      .map((r) => r.trim())
      .filter(Boolean)
      .join(' … ');
    if (text) blocks.push(text);
  };
  visit(local.getXmlFragment(fragmentName));
  return blocks.join('\n');
}
