/**
 * The editor's keyboard shortcuts, as the help sheet and the toolbar's tooltips show them.
 * Each command's name is in the catalogues under `shortcuts.<id>` (the interface's language);
 * `action` is its English name, kept for code that reads it outside React.
 */
export interface Shortcut {
  action: string;
  keys: string[];
}

export const SHORTCUTS: Record<string, Shortcut> = {
  bold: { action: 'Bold', keys: ['Mod', 'B'] },
  italic: { action: 'Italic', keys: ['Mod', 'I'] },
  underline: { action: 'Underline', keys: ['Mod', 'U'] },
  paragraph: { action: 'Normal text', keys: ['Mod', 'Alt', '0'] },
  heading1: { action: 'Heading 1', keys: ['Mod', 'Alt', '1'] },
  heading2: { action: 'Heading 2', keys: ['Mod', 'Alt', '2'] },
  heading3: { action: 'Heading 3', keys: ['Mod', 'Alt', '3'] },
  bulletList: { action: 'Bulleted list', keys: ['Mod', 'Shift', '8'] },
  orderedList: { action: 'Numbered list', keys: ['Mod', 'Shift', '7'] },
  blockquote: { action: 'Quote', keys: ['Mod', 'Shift', 'B'] },
  alignLeft: { action: 'Align left', keys: ['Mod', 'Shift', 'L'] },
  alignCenter: { action: 'Centre', keys: ['Mod', 'Shift', 'E'] },
  alignRight: { action: 'Align right', keys: ['Mod', 'Shift', 'R'] },
  alignJustify: { action: 'Justify', keys: ['Mod', 'Shift', 'J'] },
  link: { action: 'Link', keys: ['Mod', 'K'] },
  /** No key of its own: the help sheet lists only commands that have keys. */
  insertTable: { action: 'Insert table', keys: [] },
  strike: { action: 'Strikethrough', keys: ['Mod', 'Shift', 'S'] },
  upperCase: { action: 'Upper-case the selection (in the document’s language)', keys: ['Shift', 'F3'] },
  undo: { action: 'Undo your last change', keys: ['Mod', 'Z'] },
  redo: { action: 'Redo', keys: ['Mod', 'Shift', 'Z'] },
  comment: { action: 'Comment on the selected passage', keys: ['Mod', 'Alt', 'M'] },
  help: { action: 'Keyboard shortcuts', keys: ['Mod', '/'] },
};

export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

/** "Ctrl+Shift+8" or "⌘⇧8". */
export function keyLabel(keys: string[], mac = isMac()): string {
  const names: Record<string, string> = mac ? { Mod: '⌘', Shift: '⇧', Alt: '⌥' } : { Mod: 'Ctrl', Shift: 'Shift', Alt: 'Alt' };
  return keys.map((k) => names[k] ?? k).join(mac ? '' : '+');
}
