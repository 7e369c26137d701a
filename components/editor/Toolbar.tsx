'use client';

import type { Editor } from '@tiptap/react';
import { useTranslations } from 'next-intl';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Icon, type IconName } from './icons';
import { TABLE_SIZE } from './TableTools';
import { keyLabel, SHORTCUTS } from './shortcuts';
import { useLaterEditorState } from './useLaterEditorState';

interface Props {
  editor: Editor;
  onLink: () => void;
  onUpperCase: () => void;
  onHelp: () => void;
}

type Block = 'paragraph' | 'h1' | 'h2' | 'h3';

/** What the bar shows: the marks and block style at the caret, and whether undo, redo and a table are possible. */
function toolbarState(e: Editor) {
  return {
    bold: e.isActive('bold'),
    italic: e.isActive('italic'),
    underline: e.isActive('underline'),
    bulletList: e.isActive('bulletList'),
    orderedList: e.isActive('orderedList'),
    blockquote: e.isActive('blockquote'),
    canInsertTable: e.can().insertTable(TABLE_SIZE),
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
  };
}

type ToolbarState = ReturnType<typeof toolbarState>;

/** Before the editor exists (or after it is gone): nothing pressed, nothing possible. */
const IDLE: ToolbarState = {
  bold: false,
  italic: false,
  underline: false,
  bulletList: false,
  orderedList: false,
  blockquote: false,
  canInsertTable: false,
  link: false,
  align: 'left',
  block: 'paragraph',
  canUndo: false,
  canRedo: false,
  editable: false,
};

/**
 * The formatting toolbar. One tab stop for the whole bar (arrow keys move inside it, as
 * WAI-ARIA's toolbar pattern asks); every button says what it does and its shortcut.
 */
export function Toolbar({ editor, onLink, onUpperCase, onHelp }: Props) {
  const t = useTranslations('Toolbar');
  const name = useTranslations('shortcuts');
  // Read after the keystroke's frame (useLaterEditorState): `can()` builds a trial transaction per command.
  const s = useLaterEditorState(editor, toolbarState) ?? IDLE;
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

  // The rarer commands: in the bar when it is wide enough, else under "More" (the CSS
  // container queries in editor.css hide tier 1 first, then tier 2, then tier 3, and show them in the menu).
  const rare: RareCommand[] = [
    { shortcut: 'underline', tier: 2, pressed: s.underline, run: () => chain().toggleUnderline().run() },
    { shortcut: 'link', tier: 3, pressed: s.link, run: onLink },
    { shortcut: 'bulletList', tier: 3, pressed: s.bulletList, run: () => chain().toggleBulletList().run() },
    { shortcut: 'orderedList', tier: 2, pressed: s.orderedList, run: () => chain().toggleOrderedList().run() },
    { shortcut: 'blockquote', tier: 2, pressed: s.blockquote, run: () => chain().toggleBlockquote().run() },
    { shortcut: 'insertTable', tier: 2, disabled: !s.canInsertTable, run: () => chain().insertTable(TABLE_SIZE).run() },
    { shortcut: 'alignLeft', tier: 1, pressed: s.align === 'left', run: () => chain().setTextAlign('left').run() },
    { shortcut: 'alignCenter', tier: 1, pressed: s.align === 'center', run: () => chain().setTextAlign('center').run() },
    { shortcut: 'alignRight', tier: 1, pressed: s.align === 'right', run: () => chain().setTextAlign('right').run() },
    { shortcut: 'alignJustify', tier: 1, pressed: s.align === 'justify', run: () => chain().setTextAlign('justify').run() },
    { shortcut: 'upperCase', tier: 1, run: onUpperCase },
    { shortcut: 'help', tier: 2, run: onHelp },
  ];

  return (
    <div className="toolbar" role="toolbar" aria-label={t('label')} aria-orientation="horizontal" onKeyDown={rovingFocus}>
      <Group>
        <ToolButton icon="undo" shortcut="undo" disabled={!s.canUndo} onClick={() => chain().undo().run()} />
        <ToolButton icon="redo" shortcut="redo" disabled={!s.canRedo} onClick={() => chain().redo().run()} />
      </Group>
      <Group>
        <select
          className="block-select"
          aria-label={t('textStyle')}
          value={s.block}
          disabled={!s.editable}
          onChange={(e) => setBlock(e.target.value as Block)}
          title={t('textStyleKeys', { first: keyLabel(SHORTCUTS.paragraph!.keys), last: keyLabel(SHORTCUTS.heading3!.keys) })}
        >
          <option value="paragraph">{name('paragraph')}</option>
          <option value="h1">{name('heading1')}</option>
          <option value="h2">{name('heading2')}</option>
          <option value="h3">{name('heading3')}</option>
        </select>
      </Group>
      <Group>
        <ToolButton icon="bold" shortcut="bold" pressed={s.bold} disabled={!s.editable} onClick={() => chain().toggleBold().run()} />
        <ToolButton icon="italic" shortcut="italic" pressed={s.italic} disabled={!s.editable} onClick={() => chain().toggleItalic().run()} />
        <ToolButton
          icon="underline"
          shortcut="underline"
          tier={2}
          pressed={s.underline}
          disabled={!s.editable}
          onClick={() => chain().toggleUnderline().run()}
        />
        <ToolButton icon="link" shortcut="link" tier={3} pressed={s.link} disabled={!s.editable} onClick={onLink} />
      </Group>
      {/* The lists and blocks: tier 3 as a whole (the bulleted list; the others are tier 2, folded before it). */}
      <Group tier={3}>
        {rare
          .filter((r) => LISTS_AND_BLOCKS.has(r.shortcut))
          .map((r) => (
            <ToolButton
              key={r.shortcut}
              icon={r.shortcut}
              shortcut={r.shortcut}
              tier={r.tier}
              pressed={r.pressed}
              disabled={!s.editable || r.disabled}
              onClick={r.run}
            />
          ))}
      </Group>
      <Group tier={1}>
        {rare
          .filter((r) => r.tier === 1 && r.shortcut !== 'upperCase')
          .map((r) => (
            <ToolButton key={r.shortcut} icon={r.shortcut} shortcut={r.shortcut} pressed={r.pressed} disabled={!s.editable} onClick={r.run} />
          ))}
      </Group>
      <Group tier={1}>
        <ToolButton icon="upperCase" shortcut="upperCase" disabled={!s.editable} onClick={onUpperCase} />
      </Group>
      <MoreMenu items={rare} disabled={!s.editable} />
      <span className="toolbar-spacer" />
      <ToolButton icon="help" shortcut="help" tier={2} onClick={onHelp} tabbable />
    </div>
  );
}

function Group({ children, tier }: { children: ReactNode; tier?: 1 | 2 | 3 }) {
  return (
    <span className="toolbar-group" data-tier={tier}>
      {children}
    </span>
  );
}

/** A command that folds into "More" when the bar is narrow; tier 1 folds first, tier 3 last (a phone). */
interface RareCommand {
  shortcut:
    | 'underline'
    | 'link'
    | 'bulletList'
    | 'orderedList'
    | 'blockquote'
    | 'insertTable'
    | 'alignLeft'
    | 'alignCenter'
    | 'alignRight'
    | 'alignJustify'
    | 'upperCase'
    | 'help';
  tier: 1 | 2 | 3;
  /** Not possible here now (a table inside a table's selection, …). */
  disabled?: boolean;
  /** A toggle's state (a menu item checkbox); absent for a one-off command. */
  pressed?: boolean;
  run: () => void;
}

/** The bar's group of lists and blocks, in the order of `rare`. */
const LISTS_AND_BLOCKS = new Set<RareCommand['shortcut']>(['bulletList', 'orderedList', 'blockquote', 'insertTable']);

/** The controls of `root` a person can reach now: enabled and shown (not folded away by CSS). */
function shown(root: HTMLElement, selector: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(selector)].filter((el) => el.getClientRects().length > 0);
}

/**
 * "More": the commands the bar has no room for, as a WAI-ARIA menu button. Enter, Space or
 * ArrowDown opens it on its first item; arrows, Home and End move; Escape or Tab closes it and
 * focus goes back to "More"; choosing an item runs it and returns to the text.
 */
function MoreMenu({ items, disabled }: { items: RareCommand[]; disabled: boolean }) {
  const t = useTranslations('Toolbar');
  const name = useTranslations('shortcuts');
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLSpanElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const focusStart = useRef<'first' | 'last'>('first');

  useEffect(() => {
    if (!open) return;
    const entries = menu.current ? shown(menu.current, '[role^="menuitem"]') : [];
    (focusStart.current === 'last' ? entries.at(-1) : entries[0])?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  return (
    <span className="toolbar-more" ref={wrap}>
      <button
        ref={button}
        type="button"
        className="tool more-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        aria-label={t('more')}
        title={t('more')}
        disabled={disabled}
        tabIndex={-1}
        data-tool="more"
        onMouseDown={(e) => e.preventDefault()}
        onClick={() => {
          focusStart.current = 'first';
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            e.stopPropagation();
            focusStart.current = e.key === 'ArrowUp' ? 'last' : 'first';
            setOpen(true);
          }
        }}
      >
        <Icon name="more" />
      </button>
      <div
        ref={menu}
        id={menuId}
        role="menu"
        aria-label={t('more')}
        className="more-menu"
        hidden={!open}
        onKeyDown={(e) => {
          e.stopPropagation(); // the bar's own arrow keys do not apply inside the menu
          const entries = menu.current ? shown(menu.current, '[role^="menuitem"]') : [];
          const at = entries.indexOf(document.activeElement as HTMLElement);
          let next = -1;
          if (e.key === 'ArrowDown') next = (at + 1) % entries.length;
          else if (e.key === 'ArrowUp') next = (at - 1 + entries.length) % entries.length;
          else if (e.key === 'Home') next = 0;
          else if (e.key === 'End') next = entries.length - 1;
          else if (e.key === 'Escape') {
            e.preventDefault();
            close(true);
            return;
          } else if (e.key === 'Tab') {
            close(false);
            return;
          }
          if (next >= 0) {
            e.preventDefault();
            entries[next]?.focus();
          }
        }}
      >
        {items.map((item) => {
          const shortcut = SHORTCUTS[item.shortcut]!;
          return (
            // biome-ignore lint/a11y/useAriaPropsSupportedByRole: aria-checked is set only when the role is menuitemcheckbox
            <button
              key={item.shortcut}
              type="button"
              role={item.pressed === undefined ? 'menuitem' : 'menuitemcheckbox'}
              aria-checked={item.pressed}
              className="more-item"
              disabled={item.disabled}
              data-tier={item.tier}
              data-tool={`more-${item.shortcut}`}
              tabIndex={-1}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                close(false);
                item.run();
              }}
            >
              <Icon name={item.shortcut} />
              <span className="more-label">{item.shortcut === 'upperCase' ? t('upperCase') : name(item.shortcut)}</span>
              {shortcut.keys.length > 0 && <kbd className="more-keys">{keyLabel(shortcut.keys)}</kbd>}
            </button>
          );
        })}
      </div>
    </span>
  );
}

function ToolButton(props: {
  icon: IconName;
  shortcut: keyof typeof SHORTCUTS;
  pressed?: boolean;
  disabled?: boolean;
  /** A tab stop of its own (the text-style menu is the bar's other one). */
  tabbable?: boolean;
  /** Folds into "More" when the bar is narrow (see RareCommand). */
  tier?: 1 | 2 | 3;
  onClick: () => void;
}) {
  const t = useTranslations('Toolbar');
  const name = useTranslations('shortcuts');
  const shortcut = SHORTCUTS[props.shortcut]!;
  const action = name(props.shortcut);
  const label = shortcut.keys.length > 0 ? t('withKeys', { action, keys: keyLabel(shortcut.keys) }) : action;
  return (
    <button
      type="button"
      className="tool"
      aria-label={action}
      aria-pressed={props.pressed}
      aria-keyshortcuts={shortcut.keys.map((k) => (k === 'Mod' ? 'Control' : k)).join('+') || undefined}
      title={label}
      disabled={props.disabled}
      // Keep the editor's selection: a toolbar click must not move focus before the command runs.
      onMouseDown={(e) => e.preventDefault()}
      onClick={props.onClick}
      tabIndex={props.tabbable ? 0 : -1}
      data-tool={props.shortcut}
      data-tier={props.tier}
    >
      <Icon name={props.icon} />
    </button>
  );
}

/** Arrow keys, Home and End move between the toolbar's controls; Tab leaves the toolbar. */
function rovingFocus(event: React.KeyboardEvent<HTMLDivElement>) {
  if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
  // Only what is shown: folded buttons and the "More" menu's items are not stops of the bar.
  const items = shown(event.currentTarget, 'button:not([disabled]), select:not([disabled])').filter((el) => !el.closest('[role="menu"]'));
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  if (event.target instanceof HTMLSelectElement && (event.key === 'Home' || event.key === 'End')) return;
  event.preventDefault();
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? items.length - 1 : (at + (event.key === 'ArrowRight' ? 1 : -1) + items.length) % items.length;
  items[next]!.focus();
}
