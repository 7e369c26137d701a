import mammoth from 'mammoth';
import { isSafeHref } from '@/lib/editor/links';
import { type BlockType, ContentBuilder } from './builder';
import { openGuardedZip } from './zip';

/**
 * Word styles beyond mammoth's defaults: underline, quotes as block quotes, and the
 * verification block our own export prints after the text left out (it describes an
 * exported file; it is not part of the text).
 */
const STYLE_MAP = [
  'u => u',
  "p[style-name='Communiqué verification'] => !",
  "p[style-name='Quote'] => blockquote > p:fresh",
  "p[style-name='Intense Quote'] => blockquote > p:fresh",
  "p[style-name='Title'] => h1:fresh",
];
const BLOCK_TAGS: Record<string, BlockType> = {
  p: 'paragraph',
  ul: 'bulletList',
  ol: 'orderedList',
  li: 'listItem',
  blockquote: 'blockquote',
  table: 'table',
  tr: 'tableRow',
  th: 'tableHeader',
  td: 'tableCell',
};
/** What a Word table loses on the way in, said once per file that has a table. */
const MARK_TAGS: Record<string, string> = { strong: 'bold', b: 'bold', em: 'italic', i: 'italic', u: 'underline', s: 'strike', del: 'strike' };
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
/** Upper bound on HTML tokens read from one file (a 10 MB file gives far fewer). */
const MAX_TOKENS = 5_000_000;
/** Images are left out: never read (mammoth would otherwise inflate and base64-encode each one). */
const SKIP_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

/**
 * DOCX → the editor's ProseMirror JSON. mammoth reads the Word file into simple, regular
 * HTML (headings, paragraphs, lists, bold/italic/underline/strike, links, tables, images);
 * we read that HTML's tags in order into the same builder as Markdown. Tables become the
 * editor's tables (header rows, merged cells; widths and borders are reported as left out), images are left out, and mammoth's own warnings (unknown styles, …) are
 * passed on, so the user sees everything that did not come through as it was. The ZIP
 * container is opened through openGuardedZip (sizes checked before anything is inflated).
 */
export async function docxToContent(buffer: Buffer): Promise<ReturnType<ContentBuilder['finish']>> {
  // mammoth also takes an opened zip (`file`, not in its types): ours checks sizes before inflating anything.
  const input = { file: openGuardedZip(buffer) } as unknown as Parameters<typeof mammoth.convertToHtml>[0];
  const result = await mammoth.convertToHtml(input, { styleMap: STYLE_MAP, includeDefaultStyleMap: true, convertImage: SKIP_IMAGES });
  const b = new ContentBuilder();
  for (const m of result.messages) if (m.type === 'warning') b.warn('word', { message: m.message });
  const pattern = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|([^<]+)/g;
  let match: RegExpExecArray | null;
  let count = 0;
  while ((match = pattern.exec(result.value)) !== null && ++count <= MAX_TOKENS) {
    const [, slash, rawTag, attrs, text] = match;
    if (text !== undefined) {
      b.text(decode(text));
      continue;
    }
    const tag = rawTag!.toLowerCase();
    const closing = slash === '/';
    if (/^h[1-6]$/.test(tag)) {
      const level = Number(tag[1]);
      if (closing) b.close('heading');
      else {
        if (level > 3) b.warn('headingsFlattened');
        b.open('heading', { level: Math.min(level, 3) });
      }
    } else if (tag in BLOCK_TAGS) {
      if (closing) b.close(BLOCK_TAGS[tag]!);
      else if (tag === 'td' || tag === 'th') b.open(BLOCK_TAGS[tag]!, spans(attrs ?? ''));
      else b.open(BLOCK_TAGS[tag]!);
      if (tag === 'table' && !closing) b.warn('tableLosses');
    } else if (tag in MARK_TAGS) {
      if (closing) b.popMark(MARK_TAGS[tag]!);
      else b.pushMark({ type: MARK_TAGS[tag]! });
    } else if (tag === 'a') {
      const href = /href="([^"]*)"/.exec(attrs ?? '')?.[1];
      if (closing) b.popMark('link');
      else if (href && isSafeHref(decode(href))) b.pushMark({ type: 'link', attrs: { href: decode(href) } });
      else if (href) b.warn('linksAsText');
    } else if (tag === 'br') b.hardBreak();
    else if (tag === 'img') b.warn('imagesLeftOut');
    else if ((tag === 'sup' || tag === 'sub') && !closing) b.warn('supSub');
  }
  return b.finish();
}

/** A cell's merged columns and rows (mammoth writes `colspan="2"`, `rowspan="3"`), when it has any. */
function spans(attrs: string): Record<string, number> | undefined {
  const read = (name: string) => {
    const value = Number(new RegExp(`${name}="(\\d{1,4})"`).exec(attrs)?.[1] ?? 1);
    return Math.max(value, 1);
  };
  const colspan = read('colspan');
  const rowspan = read('rowspan');
  return colspan > 1 || rowspan > 1 ? { colspan, rowspan } : undefined;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
