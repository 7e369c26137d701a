'use client';

import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons';
import { keyLabel, SHORTCUTS } from './shortcuts';

interface Props {
  editor: Editor;
  onLink: () => void;
  onUpperCase: () => void;
  onHelp: () => void;
}

type Block = 'paragraph' | 'h1' | 'h2' | 'h3';

/**
 * The formatting toolbar. One tab stop for the whole bar (arrow keys move inside it, as
 * WAI-ARIA's toolbar pattern asks); every button says what it does and its shortcut.
 */
export function Toolbar({ editor, onLink, onUpperCase, onHelp }: Props) {
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      link: e.isActive('link'),
      align: (['left', 'center', 'right', 'justify'] as const).find((a) => e.isActive({ textAlign: a })) ?? 'left',
      block: (e.isActive('heading', { level: 1 })
        ? 'h1'
        : e.isActive('heading', { level: 2 })
          ? 'h2'
          : e.isActive('heading', { level: 3 })
            ? 'h3'
            : 'paragraph') as Block,
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
      editable: e.isEditable,
    }),
  });
  const chain = () => editor.chain().focus();
  const setBlock = (block: Block) => {
    if (block === 'paragraph') chain().setParagraph().run();
    else
      chain()
        .setHeading({ level: Number(block[1]) as 1 | 2 | 3 })
        .run();
    // A native menu takes focus back as it closes: give it to the text once it has.
    requestAnimationFrame(() => editor.commands.focus());
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting" aria-orientation="horizontal" onKeyDown={rovingFocus}>
      <Group>
        <ToolButton icon="undo" shortcut="undo" disabled={!s.canUndo} onClick={() => chain().undo().run()} />
        <ToolButton icon="redo" shortcut="redo" disabled={!s.canRedo} onClick={() => chain().redo().run()} />
      </Group>
      <Group>
        <select
          className="block-select"
          aria-label="Text style"
          value={s.block}
          disabled={!s.editable}
          onChange={(e) => setBlock(e.target.value as Block)}
          title={`Text style (${keyLabel(SHORTCUTS.paragraph!.keys)} … ${keyLabel(SHORTCUTS.heading3!.keys)})`}
        >
          <option value="paragraph">Normal text</option>
          <option value="h1">Heading 1</option>
          <option value="h2">Heading 2</option>
          <option value="h3">Heading 3</option>
        </select>
      </Group>
      <Group>
        <ToolButton icon="bold" shortcut="bold" pressed={s.bold} disabled={!s.editable} onClick={() => chain().toggleBold().run()} />
        <ToolButton icon="italic" shortcut="italic" pressed={s.italic} disabled={!s.editable} onClick={() => chain().toggleItalic().run()} />
        <ToolButton icon="underline" shortcut="underline" pressed={s.underline} disabled={!s.editable} onClick={() => chain().toggleUnderline().run()} />
        <ToolButton icon="link" shortcut="link" pressed={s.link} disabled={!s.editable} onClick={onLink} />
      </Group>
      <Group>
        <ToolButton icon="bulletList" shortcut="bulletList" pressed={s.bulletList} disabled={!s.editable} onClick={() => chain().toggleBulletList().run()} />
        <ToolButton
          icon="orderedList"
          shortcut="orderedList"
          pressed={s.orderedList}
          disabled={!s.editable}
          onClick={() => chain().toggleOrderedList().run()}
        />
        <ToolButton icon="blockquote" shortcut="blockquote" pressed={s.blockquote} disabled={!s.editable} onClick={() => chain().toggleBlockquote().run()} />
      </Group>
      <Group>
        <ToolButton
          icon="alignLeft"
          shortcut="alignLeft"
          pressed={s.align === 'left'}
          disabled={!s.editable}
          onClick={() => chain().setTextAlign('left').run()}
        />
        <ToolButton
          icon="alignCenter"
          shortcut="alignCenter"
          pressed={s.align === 'center'}
          disabled={!s.editable}
          onClick={() => chain().setTextAlign('center').run()}
        />
        <ToolButton
          icon="alignRight"
          shortcut="alignRight"
          pressed={s.align === 'right'}
          disabled={!s.editable}
          onClick={() => chain().setTextAlign('right').run()}
        />
        <ToolButton
          icon="alignJustify"
          shortcut="alignJustify"
          pressed={s.align === 'justify'}
          disabled={!s.editable}
          onClick={() => chain().setTextAlign('justify').run()}
        />
      </Group>
      <Group>
        <ToolButton icon="upperCase" shortcut="upperCase" disabled={!s.editable} onClick={onUpperCase} />
      </Group>
      <span className="toolbar-spacer" />
      <ToolButton icon="help" shortcut="help" onClick={onHelp} tabbable />
    </div>
  );
}

function Group({ children }: { children: ReactNode }) {
  return <span className="toolbar-group">{children}</span>;
}

function ToolButton(props: {
  icon: IconName;
  shortcut: keyof typeof SHORTCUTS;
  pressed?: boolean;
  disabled?: boolean;
  /** A tab stop of its own (the text-style menu is the bar's other one). */
  tabbable?: boolean;
  onClick: () => void;
}) {
  const shortcut = SHORTCUTS[props.shortcut]!;
  const label = `${shortcut.action} (${keyLabel(shortcut.keys)})`;
  return (
    <button
      type="button"
      className="tool"
      aria-label={shortcut.action}
      aria-pressed={props.pressed}
      aria-keyshortcuts={shortcut.keys.map((k) => (k === 'Mod' ? 'Control' : k)).join('+')}
      title={label}
      disabled={props.disabled}
      // Keep the editor's selection: a toolbar click must not move focus before the command runs.
      onMouseDown={(e) => e.preventDefault()}
      onClick={props.onClick}
      tabIndex={props.tabbable ? 0 : -1}
      data-tool={props.shortcut}
    >
      <Icon name={props.icon} />
    </button>
  );
}

/** Arrow keys, Home and End move between the toolbar's controls; Tab leaves the toolbar. */
function rovingFocus(event: React.KeyboardEvent<HTMLDivElement>) {
  if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>('button:not([disabled]), select:not([disabled])')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  if (event.target instanceof HTMLSelectElement && (event.key === 'Home' || event.key === 'End')) return;
  event.preventDefault();
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : (at + (event.key === 'ArrowRight' ? 1 : -1) + items.length) % items.length;
  items[next]!.focus();
}
