/** The editor's icons: 20×20 strokes in currentColor, so they follow the button's state. */
const PATHS = {
  undo: 'M8 5 4 9l4 4M4 9h8a4 4 0 0 1 0 8H9',
  redo: 'm12 5 4 4-4 4m4-4H8a4 4 0 0 0 0 8h3',
  bold: 'M6 4h5a3 3 0 0 1 0 6H6zm0 6h6a3 3 0 0 1 0 6H6z',
  italic: 'M12 4H8m4 12H8m3.5-12-3 12',
  underline: 'M6 4v5a4 4 0 0 0 8 0V4M5 17h10',
  link: 'M8.5 11.5a3 3 0 0 0 4.2 0l2.6-2.6a3 3 0 0 0-4.2-4.2l-.8.8m-.8 5a3 3 0 0 0-4.2 0l-2.6 2.6a3 3 0 0 0 4.2 4.2l.8-.8',
  bulletList: 'M8 5h9M8 10h9M8 15h9M4 5h.01M4 10h.01M4 15h.01',
  orderedList: 'M8 5h9M8 10h9M8 15h9M3.5 4 4.5 3.5V7M3.5 12.5c.3-.6 1.8-.8 1.8.3 0 .8-1.8 1.6-1.8 2.2h1.9',
  blockquote: 'M4 6h3v4H4zm0 4c0 2 1 3 3 4m3-8h3v4h-3zm0 4c0 2 1 3 3 4',
  alignLeft: 'M3 5h14M3 9h9M3 13h14M3 17h9',
  alignCenter: 'M3 5h14M5.5 9h9M3 13h14M5.5 17h9',
  alignRight: 'M3 5h14M8 9h9M3 13h14M8 17h9',
  alignJustify: 'M3 5h14M3 9h14M3 13h14M3 17h14',
  upperCase: 'M2.5 15 6 5l3.5 10M3.7 11.5h4.6M11.5 15V5h3a2.5 2.5 0 0 1 0 5h-3m0 0h3.5a2.5 2.5 0 0 1 0 5h-3.5',
  insertTable: 'M3 4h14v12H3zM3 8h14M3 12h14M8 4v12M12.5 4v12',
  rowBefore: 'M3 10h14v7H3zM3 13.5h14M10 2.5v5M7.5 5h5',
  rowAfter: 'M3 3h14v7H3zM3 6.5h14M10 12.5v5M7.5 15h5',
  rowDelete: 'M3 6h14v8H3zM8 8l4 4m0-4-4 4',
  columnBefore: 'M10 3h7v14h-7zM13.5 3v14M2.5 10h5M5 7.5v5',
  columnAfter: 'M3 3h7v14H3zM6.5 3v14M12.5 10h5M15 7.5v5',
  columnDelete: 'M6 3h8v14H6zM8 8l4 4m0-4-4 4',
  headerRow: 'M3 4h14v12H3zM3 8h14M3 6h14M3 12h14',
  mergeCells: 'M3 5h14v10H3zM5.5 10h9M12.5 8l2 2-2 2M7.5 8l-2 2 2 2',
  splitCell: 'M3 5h14v10H3zM10 5v10',
  deleteTable: 'M4 6h12M8 6V4h4v2M6 6l1 11h6l1-11',
  more: 'M4.5 10h.01M10 10h.01M15.5 10h.01',
  help: 'M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16zm-2.3-10.5a2.4 2.4 0 0 1 4.6.8c0 1.6-2.3 2-2.3 3.4m0 2.3h.01',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 20 20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
