/**
 * Freeze to values (DESIGN §7): for recipients without the add-in, a copy of each sheet that uses
 * our functions, in which only our formulas and their spills are replaced by their current values,
 * stamped with when and as of which data. The original sheets are left as they are.
 *
 * - The copy is Excel's own (`Worksheet.copy`, ExcelApi 1.10): formats, column widths, charts and
 *   built-in formulas come along, and built-in dynamic arrays recalculate in place instead of
 *   meeting a pasted block (#SPILL!).
 * - Only our anchors and the ranges they spill to (`getSpillingToRangeOrNullObject`, ExcelApi 1.12)
 *   are overwritten; a built-in formula's spill reference to one of them (`=SUM(B5#)`) is rewritten
 *   to the fixed range, since a spill reference to a cell that no longer spills is #REF!.
 * - Every request stays under Excel on the web's 5 MB payload cap: formulas are scanned and values
 *   read and written in blocks of at most `CELLS_PER_REQUEST` cells.
 * - Nothing is frozen while any of our cells is still pending (#BUSY!, or a series still loading):
 *   a frozen "#BUSY!" would be text that never updates.
 */
import { callsOurFunction } from './storedFormula';
import { cellAddress } from './a1Address';
import { fixSpillReferences, type SpillArea } from './spillReferences';

const MAX_SHEET_NAME = 31;
const FROZEN_SUFFIX = ' (values)';

/**
 * Cells per request. A cell's formula or value rarely exceeds 100 bytes of JSON, so 20,000 cells
 * stay near 2 MB: well under the 5 MB cap (resource limits, Excel add-ins), with room for long text.
 */
export const CELLS_PER_REQUEST = 20_000;

/** `Sheet1 (values)`, or `Sheet1 (values 2)` … when that name is taken: a user's earlier copy is never overwritten. */
export function frozenSheetName(name: string, taken: readonly string[]): string {
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? FROZEN_SUFFIX : ` (values ${n})`;
    const candidate = name.slice(0, MAX_SHEET_NAME - suffix.length) + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

export interface FrozenSheet {
  readonly source: string;
  readonly copy: string;
  /** Cells of ours replaced by values (anchors and their spills). */
  readonly cells: number;
  /** Built-in formulas whose spill references were fixed to ranges. */
  readonly fixedFormulas: number;
}

export interface FreezeOptions {
  /** Says when and as of which data (e.g. "data as of 2026-08-19"). */
  readonly stamp: string;
  /** Series the workbook reads that are still loading: freezing now would freeze placeholders. */
  readonly stillLoading: () => readonly string[];
}

/** Refused because some of our cells have no final value yet; the message says which. */
export class FreezePending extends Error {}

interface Anchor {
  readonly row: number;
  readonly column: number;
}

interface OurBlock extends SpillArea {
  values: unknown[][];
}

interface SheetPlan {
  readonly sheet: Excel.Worksheet;
  readonly name: string;
  readonly blocks: OurBlock[];
  /** Built-in formulas (row, column, fixed text) whose spill references must name fixed ranges. */
  readonly fixes: { row: number; column: number; formula: string }[];
  readonly lastColumn: number;
}

export async function freezeToValues(options: FreezeOptions): Promise<FrozenSheet[]> {
  const cellsPerRequest = CELLS_PER_REQUEST;
  const loading = options.stillLoading();
  if (loading.length) throw new FreezePending(`Not frozen: ${loading.join(', ')} ${loading.length === 1 ? 'is' : 'are'} still loading. Try again when the refresh has finished.`);
  return Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load('items/name');
    await context.sync();
    const names = sheets.items.map((sheet) => sheet.name);
    const plans: SheetPlan[] = [];
    for (const sheet of sheets.items) {
      const plan = await planSheet(context, sheet, cellsPerRequest);
      if (plan) plans.push(plan);
    }
    const pending = plans.flatMap((plan) => pendingCells(plan));
    if (pending.length) {
      throw new FreezePending(
        `Not frozen: ${pending.length} cell${pending.length === 1 ? '' : 's'} of ours ${pending.length === 1 ? 'is' : 'are'} still calculating (${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''}). Try again in a moment.`,
      );
    }
    const frozen: FrozenSheet[] = [];
    for (const plan of plans) {
      const name = frozenSheetName(plan.name, names);
      names.push(name);
      const copy = plan.sheet.copy('After', plan.sheet);
      copy.name = name;
      await context.sync();
      await writeValues(context, copy, plan.blocks, cellsPerRequest);
      for (const fix of plan.fixes) copy.getCell(fix.row, fix.column).formulas = [[fix.formula]];
      copy.getCell(0, plan.lastColumn + 2).values = [[`Values of Liquidity Lens formulas from "${plan.name}", ${options.stamp}`]];
      await context.sync();
      const cells = plan.blocks.reduce((sum, block) => sum + block.rowCount * block.columnCount, 0);
      frozen.push({ source: plan.name, copy: name, cells, fixedFormulas: plan.fixes.length });
    }
    return frozen;
  });
}

/**
 * What a sheet's copy needs: our blocks with their values, and the built-in formulas to fix;
 * undefined when it uses none of ours. The sheet's name is loaded.
 */
async function planSheet(context: Excel.RequestContext, sheet: Excel.Worksheet, cellsPerRequest: number): Promise<SheetPlan | undefined> {
  const used = sheet.getUsedRangeOrNullObject();
  used.load(['rowIndex', 'columnIndex', 'rowCount', 'columnCount']);
  await context.sync();
  if (used.isNullObject) return undefined;
  const anchors: Anchor[] = [];
  const builtIns: { row: number; column: number; formula: string }[] = [];
  const rowsPerRequest = Math.max(1, Math.floor(cellsPerRequest / used.columnCount));
  for (let top = 0; top < used.rowCount; top += rowsPerRequest) {
    const block = sheet.getRangeByIndexes(used.rowIndex + top, used.columnIndex, Math.min(rowsPerRequest, used.rowCount - top), used.columnCount);
    block.load('formulas');
    await context.sync();
    block.formulas.forEach((row, r) =>
      row.forEach((formula, c) => {
        const at = { row: used.rowIndex + top + r, column: used.columnIndex + c };
        // Typed (`=LIQ.INDEX()`) or as Excel shows a saved formula before the add-in loads (`_xldudf_`).
        if (callsOurFunction(formula)) anchors.push(at);
        else if (typeof formula === 'string' && formula.startsWith('=') && formula.includes('#')) builtIns.push({ ...at, formula });
      }),
    );
  }
  if (anchors.length === 0) return undefined;
  const blocks = await spillAreas(context, sheet, anchors, cellsPerRequest);
  await readValues(context, sheet, blocks, cellsPerRequest);
  const byAnchor = new Map(blocks.map((block) => [cellAddress(block.rowIndex, block.columnIndex), block]));
  const fixes = builtIns.map((cell) => ({ ...cell, formula: fixSpillReferences(cell.formula, byAnchor, sheet.name) })).filter((cell, i) => cell.formula !== builtIns[i]!.formula);
  return { sheet, name: sheet.name, blocks, fixes, lastColumn: used.columnIndex + used.columnCount - 1 };
}

/** Each anchor's spill range (or the anchor alone when its result is one value). */
async function spillAreas(context: Excel.RequestContext, sheet: Excel.Worksheet, anchors: readonly Anchor[], cellsPerRequest: number): Promise<OurBlock[]> {
  const blocks: OurBlock[] = [];
  // A spill range's address costs a few dozen bytes: far more anchors than cells fit per request.
  const perRequest = Math.max(1, Math.floor(cellsPerRequest / 10));
  for (let start = 0; start < anchors.length; start += perRequest) {
    const batch = anchors.slice(start, start + perRequest).map((anchor) => {
      const spill = sheet.getCell(anchor.row, anchor.column).getSpillingToRangeOrNullObject();
      spill.load(['rowIndex', 'columnIndex', 'rowCount', 'columnCount']);
      return { anchor, spill };
    });
    await context.sync();
    for (const { anchor, spill } of batch) {
      blocks.push(
        spill.isNullObject
          ? { rowIndex: anchor.row, columnIndex: anchor.column, rowCount: 1, columnCount: 1, values: [] }
          : { rowIndex: spill.rowIndex, columnIndex: spill.columnIndex, rowCount: spill.rowCount, columnCount: spill.columnCount, values: [] },
      );
    }
  }
  return blocks;
}

/** The row bands of a block, each at most `cellsPerRequest` cells. */
function bands(block: SpillArea, cellsPerRequest: number): { top: number; rows: number }[] {
  const rowsPerRequest = Math.max(1, Math.floor(cellsPerRequest / block.columnCount));
  const out: { top: number; rows: number }[] = [];
  for (let top = 0; top < block.rowCount; top += rowsPerRequest) out.push({ top, rows: Math.min(rowsPerRequest, block.rowCount - top) });
  return out;
}

/** Reads each block's current values, a band per request, many small blocks per request. */
async function readValues(context: Excel.RequestContext, sheet: Excel.Worksheet, blocks: OurBlock[], cellsPerRequest: number): Promise<void> {
  let queued: { block: OurBlock; range: Excel.Range }[] = [];
  let cells = 0;
  const flush = async () => {
    await context.sync();
    for (const { block, range } of queued) block.values.push(...range.values);
    queued = [];
    cells = 0;
  };
  for (const block of blocks) {
    for (const band of bands(block, cellsPerRequest)) {
      if (cells + band.rows * block.columnCount > cellsPerRequest) await flush();
      const range = sheet.getRangeByIndexes(block.rowIndex + band.top, block.columnIndex, band.rows, block.columnCount);
      range.load('values');
      queued.push({ block, range });
      cells += band.rows * block.columnCount;
    }
  }
  await flush();
}

/** Writes the values into the copy, top band first so each anchor's formula goes before its spill. */
async function writeValues(context: Excel.RequestContext, copy: Excel.Worksheet, blocks: readonly OurBlock[], cellsPerRequest: number): Promise<void> {
  let cells = 0;
  for (const block of blocks) {
    for (const band of bands(block, cellsPerRequest)) {
      if (cells + band.rows * block.columnCount > cellsPerRequest) {
        await context.sync();
        cells = 0;
      }
      copy.getRangeByIndexes(block.rowIndex + band.top, block.columnIndex, band.rows, block.columnCount).values = block.values.slice(band.top, band.top + band.rows) as (
        string | number | boolean
      )[][];
      cells += band.rows * block.columnCount;
    }
  }
  await context.sync();
}

/** Addresses of our cells that still show #BUSY!. */
function pendingCells(plan: SheetPlan): string[] {
  const pending: string[] = [];
  for (const block of plan.blocks) {
    block.values.forEach((row, r) =>
      row.forEach((value, c) => {
        if (value === '#BUSY!') pending.push(`${plan.name}!${cellAddress(block.rowIndex + r, block.columnIndex + c)}`);
      }),
    );
  }
  return pending;
}
