import { describe, expect, it } from 'vitest';
import { tableGrid } from './tables';

const c = (name: string, attrs?: Record<string, unknown>) => ({ type: 'tableCell', name, ...(attrs ? { attrs } : {}) });
const at = (grid: ReturnType<typeof tableGrid<ReturnType<typeof c>>>) => grid.cells.map((p) => `${p.cell.name}@${p.x},${p.y} ${p.colspan}x${p.rowspan}`);

describe('tableGrid', () => {
  it('places merged cells: a rowspan pushes the cells of the rows below to the right', () => {
    const grid = tableGrid([[c('A', { rowspan: 2 }), c('B'), c('C')], [c('D', { colspan: 2 })], [c('E'), c('F'), c('G')]]);
    expect(grid.columns).toBe(3);
    expect(at(grid)).toEqual(['A@0,0 1x2', 'B@1,0 1x1', 'C@2,0 1x1', 'D@1,1 2x1', 'E@0,2 1x1', 'F@1,2 1x1', 'G@2,2 1x1']);
  });

  it('never overlaps two cells, whatever the spans say: shortened to the free columns and the rows there are', () => {
    const grid = tableGrid([[c('A'), c('B', { rowspan: 5 })], [c('C', { colspan: 3 }), c('D')], [c('E', { colspan: 1e9, rowspan: 'x' })]]);
    expect(at(grid)).toEqual(['A@0,0 1x1', 'B@1,0 1x3', 'C@0,1 1x1', 'D@2,1 1x1', 'E@0,2 1x1']);
  });
});
