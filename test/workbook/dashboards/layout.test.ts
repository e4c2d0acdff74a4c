/**
 * Where a dashboard's cells and charts go (src/workbook/dashboards/layout.ts): charts two abreast
 * within a screen, never overlapping each other or the data block; blocks side by side from
 * column V; sheet names that never take an existing one; the lines under each chart.
 */
import { DASHBOARDS, findDashboard } from '../../../src/workbook/dashboards/catalog';
import {
  CHART_COLUMNS,
  DATA_COLUMN,
  MAX_CHART_POINTS,
  chartNotes,
  columnAddress,
  frequencyNote,
  planBlocks,
  planCharts,
  uniqueSheetName,
} from '../../../src/workbook/dashboards/layout';
import { columnLetters } from '../../../src/workbook/a1Address';

const CONTEXT = { today: '2026-03-04' };

describe('dashboard layout', () => {
  it('puts charts two abreast in columns B–T and rows 4–35: a 1080p screen beside the pane', () => {
    for (const dashboard of DASHBOARDS) {
      const charts = planCharts(dashboard);
      for (const c of charts) {
        expect(c.left).toBeGreaterThanOrEqual(1);
        expect(c.right).toBeLessThan(DATA_COLUMN - 1);
        expect(c.right - c.left + 1).toBe(CHART_COLUMNS);
        expect(c.bottom).toBeLessThan(35);
        expect(c.notesRow).toBe(c.bottom + 1);
      }
      for (const [i, a] of charts.entries()) {
        for (const b of charts.slice(i + 1)) {
          const apart = a.right < b.left || b.right < a.left || a.notesRow + 2 < b.top || b.notesRow + 2 < a.top;
          expect(apart).toBe(true);
        }
      }
    }
  });

  it('places the data blocks from column V, side by side, a lifted column right of its dates', () => {
    for (const dashboard of DASHBOARDS) {
      const placements = planBlocks(dashboard, CONTEXT);
      const columns = new Map<number, string>();
      for (const p of placements) {
        expect(p.col).toBeGreaterThanOrEqual(DATA_COLUMN);
        if (p.block.kind === 'scalar') continue;
        for (let c = p.col; c < p.col + p.width; c++) {
          expect(columns.get(c)).toBeUndefined();
          columns.set(c, p.block.id);
        }
      }
    }
    const repo = planBlocks(findDashboard('repo-stress')!, CONTEXT);
    const sofr = repo.find((p) => p.block.id === 'sofr')!;
    const stress = repo.find((p) => p.block.id === 'stress')!;
    // The spill's anchor is its header row; the lifted formula starts level with its first date.
    expect(stress.col).toBe(sofr.col + sofr.width);
    expect(stress.row).toBe(sofr.row + 1);
  });

  it('names columns and ranges as Excel does', () => {
    expect([0, 18, 21, 25, 26, 27, 701, 702].map(columnLetters)).toEqual(['A', 'S', 'V', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    expect(columnAddress(21, 4, 9)).toBe('V5:V10');
  });

  it('never reuses a sheet name, ignoring case, within 31 characters and without the characters Excel refuses', () => {
    expect(uniqueSheetName('Repo stress', ['Sheet1'])).toBe('Repo stress');
    expect(uniqueSheetName('Repo stress', ['repo STRESS'])).toBe('Repo stress (2)');
    expect(uniqueSheetName('Repo stress', ['Repo stress', 'Repo stress (2)'])).toBe('Repo stress (3)');
    const long = 'A very long dashboard title that Excel would refuse';
    expect(uniqueSheetName(long, [])).toHaveLength(31);
    expect(uniqueSheetName(long, [long.slice(0, 31)])).toMatch(/^.{27} \(2\)$/);
    expect(uniqueSheetName('a/b:c?', [])).toBe('a b c ');
  });

  it('writes the sources, the frequency with the points and dates drawn, and the landmarks under a chart', () => {
    const spx = findDashboard('priced-in-gold')!.charts[0]!;
    // Serials 36191 and 46053: 1999-01-31 and 2026-01-31.
    const notes = chartNotes(spx, { points: 325, first: 36191, last: 46053 });
    expect(notes[0]).toBe(spx.sources);
    expect(notes[1]).toBe(`${spx.frequency} 325 points, 1999-01-31 to 2026-01-31.`);
    expect(notes[2]).toBe(spx.landmarks);
    const hit = findDashboard('credit-losses')!.charts[0]!;
    expect(frequencyNote(hit, { points: 11 })).toBe(`${hit.frequency} 11 points.`);
    expect(frequencyNote(hit, { points: 1234 })).toContain('1,234 points');
    expect(MAX_CHART_POINTS).toBeLessThan(5_000);
  });
});
