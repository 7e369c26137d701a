import { CommentRangeEnd, CommentRangeStart, CommentReference, Paragraph, TextRun, type ICommentOptions, type ParagraphChild } from 'docx';
import { initials } from '@/lib/text/case';
import type { ExportThread, ProseMirrorNode } from './statement-data';

/**
 * Open comment threads written as Word comments on their passages ("with comments", issue
 * 20): each comment of a thread becomes a Word comment (replies threaded to the first), and
 * its passage is marked with commentRangeStart/End and a reference. The passage is a range of
 * the body's plain text, read the way server/comments/anchor.ts reads the Y.Doc: text blocks
 * joined by "\n", a hard break as "\n"; here it is read from the ProseMirror JSON, whose text
 * nodes hold the same characters.
 */

const TEXTBLOCKS: ReadonlySet<string> = new Set(['paragraph', 'heading', 'codeBlock']);

/** Where each text node of the body starts in the plain text. */
export function textOffsets(body: ProseMirrorNode): Map<ProseMirrorNode, number> {
  const offsets = new Map<ProseMirrorNode, number>();
  let at = 0;
  let blocks = 0;
  const walk = (node: ProseMirrorNode) => {
    for (const child of node.content ?? []) {
      const isTextblock = TEXTBLOCKS.has(child.type) || (child.content ?? []).some((c) => c.type === 'text');
      if (!isTextblock) {
        walk(child);
        continue;
      }
      if (blocks++ > 0) at += 1;
      for (const inline of child.content ?? []) {
        if (inline.type === 'text' && typeof inline.text === 'string') {
          offsets.set(inline, at);
          at += inline.text.length;
        } else if (inline.type === 'hardBreak') at += 1;
      }
    }
  };
  walk(body);
  return offsets;
}

/** A piece of a text node, with the comment markers before and after it. */
export interface MarkedPiece {
  text: string;
  before: ParagraphChild[];
  after: ParagraphChild[];
}

/** The comments of the threads and where their markers go in the body's text nodes. */
export class CommentMarks {
  /** Word comment ids of each thread that could be placed (its passage is printed). */
  private readonly placed: { thread: ExportThread; ids: number[] }[] = [];

  constructor(
    threads: readonly ExportThread[],
    private readonly offsets: Map<ProseMirrorNode, number>,
  ) {
    const spans = [...offsets].map(([node, start]) => ({ start, end: start + (node.text?.length ?? 0) }));
    let next = 0;
    for (const thread of threads) {
      // Both ends must fall in printed text, or the markers would not pair up.
      const starts = spans.some((s) => s.start <= thread.from && thread.from < s.end);
      const ends = spans.some((s) => s.start < thread.to && thread.to <= s.end);
      if (!starts || !ends || thread.to <= thread.from || thread.comments.length === 0) continue;
      this.placed.push({ thread, ids: thread.comments.map(() => next++) });
    }
  }

  /** Forgets a text node that is not printed (a first heading that repeats the title). */
  static withoutNodes(threads: readonly ExportThread[], offsets: Map<ProseMirrorNode, number>, dropped: readonly ProseMirrorNode[]): CommentMarks {
    const kept = new Map(offsets);
    const walk = (n: ProseMirrorNode) => {
      kept.delete(n);
      for (const c of n.content ?? []) walk(c);
    };
    dropped.forEach(walk);
    return new CommentMarks(threads, kept);
  }

  /** A text node cut where passages start and end, with their markers. */
  split(node: ProseMirrorNode): MarkedPiece[] {
    const text = node.text ?? '';
    const start = this.offsets.get(node);
    if (start === undefined || this.placed.length === 0) return [{ text, before: [], after: [] }];
    const end = start + text.length;
    const cuts = new Set<number>([0, text.length]);
    for (const { thread } of this.placed) {
      if (start <= thread.from && thread.from < end) cuts.add(thread.from - start);
      if (start < thread.to && thread.to <= end) cuts.add(thread.to - start);
    }
    const points = [...cuts].sort((a, b) => a - b);
    const pieces: MarkedPiece[] = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [from, to] = [points[i]!, points[i + 1]!];
      const piece: MarkedPiece = { text: text.slice(from, to), before: [], after: [] };
      for (const { thread, ids } of this.placed) {
        if (thread.from === start + from) piece.before.push(...ids.map((id) => new CommentRangeStart(id)));
        if (thread.to === start + to) for (const id of ids) piece.after.push(new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] }));
      }
      pieces.push(piece);
    }
    return pieces;
  }

  /** The Word comments (document option `comments`): author, initials in the document's language, time, the body's lines; replies point to the first. */
  comments(language: string): ICommentOptions[] {
    return this.placed.flatMap(({ thread, ids }) =>
      thread.comments.map((c, i) => ({
        id: ids[i]!,
        author: c.author,
        initials: initials(c.author, language) || '?',
        date: new Date(c.at),
        children: c.body.split('\n').map((line) => new Paragraph({ children: [new TextRun(line)] })),
        ...(i > 0 ? { parentId: ids[0]! } : {}),
      })),
    );
  }
}
