import { releasedDocuments, releasedLanguages } from '@/server/queries/newsroom';
import { getServices } from '@/server/registry';
import { publicOrigin } from '@/server/next/http';
import { organisation } from '@/server/commands/organisation';

export const dynamic = 'force-dynamic';

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/** How the children of each block are joined in plain text: blocks by blank lines, a table's rows by line breaks and its cells by " | ". */
const JOINS: Record<string, string> = {
  doc: '\n\n',
  bulletList: '\n\n',
  orderedList: '\n\n',
  blockquote: '\n\n',
  table: '\n',
  tableRow: ' | ',
  tableHeader: ' ',
  tableCell: ' ',
};

/** Plain text of a stored body, paragraphs separated by blank lines (for the feed summary). */
function plainText(node: unknown): string {
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text') return n.text ?? '';
  return (n.content ?? []).map(plainText).join(JOINS[n.type ?? ''] ?? '');
}

/** Atom feed of released statements (embargo passed), newest first. */
export async function GET(request: Request): Promise<Response> {
  const { storage, env } = getServices();
  const org = await organisation(getServices());
  const released = await releasedDocuments(storage);
  const origin = publicOrigin(request, env);
  // Atom requires <updated>: the newest release's time. A feed with nothing released yet
  // says "as of now" (the request's time) rather than 1970: nothing in it can be older, and
  // a reader that polls it has no entry to mistake for news.
  const updated = released[0]?.publishedAt ?? new Date().toISOString();
  // Each entry links its other released language versions (issue 23), as the newsroom page does.
  const alternates = new Map(await Promise.all(released.map(async (doc) => [doc.id, await releasedLanguages(storage, doc.id)] as const)));
  const entries = released
    .map(
      (doc) => `  <entry xml:lang="${escapeXml(doc.language)}">
    <id>urn:uuid:${escapeXml(doc.versionId)}</id>
    <title>${escapeXml(doc.title)}${doc.superseded ? ' (superseded)' : ''}</title>
    <link rel="alternate" href="${escapeXml(`${origin}/newsroom/${doc.id}`)}"/>${(alternates.get(doc.id) ?? [])
      .map((l) => `\n    <link rel="alternate" hreflang="${escapeXml(l.language)}" href="${escapeXml(`${origin}/newsroom/${l.id}`)}"/>`)
      .join('')}
    <updated>${doc.publishedAt}</updated>
    <published>${doc.publishedAt}</published>
    <content type="text">${escapeXml(plainText(doc.content))}</content>
  </entry>`,
    )
    .join('\n');
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(`${origin}/newsroom`)}</id>
  <title>${escapeXml(org.name)} — Newsroom</title>
  <link rel="self" href="${escapeXml(`${origin}/newsroom/feed.xml`)}"/>
  <link rel="alternate" href="${escapeXml(`${origin}/newsroom`)}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(org.name)}</name></author>
${entries}
</feed>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/atom+xml; charset=utf-8', 'Cache-Control': 'no-store' } });
}
