/** A table cell of a stored body (ProseMirror JSON), as much as placing it needs. */
export interface TableCellJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: unknown[];
}

/** A cell placed on its table's grid: column and row from 0, and the columns and rows it covers. */
export interface PlacedCell<T extends TableCellJson> {
  x: number;
  y: number;
  colspan: number;
  rowspan: number;
  cell: T;
}

/** Spans are at most this (a Word table has at most 63 columns). */
export const MAX_SPAN = 64;

/** A cell's colspan or rowspan as a whole number from 1 to `most`; anything else a body might hold reads as 1. */
export function cellSpan(cell: TableCellJson, name: 'colspan' | 'rowspan', most = MAX_SPAN): number {
  const value = cell.attrs?.[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? Math.min(value, Math.max(1, most)) : 1;
}

/**
 * A table's cells placed on its grid the way the editor (prosemirror-tables) and Word read a
 * table: row by row, each cell at the first column its row has free (cells of rows above
 * reach down by their rowspan), a merged cell shortened to the free columns it finds and to
 * the rows the table has. The same rule is in statement.typ (`table-grid`), so the PDF and
 * the DOCX draw the same grid.
 */
export function tableGrid<T extends TableCellJson>(rows: readonly (readonly T[])[]): { columns: number; cells: PlacedCell<T>[] } {
  const taken = rows.map(() => new Set<number>());
  const cells: PlacedCell<T>[] = [];
  let columns = 1;
  rows.forEach((row, y) => {
    let x = 0;
    for (const cell of row) {
      while (taken[y]!.has(x)) x++;
      let colspan = 1;
      while (colspan < cellSpan(cell, 'colspan') && !taken[y]!.has(x + colspan)) colspan++;
      const rowspan = cellSpan(cell, 'rowspan', Math.min(MAX_SPAN, rows.length - y));
      for (let dy = 1; dy < rowspan; dy++) for (let dx = 0; dx < colspan; dx++) taken[y + dy]!.add(x + dx);
      cells.push({ x, y, colspan, rowspan, cell });
      x += colspan;
      columns = Math.max(columns, x);
    }
  });
  return { columns, cells };
}
