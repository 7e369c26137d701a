import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  InsertedTextRun,
  DeletedTextRun,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { CommentMarks, textOffsets } from './docx-comments';
import { fontSubsetter } from './font-subset';
import { readLogo } from './logo';
import type { LetterheadLogo, ProseMirrorNode, StatementData } from './statement-data';
import { isSafeHref } from '@/lib/editor/links';
import { tableGrid } from '@/lib/editor/tables';
import { DELETE_MARK, INSERT_MARK, parseBlockSuggestion, parseSuggestionAttrs, type SuggestionAttrs } from '@/lib/editor/suggestions';

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
const ALIGN: Record<string, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};
const ORDERED = 'communique-ordered';
/** Nesting deeper than Word's nine list levels is flattened to the ninth. */
const MAX_LEVEL = 8;
/** The logo's height in the page header (px at 96 dpi: 1.3 cm), as in the PDF's letterhead. */
const LOGO_HEIGHT = 49;
/**
 * A 1×1 transparent PNG: Word requires a bitmap beside every SVG for programs that cannot
 * draw SVG. Word 2016+ and LibreOffice 7.4+ draw the SVG; older programs show no logo
 * rather than a blurred one.
 */
/** The text's width on an A4 page with Word's default margins (twips): tables share it out in equal columns. */
const TEXT_WIDTH = 11906 - 2 * 1440;
const TABLE_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '8C8C8C' } as const;
const SVG_FALLBACK = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/** The font files to embed (in `fontFiles()` order: serif regular, italic, bold, bold italic; sans regular, bold) and hb-subset. */
export interface FontEmbedding {
  files: readonly Uint8Array[];
  subsetWasm: Uint8Array;
}

let subsetter: ReturnType<typeof fontSubsetter> | null = null;

/** Characters Word may draw besides the text: digits and dot of page numbers and numbered lists, bullets. */
const ALWAYS = '0123456789.:/ \u00a0•●○■▪–—';

/** Every character of a string, as code points, into `set`. */
function addCodePoints(set: Set<number>, text: string | null | undefined): void {
  for (const ch of text ?? '') set.add(ch.codePointAt(0)!);
}

/**
 * The two Noto families, embedded as subsets of exactly the characters this document uses,
 * so the DOCX looks the same in any Word or LibreOffice, whether or not Noto is installed
 * (a partner's new characters fall back to a font of their machine, as in Word's own
 * "embed only the characters used").
 */
function embeddedFonts(codePoints: ReadonlySet<number>, embedding: FontEmbedding) {
  subsetter ??= fontSubsetter(embedding.subsetWasm);
  const [serif, serifItalic, serifBold, serifBoldItalic, sans, sansBold] = embedding.files.map((file) => Buffer.from(subsetter!(file, codePoints)));
  return [
    { name: 'Noto Serif', data: serif!, italic: serifItalic!, bold: serifBold!, boldItalic: serifBoldItalic! },
    { name: 'Noto Sans', data: sans!, bold: sansBold! },
  ];
}

/** The letterhead logo as a picture in the page header, scaled to LOGO_HEIGHT. */
function logoRun(logo: LetterheadLogo): ImageRun {
  const size = readLogo(logo.bytes)?.size ?? { width: 4, height: 1 };
  const transformation = { height: LOGO_HEIGHT, width: Math.max(1, Math.round((LOGO_HEIGHT * size.width) / size.height)) };
  const altText = { name: 'Logo', title: 'Logo', description: 'The organisation’s logo' };
  return logo.type === 'svg'
    ? new ImageRun({ type: 'svg', data: logo.bytes, fallback: { type: 'png', data: SVG_FALLBACK }, transformation, altText })
    : new ImageRun({ type: 'png', data: logo.bytes, transformation, altText });
}

/**
 * The body without a first heading that only repeats the title (a press release's skeleton
 * opens with its headline, which the export already prints as the title). The same rule is
 * in statement.typ.
 */
function withoutRepeatedTitle(blocks: ProseMirrorNode[] | undefined, title: string): ProseMirrorNode[] | undefined {
  const first = blocks?.[0];
  if (first?.type !== 'heading') return blocks;
  const text = (first.content ?? []).map((n) => n.text ?? '').join('');
  return text === title ? blocks!.slice(1) : blocks;
}

/**
 * The verification block's paragraph style: a name of its own, so that importing the file
 * again leaves the block out of the text (server/import/docx.ts).
 */
export const VERIFICATION_STYLE = 'CommuniqueVerification';
export const VERIFICATION_STYLE_NAME = 'Communiqué verification';

/**
 * The same statement as the PDF, as a Word document that partners can edit: the title in
 * Word's Title style, body headings as Heading 1–3, real Word lists (bullets, and numbered
 * lists that each restart at their own start), a Quote style, bold/italic/underline/strike
 * and links as run properties. Letterhead, kind, embargo and dateline lead the text; the
 * DRAFT mark sits in the page header, the classification and "Page X of Y" in the page
 * footer, and the verification block (short code, full hash, verify URL, audit head) after
 * the text. Text goes in as run text only, exactly as stored. With `fonts`, the Noto faces
 * are embedded as subsets of exactly the characters the runs print.
 */
export async function statementDocx(data: StatementData, fonts?: FontEmbedding): Promise<Uint8Array> {
  let orderedInstance = 0;
  let revisions = 0;
  let body: (Paragraph | Table)[] = [];
  /** Every character a run of this file prints: the font subsets' input, so no label's character is left out. */
  const printed = new Set<number>();
  addCodePoints(printed, ALWAYS);
  const textRun = (options: IRunOptions): TextRun => {
    addCodePoints(printed, options.text);
    return new TextRun(options);
  };
  const bodyBlocks = withoutRepeatedTitle(data.body.content, data.title);
  const dropped = bodyBlocks === data.body.content ? [] : (data.body.content ?? []).slice(0, 1);
  const marks = CommentMarks.withoutNodes(data.comments ?? [], textOffsets(data.body), dropped);
  // Word shows comments in the document's fonts too: their characters belong in the subsets.
  for (const thread of data.comments ?? []) for (const c of thread.comments) addCodePoints(printed, `${c.author}${c.body}`);

  /** Header cells print their text in bold, as the PDF does. */
  let inHeader = false;
  const runs = (nodes: readonly ProseMirrorNode[] | undefined): ParagraphChild[] => {
    const out: ParagraphChild[] = [];
    for (const node of nodes ?? []) {
      if (node.type === 'hardBreak') {
        out.push(textRun({ text: '', break: 1 }));
        continue;
      }
      if (node.type !== 'text' || typeof node.text !== 'string') continue;
      const options: { -readonly [K in keyof IRunOptions]: IRunOptions[K] } = { text: node.text, ...(inHeader ? { bold: true } : {}) };
      let href: string | null = null;
      // Open suggestions (issue 21) become Word tracked changes, with their author and date.
      let inserted: SuggestionAttrs | null = null;
      let deleted: SuggestionAttrs | null = null;
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') options.bold = true;
        else if (mark.type === 'italic') options.italics = true;
        else if (mark.type === 'underline') options.underline = {};
        else if (mark.type === 'strike') options.strike = true;
        else if (mark.type === 'link' && isSafeHref(mark.attrs?.href))
          href = mark.attrs.href; // others: plain text
        else if (mark.type === INSERT_MARK) inserted = parseSuggestionAttrs(mark.attrs);
        else if (mark.type === DELETE_MARK) deleted = parseSuggestionAttrs(mark.attrs);
      }
      const change = deleted ?? inserted;
      if (change && !href) {
        for (const piece of marks.split(node)) {
          out.push(...piece.before);
          addCodePoints(printed, piece.text);
          const revision = { ...options, text: piece.text, id: ++revisions, author: change.authorName, date: change.createdAt };
          out.push(deleted ? new DeletedTextRun(revision) : new InsertedTextRun(revision));
          out.push(...piece.after);
        }
        continue;
      }
      for (const piece of marks.split(node)) {
        out.push(...piece.before);
        const run = { ...options, text: piece.text };
        if (href) out.push(new ExternalHyperlink({ link: href, children: [textRun({ ...run, style: 'Hyperlink' })] }));
        else out.push(textRun(run));
        out.push(...piece.after);
      }
    }
    return out;
  };
  const alignment = (node: ProseMirrorNode) => {
    const align = node.attrs?.textAlign;
    return typeof align === 'string' ? ALIGN[align] : undefined;
  };

  /**
   * A proposed paragraph break or join (issue 21) as Word's tracked paragraph mark. The editor
   * puts `suggestion` on the block after the break (`split`: a break proposed before it) or on
   * the block that would join the one before (`join`); in Word the break is the mark that ends
   * the paragraph before, so that paragraph's mark is written as inserted (w:pPr/w:rPr/w:ins)
   * or deleted (w:pPr/w:rPr/w:del), with the suggester and time. As in decideSuggestions,
   * only a sibling textblock merges, so only then is there a mark to track.
   */
  const paragraphMark = (next: ProseMirrorNode | undefined) => {
    if (next?.type !== 'paragraph' && next?.type !== 'heading') return {};
    const proposed = parseBlockSuggestion(next.attrs?.suggestion);
    if (!proposed) return {};
    const change = { id: ++revisions, author: proposed.authorName, date: proposed.createdAt };
    return { run: proposed.type === 'split' ? { insertion: change } : { deletion: change } };
  };

  type ListContext = { kind: 'bullet' | 'ordered'; level: number; instance: number } | null;
  const blocks = (nodes: readonly ProseMirrorNode[] | undefined, list: ListContext, quote: boolean): void => {
    for (const [index, node] of (nodes ?? []).entries()) {
      switch (node.type) {
        case 'paragraph':
          body.push(
            new Paragraph({
              children: runs(node.content),
              ...paragraphMark(nodes?.[index + 1]),
              alignment: alignment(node),
              style: quote && !list ? 'Quote' : undefined,
              ...(list?.kind === 'bullet' ? { bullet: { level: list.level } } : {}),
              ...(list?.kind === 'ordered' ? { numbering: { reference: ORDERED, level: list.level, instance: list.instance } } : {}),
            }),
          );
          break;
        case 'heading': {
          const level = typeof node.attrs?.level === 'number' ? node.attrs.level : 1;
          body.push(
            new Paragraph({
              children: runs(node.content),
              ...paragraphMark(nodes?.[index + 1]),
              heading: HEADINGS[Math.min(Math.max(level, 1), 3) - 1],
              alignment: alignment(node),
            }),
          );
          break;
        }
        case 'bulletList':
        case 'orderedList': {
          const level = list ? Math.min(list.level + 1, MAX_LEVEL) : 0;
          const kind = node.type === 'bulletList' ? 'bullet' : 'ordered';
          const instance = kind === 'ordered' ? ++orderedInstance : 0;
          for (const item of node.content ?? []) blocks(item.content, { kind, level, instance }, quote);
          break;
        }
        case 'blockquote':
          blocks(node.content, list, true);
          break;
        case 'listItem':
          blocks(node.content, list, quote);
          break;
        case 'table': {
          const written = table(node);
          if (written) body.push(written);
          break;
        }
      }
    }
  };
  /**
   * A real Word table (issue 22): the cells on their grid (lib/editor/tables.ts, as the PDF),
   * merged cells as Word's gridSpan and vMerge, a first row of header cells as a header row
   * that Word repeats on each page, shaded; equal columns across the text's width. Each
   * cell's blocks are written like the body's, into the cell.
   */
  const table = (node: ProseMirrorNode): Table | null => {
    const rows = (node.content ?? [])
      .filter((r) => r.type === 'tableRow')
      .map((r) => (r.content ?? []).filter((c) => c.type === 'tableCell' || c.type === 'tableHeader'))
      .filter((cells) => cells.length > 0); // Word has no empty rows
    if (rows.length === 0) return null;
    const grid = tableGrid(rows);
    const first = grid.cells.filter((p) => p.y === 0);
    const headerRow = rows.length > 1 && first.length > 0 && first.every((p) => p.cell.type === 'tableHeader' && p.rowspan === 1);
    const width = Math.floor(TEXT_WIDTH / grid.columns);
    const outer = body;
    const wordRows = rows.map((_, y) => {
      const children = grid.cells
        .filter((p) => p.y === y)
        .map((p) => {
          body = [];
          inHeader = p.cell.type === 'tableHeader';
          blocks(p.cell.content, null, false);
          inHeader = false;
          const content = body.length > 0 ? body : [new Paragraph({})];
          return new TableCell({
            children: content,
            columnSpan: p.colspan > 1 ? p.colspan : undefined,
            rowSpan: p.rowspan > 1 ? p.rowspan : undefined,
            width: { size: width * p.colspan, type: WidthType.DXA },
            ...(p.cell.type === 'tableHeader' ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'EDEDED' } } : {}),
          });
        });
      return new TableRow({ children, tableHeader: headerRow && y === 0, cantSplit: true });
    });
    body = outer;
    const border = TABLE_BORDER;
    return new Table({
      rows: wordRows,
      width: { size: width * grid.columns, type: WidthType.DXA },
      columnWidths: Array.from({ length: grid.columns }, () => width),
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    });
  };
  blocks(bodyBlocks, null, false);
  const comments = marks.comments(data.lang);

  const small = { size: 16, color: '595959', font: 'Noto Sans' };
  const tiny = { size: 14, color: '595959', font: 'Noto Sans' };
  const header = new Header({
    children: [
      ...(data.logo ? [new Paragraph({ children: [logoRun(data.logo)] })] : []),
      ...(data.draft
        ? [
            new Paragraph({
              alignment: AlignmentType.RIGHT,
              children: [textRun({ text: data.draftLabel, bold: true, color: 'B00020', font: 'Noto Sans' })],
            }),
          ]
        : []),
    ],
  });
  // Every page: the classification (DRAFT, the embargo, or nothing once released) and the page number.
  const footer = new Footer({
    children: [
      new Paragraph({
        children: [
          textRun({ ...small, text: `${data.classification ? `${data.classification} · ` : ''}${data.pageOf[0]}` }),
          textRun({ ...small, children: [PageNumber.CURRENT] }),
          textRun({ ...small, text: data.pageOf[1] }),
          textRun({ ...small, children: [PageNumber.TOTAL_PAGES] }),
          ...(data.pageOf[2] ? [textRun({ ...small, text: data.pageOf[2] })] : []),
        ],
      }),
    ],
  });
  // Verification, once, in small type after the text (so on the last page), kept together.
  const { verification } = data;
  const verificationLines = [verification.code, verification.hash, verification.verifyAt, verification.audit];
  const verificationBlock = verificationLines.map(
    (line, index) =>
      new Paragraph({
        style: VERIFICATION_STYLE,
        keepNext: index < verificationLines.length - 1,
        keepLines: true,
        spacing: { before: index === 0 ? 480 : 0, after: 40 },
        children: [
          line === verification.verifyAt
            ? new ExternalHyperlink({ link: verification.href, children: [textRun({ ...tiny, text: line })] })
            : textRun({ ...tiny, text: line }),
        ],
      }),
  );
  const children = [
    new Paragraph({ children: [textRun({ text: data.org, bold: true, size: 30, font: 'Noto Sans' })] }),
    new Paragraph({ children: [textRun({ text: data.kind, bold: true, size: 19, color: '595959', font: 'Noto Sans' })] }),
    ...(data.embargo ? [new Paragraph({ children: [textRun({ text: data.embargo, bold: true, size: 19, color: 'B00020', font: 'Noto Sans' })] })] : []),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [textRun({ text: data.title })] }),
    ...(data.dateline ? [new Paragraph({ children: [textRun({ text: data.dateline, italics: true })] })] : []),
    ...body,
    ...verificationBlock,
  ];

  const document = new Document({
    // Built last: by now `printed` holds every character of every run above.
    ...(fonts ? { fonts: embeddedFonts(printed, fonts) } : {}),
    creator: data.org,
    title: data.title,
    ...(comments.length ? { comments: { children: comments } } : {}),
    styles: {
      default: {
        document: { run: { font: 'Noto Serif', size: 22, language: { value: data.lang } } },
        title: { run: { font: 'Noto Sans', size: 38, bold: true, color: '000000' } },
        heading1: { run: { font: 'Noto Sans', size: 26, bold: true, color: '000000' } },
        heading2: { run: { font: 'Noto Sans', size: 24, bold: true, color: '000000' } },
        heading3: { run: { font: 'Noto Sans', size: 22, bold: true, color: '000000' } },
      },
      paragraphStyles: [
        { id: 'Quote', name: 'Quote', basedOn: 'Normal', next: 'Normal', quickFormat: true, run: { italics: true }, paragraph: { indent: { left: 567 } } },
        { id: VERIFICATION_STYLE, name: VERIFICATION_STYLE_NAME, basedOn: 'Normal', next: 'Normal' },
      ],
    },
    numbering: {
      config: [
        {
          reference: ORDERED,
          levels: Array.from({ length: MAX_LEVEL + 1 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ headers: { default: header }, footers: { default: footer }, children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
