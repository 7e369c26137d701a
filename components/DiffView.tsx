import type { ReactNode } from 'react';

type Person = { id: string; name: string };
interface Block {
  block: string;
  level?: number;
  status: 'same' | 'added' | 'removed';
  list?: string;
  quoted?: boolean;
  /** The table cell the block is in (row and column from 1). */
  cell?: { row: number; column: number; header?: boolean };
  segments: { op: 'insert' | 'delete' | 'equal'; text: string; authors: Person[] }[];
}

const names = (authors: Person[]) => authors.map((a) => a.name).join(', ') || 'unknown';

/**
 * One inserted or deleted run, and who made it. The run is focusable, so a tap (which
 * focuses it), the keyboard (Tab) and a mouse pointer all show the authors: the note is
 * shown by CSS while the run is hovered or focused, with no script, and names the authors
 * to screen readers as the run's description.
 */
function Change({ op, text, authors, id }: { op: 'insert' | 'delete'; text: string; authors: Person[]; id: string }) {
  const Mark = op === 'insert' ? 'ins' : 'del';
  return (
    <span className="diff-change">
      <Mark tabIndex={0} aria-describedby={id}>
        {text}
      </Mark>
      <span className="diff-who" id={id} role="tooltip">
        {op === 'insert' ? 'Inserted' : 'Deleted'} by {names(authors)}
      </span>
    </span>
  );
}

/**
 * The compare view: the later text with inserted runs marked as inserted and deleted runs
 * struck through, each showing who did it when hovered, tapped or focused; blocks added or
 * removed (a paragraph that became a heading) are flagged in the margin.
 */
export function DiffView({ blocks, language }: { blocks: Block[]; language: string }) {
  if (!blocks.some((b) => b.status !== 'same' || b.segments.some((s) => s.op !== 'equal')))
    return <p className="empty">The two versions have the same text.</p>;
  return (
    <div className="diff document-body" lang={language}>
      {blocks.map((b, i) => {
        const runs: ReactNode[] = b.segments.map((s, j) =>
          s.op === 'equal' ? <span key={j}>{s.text}</span> : <Change key={j} op={s.op} text={s.text} authors={s.authors} id={`change-${i}-${j}`} />,
        );
        const Tag = b.block === 'heading' ? (`h${Math.min((b.level ?? 1) + 1, 4)}` as 'h2') : 'p';
        const who = b.segments.flatMap((s) => s.authors);
        const changed = b.status !== 'same' || b.segments.some((s) => s.op !== 'equal');
        return (
          <div key={i} className={`diff-block diff-${b.status}${b.list ? ' diff-list' : ''}${b.quoted ? ' diff-quote' : ''}${b.cell ? ' diff-cell' : ''}`}>
            {b.cell && changed && (
              <span className="diff-flag diff-cell-flag" lang="en">
                Table, {b.cell.header ? 'header ' : ''}row {b.cell.row}, column {b.cell.column}
              </span>
            )}
            {b.status !== 'same' && (
              <span className="diff-flag" lang="en">
                {b.status === 'added' ? '+' : '−'} {b.block === 'heading' ? `heading ${b.level ?? ''}` : b.block} {b.status} by {names(who.slice(0, 1))}
              </span>
            )}
            <Tag>{runs}</Tag>
          </div>
        );
      })}
    </div>
  );
}
