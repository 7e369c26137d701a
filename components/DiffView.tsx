import { useLocale, useTranslations } from 'next-intl';
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
  /** The list item's number ("3.") or bullet, on its first block; how deep its list is. */
  marker?: string;
  depth?: number;
  segments: { op: 'insert' | 'delete' | 'equal'; text: string; authors: Person[] }[];
}

/** The authors' names, or "unknown" in the interface language. */
const names = (authors: Person[], unknown: string) => authors.map((a) => a.name).join(', ') || unknown;

/**
 * One inserted or deleted run, and who made it. The run is focusable, so a tap (which
 * focuses it), the keyboard (Tab) and a mouse pointer all show the authors: the note is
 * shown by CSS while the run is hovered or focused, with no script, and names the authors
 * to screen readers as the run's description. Words from `DiffView`.
 */
function Change({ op, text, authors, id }: { op: 'insert' | 'delete'; text: string; authors: Person[]; id: string }) {
  const Mark = op === 'insert' ? 'ins' : 'del';
  const t = useTranslations('DiffView');
  const locale = useLocale();
  return (
    <span className="diff-change">
      <Mark tabIndex={0} aria-describedby={id}>
        {text}
      </Mark>
      {/* Inside a run of the text: the note is the interface's, to translate and to speak as such. */}
      <span className="diff-who" id={id} role="tooltip" lang={locale} translate="yes">
        {t(op === 'insert' ? 'inserted' : 'deleted', { names: names(authors, t('unknown')) })}
      </span>
    </span>
  );
}

/**
 * The compare view: the later text with inserted runs marked as inserted and deleted runs
 * struck through, each showing who did it when hovered, tapped or focused; blocks added or
 * removed (a paragraph that became a heading) are flagged in the margin, in the interface
 * language (the text itself keeps the document's, and is marked as written: not a browser
 * translator's, as in the editor).
 */
export function DiffView({ blocks, language }: { blocks: Block[]; language: string }) {
  const t = useTranslations('DiffView');
  const locale = useLocale();
  if (!blocks.some((b) => b.status !== 'same' || b.segments.some((s) => s.op !== 'equal'))) return <p className="empty">{t('same')}</p>;
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
          <div
            key={i}
            className={`diff-block diff-${b.status}${b.list ? ` diff-list diff-depth-${Math.min(b.depth ?? 1, 4)}` : ''}${b.quoted ? ' diff-quote' : ''}${b.cell ? ' diff-cell' : ''}`}
          >
            {b.cell && changed && (
              <span className="diff-flag diff-cell-flag" lang={locale}>
                {t('cell', { header: b.cell.header ? 'yes' : 'no', row: b.cell.row, column: b.cell.column })}
              </span>
            )}
            {b.status !== 'same' && (
              <span className="diff-flag" lang={locale}>
                {t(b.status === 'added' ? 'added' : 'removed', {
                  block: t('block', { kind: b.block, level: b.level ?? '' }),
                  names: names(who.slice(0, 1), t('unknown')),
                })}
              </span>
            )}
            <Tag translate="no">
              {b.marker && <span className="diff-marker">{b.marker}</span>}
              {runs}
            </Tag>
          </div>
        );
      })}
    </div>
  );
}
