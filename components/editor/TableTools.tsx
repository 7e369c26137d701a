'use client';

import type { Editor } from '@tiptap/react';
import { useTranslations } from 'next-intl';
import { Icon, type IconName } from './icons';
import { useLaterEditorState } from './useLaterEditorState';

/** A new table: three by three, its first row a header row (Word's and Google Docs' default shape). */
export const TABLE_SIZE = { rows: 3, cols: 3, withHeaderRow: true } as const;

/** `icon` also names the tool's label in the catalogues (`TableTools.<icon>`). */
type Tool = { icon: IconName; run: (e: Editor) => boolean; can: (e: Editor) => boolean; pressed?: (e: Editor) => boolean };

/** What can be done to the table the caret is in; each enabled only when it can be done there. */
const TOOLS: Tool[] = [
  { icon: 'rowBefore', run: (e) => e.chain().focus().addRowBefore().run(), can: (e) => e.can().addRowBefore() },
  { icon: 'rowAfter', run: (e) => e.chain().focus().addRowAfter().run(), can: (e) => e.can().addRowAfter() },
  { icon: 'rowDelete', run: (e) => e.chain().focus().deleteRow().run(), can: (e) => e.can().deleteRow() },
  { icon: 'columnBefore', run: (e) => e.chain().focus().addColumnBefore().run(), can: (e) => e.can().addColumnBefore() },
  { icon: 'columnAfter', run: (e) => e.chain().focus().addColumnAfter().run(), can: (e) => e.can().addColumnAfter() },
  { icon: 'columnDelete', run: (e) => e.chain().focus().deleteColumn().run(), can: (e) => e.can().deleteColumn() },
  {
    icon: 'headerRow',

    run: (e) => e.chain().focus().toggleHeaderRow().run(),
    can: (e) => e.can().toggleHeaderRow(),
    pressed: (e) => firstRowIsHeader(e),
  },
  { icon: 'mergeCells', run: (e) => e.chain().focus().mergeCells().run(), can: (e) => e.can().mergeCells() },
  { icon: 'splitCell', run: (e) => e.chain().focus().splitCell().run(), can: (e) => e.can().splitCell() },
  { icon: 'deleteTable', run: (e) => e.chain().focus().deleteTable().run(), can: (e) => e.can().deleteTable() },
];

/** Whether the first row of the table around the selection is all header cells. */
function firstRowIsHeader(editor: Editor): boolean {
  const { $from } = editor.state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (node.type.name !== 'table') continue;
    const first = node.firstChild;
    return !!first && first.childCount > 0 && first.content.content.every((c) => c.type.name === 'tableHeader');
  }
  return false;
}

/**
 * The table's tools, shown under the formatting bar while the caret is in a table: add and
 * delete rows and columns, the header row, merge and split cells, delete the table. A row of
 * icon buttons with their names as labels and tooltips (a WAI-ARIA toolbar: one tab stop,
 * arrow keys inside), small enough for one row on a phone.
 */
export function TableTools({ editor }: { editor: Editor }) {
  const t = useTranslations('TableTools');
  const s = useLaterEditorState(editor, (e) => {
    const inTable = e.isEditable && e.isActive('table');
    return {
      inTable,
      can: inTable ? TOOLS.map((t) => t.can(e)) : [],
      pressed: inTable ? TOOLS.map((t) => t.pressed?.(e)) : [],
    };
  });
  if (!s?.inTable) return null;
  return (
    <div className="table-tools" role="toolbar" aria-label={t('label')} onKeyDown={arrows} data-testid="table-tools">
      <span className="table-tools-label" aria-hidden="true">
        {t('label')}
      </span>
      {TOOLS.map((tool, i) => (
        <button
          key={tool.icon}
          type="button"
          className="tool"
          aria-label={t(tool.icon)}
          title={t(tool.icon)}
          aria-pressed={tool.pressed ? !!s.pressed[i] : undefined}
          disabled={!s.can[i]}
          tabIndex={i === 0 ? 0 : -1}
          data-tool={tool.icon}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => tool.run(editor)}
        >
          <Icon name={tool.icon} />
        </button>
      ))}
    </div>
  );
}

/** Arrow keys, Home and End move between the enabled buttons. */
function arrows(event: React.KeyboardEvent<HTMLDivElement>) {
  if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
  const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not([disabled])')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  event.preventDefault();
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : (at + (event.key === 'ArrowRight' ? 1 : -1) + items.length) % items.length;
  items[next]!.focus();
}
