/**
 * Where a dashboard's cells and charts go on its sheet — pure, so the Excel writer (insert.ts),
 * the sample-workbook builder and the tests place everything the same way.
 *
 * The charts fill columns B–T, two abreast, each 9 columns × 14 rows (432 × 210 pt, 576 × 280 px at
 * Excel's default 48 pt columns and 15 pt rows: wide, as a time series reads best) with three lines
 * under it (sources, frequency, landmarks). Two rows of charts end at row 38 and column T, about
 * 1,300 × 760 px: a 1080p screen at 100% zoom shows them beside a 320 px task pane. The data block
 * starts at column V, to the right: headline values first, then each block with its title above its
 * header row.
 */
import { cellAddress } from '../a1Address';
import { epochDayFromExcelSerial } from '../../core/dates/excelSerial';
import { formatIsoDate } from '../../core/dates/isoDate';
import type { Block, ChartSpec, Dashboard, DashboardContext } from './catalog';

/** Zero-based, like Excel's getRangeByIndexes. */
export interface Placement {
  readonly block: Block;
  /** Title row (spills, inputs) or the label row (scalars). */
  readonly titleRow: number;
  /** The formula's anchor (spills, lifted, over) or the first input cell; for a scalar, its value cell. */
  readonly row: number;
  readonly col: number;
  /** Columns the block fills (a spill: its formats' count). */
  readonly width: number;
}

export interface ChartPlacement {
  readonly spec: ChartSpec;
  /** Top-left and bottom-right cells the chart covers (zero-based). */
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  /** Rows of the lines under it: sources, frequency, landmarks. */
  readonly notesRow: number;
}

export const DATA_COLUMN = 21; // V
export const CHART_COLUMNS = 9;
export const CHART_ROWS = 14;
const FIRST_CHART_ROW = 3;
/** The notes under a chart (three lines) and one blank row. */
const CHART_GAP_ROWS = 4;
/**
 * The most points a chart's line may have. Excel redraws a line chart of a few hundred points at
 * once; thousands (a daily spill over twenty years is 5,000) make the sheet sluggish to scroll and
 * the line unreadable at 576 px. Each dashboard picks a frequency under this, and insert refuses
 * to draw a chart over it.
 */
export const MAX_CHART_POINTS = 1_000;

export function planBlocks(dashboard: Dashboard, context: DashboardContext): Placement[] {
  const blocks = dashboard.blocks(context);
  const scalars = blocks.filter((block) => block.kind === 'scalar');
  const placements: Placement[] = [];
  let row = 2;
  for (const block of scalars) {
    placements.push({ block, titleRow: row, row, col: DATA_COLUMN + 1, width: 1 });
    row += 1;
  }
  const titleRow = row + (scalars.length ? 1 : 0);
  let col = DATA_COLUMN;
  const next = new Map<string, number>(); // the column after a block and its companions
  for (const block of blocks) {
    if (block.kind === 'scalar') continue;
    if (block.kind === 'lifted' || block.kind === 'over') {
      const at = next.get(block.of);
      if (at === undefined) throw new Error(`${dashboard.id}: block ${block.id} reads ${block.of}, which comes later or does not exist`);
      // Header in the header row, the formula below it (level with the first date / input).
      placements.push({ block, titleRow, row: titleRow + 2, col: at, width: 1 });
      next.set(block.of, at + 1);
      col = Math.max(col, at + 2);
      continue;
    }
    const width = block.kind === 'spill' ? block.formats.length : 1;
    // A spill's formula sits in the header row (it spills its own header); inputs get a header cell.
    placements.push({ block, titleRow, row: block.kind === 'spill' ? titleRow + 1 : titleRow + 2, col, width });
    next.set(block.id, col + width);
    col += width + 1;
  }
  return placements;
}

export function planCharts(dashboard: Dashboard): ChartPlacement[] {
  return dashboard.charts.map((spec, i) => {
    const top = FIRST_CHART_ROW + Math.floor(i / 2) * (CHART_ROWS + CHART_GAP_ROWS);
    const left = 1 + (i % 2) * (CHART_COLUMNS + 1); // B, then L
    return { spec, top, left, bottom: top + CHART_ROWS - 1, right: left + CHART_COLUMNS - 1, notesRow: top + CHART_ROWS };
  });
}

/** A1 address of rows r0…r1 of one column. */
export const columnAddress = (col: number, r0: number, r1: number): string => `${cellAddress(r0, col)}:${cellAddress(r1, col)}`;

/** What a chart was drawn over: its point count and, on a date axis, the first and last dates (Excel serials). */
export interface DrawnExtent {
  readonly points: number;
  readonly first?: number;
  readonly last?: number;
}

/** The frequency line: why this frequency, then how many points it gave and over which dates. */
export function frequencyNote(spec: ChartSpec, drawn: DrawnExtent): string {
  const iso = (serial: number) => formatIsoDate(epochDayFromExcelSerial(serial));
  const span = drawn.first !== undefined && drawn.last !== undefined ? `, ${iso(drawn.first)} to ${iso(drawn.last)}` : '';
  return `${spec.frequency} ${drawn.points.toLocaleString('en-US')} points${span}.`;
}

/** The lines written under a chart: sources, frequency (with the extent drawn), then landmarks and how to read it. */
export function chartNotes(spec: ChartSpec, drawn?: DrawnExtent): string[] {
  const reading = [spec.landmarks, spec.reading].filter(Boolean).join(' ');
  return [spec.sources, drawn ? frequencyNote(spec, drawn) : spec.frequency, ...(reading ? [reading] : [])];
}

/** A sheet name for the dashboard that no sheet has yet (case-insensitive, ≤ 31 characters): "Repo stress", "Repo stress (2)"… */
export function uniqueSheetName(title: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  const base = title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);
  if (!lower.has(base.toLowerCase())) return base;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = base.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}
