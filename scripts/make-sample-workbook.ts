/**
 * Builds examples/liquidity-lens-dashboard.xlsx: a sample workbook that uses every Liquidity Lens
 * function, with each formula's value cached in the file so a reader without the add-in sees the
 * numbers, a Sources sheet, the data the formulas read embedded as a custom XML part (DESIGN §7)
 * and the web-extension parts that open the add-in's pane with the workbook.
 *
 *   npm run sample
 *
 * Values come from the project's own evaluator (the CLI's parseFormula + evaluateFormula over the
 * function table generated from the JSDoc of src/functions/functions.ts), against the add-in's
 * embedded snapshot — only series whose licence allows redistribution (DESIGN §7), so the sample
 * carries no market prices — and the sample stays in step with the functions. The output is
 * deterministic: no clock, GUIDs derived from hashes, fixed zip timestamps.
 *
 * Formulas are stored as Excel stores an add-in's functions, following a workbook saved by Excel
 * for Mac 16 (../shared/fixtures/excel_xldudf, see its INDEX entry): `_xldudf_LIQ_INDEX(…)` (prefix,
 * dots as underscores, no "="), as a dynamic-array formula — `<f t="array" ref="…">` on a cell with
 * `cm="1"`, which points at xl/metadata.xml's XLDAPR `fDynamic="1"` — with the cached value, and for
 * a spill the other cached values as plain values in its range. A plain `LIQ.INDEX(…)` in a saved
 * file stays #NAME? even after the add-in loads (office-js #6611, Excel-Custom-Functions #108).
 *
 * What ExcelJS (which writes the cells) cannot do, and how it is handled here:
 * - the `cm` attribute and xl/metadata.xml: added by post-processing the zip (jszip);
 * - charts: the net-liquidity chart area is labelled and left empty, with a note saying so; the
 *   "AI credit losses" sheet carries that dashboard's data block exactly where the pane's
 *   Dashboards → Insert puts it (src/workbook/dashboards/layout.ts) and says to insert it from the
 *   pane for its native charts;
 * - custom XML parts and web-extension (add-in) parts: added by post-processing the zip.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Workbook, type Cell, type Worksheet } from 'exceljs';
import JSZip from 'jszip';
import { CATALOG_VERSION } from '../src/catalog/catalog';
import { evaluateFormula, type CellValue, type Evaluation, type FunctionSpec } from '../src/functions/callingConvention';
import { isFormulaSyntaxError, parseFormula } from '../src/functions/formulaSyntax';
import { functionTableFor } from '../src/cli/functionTable';
import { addYears } from '../src/core/dates/epochDay';
import { epochDayFromExcelSerial } from '../src/core/dates/excelSerial';
import { formatIsoDate } from '../src/core/dates/isoDate';
import type { HeldSeries } from '../src/data/heldSeries';
import { embeddedSnapshotSeries } from '../src/data/snapshot/embeddedSnapshot';
import { RecordingStore } from '../src/data/recordingStore';
import { MemoryStore } from '../src/data/store';
import { EMBEDDED_FORMAT, EMBEDDED_NAMESPACE, EMBEDDED_SETTING, encodeEmbeddedParts, type EmbeddedSetting } from '../src/workbook/embeddedPart';
import { mayRedistribute } from '../src/workbook/licences';
import { SOURCES_SHEET, sourcesRows } from '../src/workbook/sourcesSheet';
import { storedName, toStoredForm } from '../src/workbook/storedFormula';
import { findDashboard, type Dashboard } from '../src/workbook/dashboards/catalog';
import { columnLetters as dashboardColumn } from '../src/workbook/a1Address';
import { planBlocks } from '../src/workbook/dashboards/layout';

const repoRoot = resolve(__dirname, '..');
export const SAMPLE_PATH = join(repoRoot, 'examples', 'liquidity-lens-dashboard.xlsx');
const MANIFEST_PATH = join(repoRoot, 'manifest.xml');

export const DASHBOARD_SHEET = 'Dashboard';
/** The dashboard (src/workbook/dashboards/catalog.ts) whose data block the sample carries: it needs no market data. */
export const SAMPLE_DASHBOARD_ID = 'credit-losses';
export { SOURCES_SHEET };

/** OOXML names of the parts this script adds to what ExcelJS writes. */
export const PARTS = {
  customXmlItem: (n: number) => `customXml/item${n}.xml`,
  customXmlProps: (n: number) => `customXml/itemProps${n}.xml`,
  customXmlItemRels: (n: number) => `customXml/_rels/item${n}.xml.rels`,
  metadata: 'xl/metadata.xml',
  webextension: 'xl/webextensions/webextension1.xml',
  taskpanes: 'xl/webextensions/taskpanes.xml',
  taskpanesRels: 'xl/webextensions/_rels/taskpanes.xml.rels',
} as const;

export const REL = {
  customXml: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml',
  customXmlProps: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXmlProps',
  webextensionTaskpanes: 'http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes',
  webextension: 'http://schemas.microsoft.com/office/2011/relationships/webextension',
  sheetMetadata: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata',
} as const;

const CONTENT_TYPE = {
  customXmlProps: 'application/vnd.openxmlformats-officedocument.customXmlProperties+xml',
  webextension: 'application/vnd.ms-office.webextension+xml',
  taskpanes: 'application/vnd.ms-office.webextensiontaskpanes+xml',
  sheetMetadata: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml',
  xml: 'application/xml',
} as const;

const NS = {
  relationships: 'http://schemas.openxmlformats.org/package/2006/relationships',
  officeRelationships: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  customXml: 'http://schemas.openxmlformats.org/officeDocument/2006/customXml',
  webextension: 'http://schemas.microsoft.com/office/webextensions/webextension/2010/11',
  taskpanes: 'http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11',
  drawingml: 'http://schemas.openxmlformats.org/drawingml/2006/main',
} as const;

/** The Office document setting that makes Office open the pane with the workbook. */
export const AUTO_SHOW_TASKPANE = 'Office.AutoShowTaskpaneWithDocument';

// ---------------------------------------------------------------------------------------------
// Data: the add-in's embedded snapshot, redistributable series only
// ---------------------------------------------------------------------------------------------

/**
 * What the sample computes from and carries: the series of the add-in's own snapshot whose licence
 * allows redistribution (all of them today; the filter keeps it so if the snapshot grows). Market
 * prices are never in it, so the cells that need them show #N/A and say so.
 */
export function loadSampleSeries(): HeldSeries[] {
  return embeddedSnapshotSeries().filter((item) => mayRedistribute(item.series.id));
}

// ---------------------------------------------------------------------------------------------
// Formulas: one description renders both the cell's formula and the literal one evaluated
// ---------------------------------------------------------------------------------------------

type Scalar = number | string | boolean;

/** A range of input cells on the sheet: Excel reads the cells, the evaluator their values. */
interface RangeArg {
  readonly range: string;
  readonly values: readonly (readonly Scalar[])[];
}

type FormulaArg = Scalar | null | RangeArg;

function isRangeArg(arg: FormulaArg): arg is RangeArg {
  return typeof arg === 'object' && arg !== null;
}

function literal(value: Scalar): string {
  if (typeof value === 'string') return `"${value.replace(/"/g, '""')}"`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} in a formula`);
  return String(value);
}

function call(fn: string, args: readonly FormulaArg[], render: (arg: RangeArg) => string): string {
  return `${fn}(${args.map((arg) => (arg === null ? '' : isRangeArg(arg) ? render(arg) : literal(arg))).join(',')})`;
}

/** The formula as users type it (no leading "="; ranges as references). */
export function cellFormula(fn: string, args: readonly FormulaArg[]): string {
  return call(fn, args, (arg) => arg.range);
}

/** The same call with every range replaced by an array constant of its values, for the evaluator. */
export function literalFormula(fn: string, args: readonly FormulaArg[]): string {
  return call(fn, args, (arg) => `{${arg.values.map((row) => row.map(literal).join(',')).join(';')}}`);
}

/** An Excel error code as ExcelJS writes it. */
type ErrorCode = '#N/A' | '#VALUE!' | '#NUM!' | '#NAME?' | '#DIV/0!' | '#REF!' | '#NULL!';

/** A formula placed on a sheet, with what the evaluator returned for it. */
export interface PlacedFormula {
  readonly sheet: string;
  /** Top-left cell, e.g. "B7". */
  readonly address: string;
  /** The formula as typed (no leading "="), e.g. `LIQ.INDEX()`. */
  readonly formula: string;
  /** The formula as the file stores it, e.g. `_xldudf_LIQ_INDEX()`. */
  readonly stored: string;
  /** The literal formula that was evaluated (ranges replaced by their values). */
  readonly evaluated: string;
  /** Upper-case function name. */
  readonly fn: string;
  /** The result grid: 1×1 for a scalar; error cells hold their code (e.g. "#N/A"). */
  readonly rows: readonly (readonly CellValue[])[];
  /** The first error's code and message when the whole result is an Excel error. */
  readonly error?: { code: string; message: string };
  /** The range the result occupies, e.g. "B40:F145". */
  readonly range: string;
}

// ---------------------------------------------------------------------------------------------
// Layout helpers
// ---------------------------------------------------------------------------------------------

const FMT = {
  date: 'yyyy-mm-dd',
  billions: '#,##0.000',
  bp: '0',
  fraction: '0.0000',
  percent: '0.00%',
  ratio: '0.0000',
  ounces: '0.000',
  tinyOunces: '0.00000000',
  usd: '#,##0',
  plain: 'General',
} as const;

const COLOR = {
  sectionFill: 'FFDCE6F1',
  inputFill: 'FFFFF2CC',
  editedFill: 'FFF8CBAD',
  chartFill: 'FFF2F2F2',
  note: 'FF595959',
} as const;

function columnLetter(index: number): string {
  let n = index;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function address(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

function isErrorCode(value: CellValue): value is ErrorCode {
  return typeof value === 'string' && /^#(N\/A|VALUE!|NUM!|NAME\?|DIV\/0!|REF!|NULL!)$/.test(value);
}

interface SpillOptions {
  /** Number format per result column (0-based); applies below the header row when `header`. */
  readonly formats?: readonly string[];
  /** The first result row is a header (bold, no number format). */
  readonly header?: boolean;
  /** The (scalar) result is this Excel error on purpose (e.g. no data for it yet); any other error throws. */
  readonly expectError?: string;
}

/** Writes formulas and their evaluated values onto a worksheet, recording what went where. */
class SheetWriter {
  row = 1;
  readonly placed: PlacedFormula[] = [];

  constructor(
    readonly sheet: Worksheet,
    private readonly table: ReadonlyMap<string, FunctionSpec>,
  ) {}

  cell(row: number, col: number): Cell {
    return this.sheet.getCell(row, col);
  }

  text(row: number, col: number, value: string, style: { bold?: boolean; italic?: boolean; color?: string; size?: number; wrap?: boolean } = {}): void {
    const cell = this.cell(row, col);
    cell.value = value;
    if (style.bold || style.italic || style.color || style.size) {
      cell.font = { bold: style.bold, italic: style.italic, size: style.size, ...(style.color ? { color: { argb: style.color } } : {}) };
    }
    if (style.wrap) {
      cell.alignment = { wrapText: true, vertical: 'top' };
      // Excel does not grow a row to fit wrapped text it did not lay out itself: size it here.
      const width = this.sheet.getColumn(col).width ?? 10;
      const lines = Math.ceil(value.length / Math.max(10, width));
      const r = this.sheet.getRow(row);
      r.height = Math.max(r.height ?? 15, 15 * lines);
    }
  }

  /** A section title across the used columns. */
  section(title: string): void {
    this.row += 1;
    for (let col = 1; col <= 6; col++) {
      this.cell(this.row, col).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.sectionFill } };
    }
    this.text(this.row, 1, title, { bold: true, size: 12 });
    this.row += 1;
  }

  /** Input cells (values the user may edit) from the current row down, in column `col`. */
  inputs(col: number, values: readonly (readonly Scalar[])[], fill: string = COLOR.inputFill, formats: readonly string[] = []): RangeArg {
    const top = this.row;
    values.forEach((row, r) =>
      row.forEach((value, c) => {
        const cell = this.cell(top + r, col + c);
        cell.value = value;
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
        if (formats[c]) cell.numFmt = formats[c];
      }),
    );
    const width = values[0]?.length ?? 1;
    return { range: `${address(top, col)}:${address(top + values.length - 1, col + width - 1)}`, values };
  }

  /**
   * Evaluates `fn(args)` with the project's evaluator and writes it at (row, col): a scalar as the
   * formula with its cached result; a spill as the formula in the top-left cell with the top-left
   * value cached and the other values as plain values (ExcelJS cannot write dynamic arrays).
   */
  async formula(row: number, col: number, fn: string, args: readonly FormulaArg[], options: SpillOptions = {}): Promise<PlacedFormula> {
    const formula = cellFormula(fn, args);
    const stored = toStoredForm(formula, this.table.keys());
    const evaluated = literalFormula(fn, args);
    const parsed = parseFormula(evaluated);
    if (isFormulaSyntaxError(parsed)) throw new Error(`${evaluated}: ${parsed.message}`);
    const evaluation: Evaluation = await evaluateFormula(parsed, this.table);
    let rows: CellValue[][];
    let error: { code: string; message: string } | undefined;
    switch (evaluation.kind) {
      case 'value':
        rows = [[evaluation.value]];
        break;
      case 'spill':
        rows = evaluation.rows;
        if (evaluation.errors?.length) {
          const first = evaluation.errors[0];
          throw new Error(`${formula}: spill error at row ${first.row + 1}, column ${first.col + 1}: ${first.code} ${first.message}`);
        }
        break;
      case 'error':
        if (options.expectError !== evaluation.code) throw new Error(`${formula}: ${evaluation.code} ${evaluation.message}`);
        rows = [[evaluation.code]];
        error = { code: evaluation.code, message: evaluation.message };
        break;
      case 'unknown-function':
        throw new Error(`${formula}: unknown function ${evaluation.name}`);
      case 'arity':
        throw new Error(`${formula}: ${evaluation.message}`);
    }
    if (options.expectError && !error) throw new Error(`${formula}: expected ${options.expectError}, got a value; update the sample`);

    const width = rows.reduce((w, values) => Math.max(w, values.length), 0);
    const range = rows.length === 1 && width === 1 ? address(row, col) : `${address(row, col)}:${address(row + rows.length - 1, col + width - 1)}`;
    rows.forEach((values, r) =>
      values.forEach((value, c) => {
        const cell = this.cell(row + r, col + c);
        const result = isErrorCode(value) ? { error: value } : value;
        if (r === 0 && c === 0) {
          // A dynamic-array formula over the range it spills to (finishPackage adds cm="1"); the
          // other cells of the range hold their cached values only, as Excel saves a spill.
          // ExcelJS's typings want a `result` of number | string | boolean | Date | error.
          cell.value = { formula: stored, result, shareType: 'array', ref: range } as never;
        } else {
          cell.value = result as never;
        }
        const isHeader = options.header && r === 0;
        if (isHeader) cell.font = { bold: true };
        const format = options.formats?.[c];
        if (format && !isHeader) cell.numFmt = format;
      }),
    );
    const placed: PlacedFormula = {
      sheet: this.sheet.name,
      address: address(row, col),
      formula,
      stored,
      evaluated,
      fn: parsed.name,
      rows,
      ...(error ? { error } : {}),
      range,
    };
    this.placed.push(placed);
    return placed;
  }

  /** A labelled scalar row: label in A, formula in B, an optional note in C. */
  async line(label: string, fn: string, args: readonly FormulaArg[], format: string, note?: string, options: SpillOptions = {}): Promise<PlacedFormula> {
    this.text(this.row, 1, label, { wrap: true });
    const placed = await this.formula(this.row, 2, fn, args, { formats: [format], ...options });
    if (note) this.text(this.row, 3, note, { italic: true, color: COLOR.note });
    this.row += 1;
    return placed;
  }

  /** A labelled spill: label in A, the spill from B down; the cursor moves below it. */
  async spill(label: string, fn: string, args: readonly FormulaArg[], options: SpillOptions = {}): Promise<PlacedFormula> {
    this.text(this.row, 1, label, { wrap: true });
    const placed = await this.formula(this.row, 2, fn, args, options);
    this.row += placed.rows.length + 1;
    return placed;
  }
}

// ---------------------------------------------------------------------------------------------
// One of the pane's dashboards: its data block where Insert puts it (no charts: ExcelJS draws none)
// ---------------------------------------------------------------------------------------------

/** A dashboard formula (`=CREDIT.LOSS({0},"gross")`, the range as the array constant {0}) as a call with `range` in its place. */
function dashboardCall(formula: string, range?: RangeArg): { fn: string; args: FormulaArg[] } {
  const parsed = parseFormula(formula.replace(/^=/, ''));
  if (isFormulaSyntaxError(parsed)) throw new Error(`${formula}: ${parsed.message}`);
  return {
    fn: parsed.name,
    args: parsed.args.map((arg) => {
      if (!Array.isArray(arg)) return arg;
      if (!range) throw new Error(`${formula}: a range argument with no inputs block to stand for`);
      return range;
    }),
  };
}

/**
 * Writes `dashboard`'s data block on `w`'s sheet at the cells layout.ts planBlocks gives (zero-based
 * there, one-based here): titles, headers, inputs and our formulas with their evaluated values. Only
 * dashboards whose blocks are inputs, formulas over them and literal spills: a lifted column would
 * need the spill's rows as the pane finds them.
 */
async function writeDashboardBlock(w: SheetWriter, dashboard: Dashboard, today: string): Promise<void> {
  w.text(1, 1, dashboard.title, { bold: true, size: 16 });
  w.text(2, 1, `${dashboard.summary} This is its data block, where the pane's Dashboards → Insert puts it (from column ${dashboardColumn(planBlocks(dashboard, { today })[0]!.col)}); insert the dashboard from the pane for its native charts.`);
  const inputs = new Map<string, RangeArg>();
  for (const p of planBlocks(dashboard, { today })) {
    const { block } = p;
    const [row, col] = [p.row + 1, p.col + 1];
    if (block.kind === 'inputs') {
      w.text(p.titleRow + 1, col, block.title, { bold: true });
      w.text(row - 1, col, block.header, { bold: true });
      w.row = row;
      inputs.set(block.id, w.inputs(col, block.values.map((value) => [value]), COLOR.inputFill, [block.format]));
    } else if (block.kind === 'over') {
      w.text(row - 1, col, block.header, { bold: true });
      const { fn, args } = dashboardCall(block.formula('{0}'), inputs.get(block.of));
      await w.formula(row, col, fn, args, { formats: [block.format] });
    } else if (block.kind === 'spill') {
      w.text(p.titleRow + 1, col, block.title, { bold: true });
      const { fn, args } = dashboardCall(block.formula);
      await w.formula(row, col, fn, args, { header: true, formats: [...block.formats] });
    } else {
      throw new Error(`${dashboard.id}: the sample cannot lay out a ${block.kind} block (${block.id})`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The Dashboard
// ---------------------------------------------------------------------------------------------

/** Illustrative edits to the copy of the credit-loss assumptions (not data: a scenario). */
const ASSUMPTION_EDITS: Record<string, number> = {
  mortgage_loss_rate: 0.3,
  loss_reserves: 250e9,
};

const SENSITIVITY_PCTS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

interface DashboardResult {
  readonly chartArea: string;
}

async function writeDashboard(w: SheetWriter, embeddedAt: string, liqSeriesStart: string): Promise<DashboardResult> {
  const sheet = w.sheet;
  sheet.getColumn(1).width = 70;
  for (let col = 2; col <= 6; col++) sheet.getColumn(col).width = 16;
  for (let col = 8; col <= 16; col++) sheet.getColumn(col).width = 11;

  w.text(1, 1, 'Liquidity Lens — sample dashboard', { bold: true, size: 16 });
  w.text(2, 1, 'Columns B–F hold Liquidity Lens formulas (LIQ.*, CREDIT.*, RATIO.*) and their results; column A says what each block is and its units.', { wrap: true });
  w.text(3, 1, `Cached values were computed from the data embedded in this workbook (as of ${embeddedAt}; see the Sources sheet), so they show without the add-in. With the add-in, its pane opens with the workbook and computes from the same embedded data until you refresh.`, { wrap: true });
  w.text(4, 1, 'Tables are dynamic-array spills, stored as Excel stores them: the formula in the top-left cell, the cached values across its range. Market prices may not be redistributed, so cells that need them show #N/A until you refresh those series from the pane.', { wrap: true, italic: true, color: COLOR.note });
  w.text(5, 1, 'Yellow cells are inputs that formulas read: edit them.', { italic: true, color: COLOR.note });
  w.row = 6;

  w.section('Net liquidity — USD billions (Fed total assets − Treasury General Account − overnight reverse repo)');
  await w.line('Net liquidity now, USD billions (latest Wednesday the three series share)', 'LIQ.INDEX', [], FMT.billions);
  await w.line('Net liquidity as of 2025-12-24, USD billions', 'LIQ.INDEX', ['2025-12-24'], FMT.billions, 'DESIGN §3.1 golden value: 5774.891');

  w.section('Repo-market stress — basis points (positive = cash is tight)');
  await w.line('SOFR − top of the fed-funds target range, bp, latest', 'LIQ.STRESS', [null, 'UPPER'], FMT.bp);
  await w.line('SOFR − interest on reserve balances (IORB), bp, latest', 'LIQ.STRESS', [null, 'IORB'], FMT.bp);
  await w.line('SOFR − top of the range at the 2025 year-end, bp', 'LIQ.STRESS', ['2025-12-31', 'UPPER'], FMT.bp);
  await w.line(
    'Standing Repo Facility take-up, USD billions, latest',
    'LIQ.SRF',
    [],
    FMT.billions,
    '#N/A here: no SRF series was available to the author (not in the snapshot or ../shared/data). Refresh SRF from the pane (NY Fed) to fill it.',
    { expectError: '#N/A' },
  );

  w.section('Money supply — fraction (shown as %)');
  await w.line('US M2 growth over 12 months, latest month (fraction; 0.05 = 5%)', 'LIQ.M2.YOY', ['US'], FMT.percent);

  w.section('AI credit-loss scenario (DESIGN §3.3) — pct = share of US knowledge workers displaced, 0–1');
  await w.line('Capital hit at pct 0.2, fraction of bank equity', 'CREDIT.LOSS', [0.2], FMT.fraction, 'published ≈ 13%');
  await w.line('Consumer-credit losses at pct 0.2, USD billions', 'CREDIT.LOSS', [0.2, 'consumer'], FMT.billions, 'published ≈ $330B');
  await w.line('Mortgage losses at pct 0.2, USD billions', 'CREDIT.LOSS', [0.2, 'mortgage'], FMT.billions, 'published $227B');
  w.row += 1;
  await w.spill('Audit table at pct 0.2: step · value · units (each step of the model, in the units of its row)', 'CREDIT.LOSS', [0.2, 'table'], {
    header: true,
    formats: [FMT.plain, FMT.plain],
  });

  w.text(w.row, 1, 'Sensitivity: pct displaced (yellow inputs) → capital hit (fraction of bank equity) and net losses after reserves (USD billions)', { wrap: true });
  w.text(w.row, 2, 'pct (input)', { bold: true });
  w.text(w.row, 3, 'capital hit', { bold: true });
  w.text(w.row, 4, 'net, USD bn', { bold: true });
  w.row += 1;
  const pcts = w.inputs(2, SENSITIVITY_PCTS.map((pct) => [pct]), COLOR.inputFill, ['0%']);
  const sensitivityRow = w.row;
  await w.formula(sensitivityRow, 3, 'CREDIT.LOSS', [pcts], { formats: [FMT.fraction] });
  await w.formula(sensitivityRow, 4, 'CREDIT.LOSS', [pcts, 'net'], { formats: [FMT.billions] });
  w.row += SENSITIVITY_PCTS.length + 1;

  const assumptions = await w.spill('Every assumption: name · default · meaning · source · units (CREDIT.ASSUMPTIONS)', 'CREDIT.ASSUMPTIONS', [], {
    header: true,
    formats: [FMT.plain, FMT.plain],
  });

  const defaults = assumptions.rows.slice(1).map(([name, value]) => {
    if (typeof name !== 'string' || typeof value !== 'number') throw new Error(`CREDIT.ASSUMPTIONS returned an unexpected row ${name}, ${value}`);
    return [name, ASSUMPTION_EDITS[name] ?? value] as const;
  });
  for (const name of Object.keys(ASSUMPTION_EDITS)) {
    if (!defaults.some(([n]) => n === name)) throw new Error(`ASSUMPTION_EDITS names ${name}, which CREDIT.ASSUMPTIONS does not list`);
  }
  // One short line per row beside the copy, so no row grows taller than its values.
  [
    'Edited copy of the assumptions: name · value (yellow: edit them),',
    'passed to CREDIT.LOSS below as its 3rd argument (a 2-column range).',
    'Illustrative edits, not data (orange):',
    ...Object.entries(ASSUMPTION_EDITS).map(([name, value]) => `  ${name} ${assumptions.rows.find(([n]) => n === name)?.[1]} → ${value}`),
  ].forEach((line, i) => w.text(w.row + i, 1, line));
  const edited = w.inputs(2, defaults, COLOR.inputFill, [FMT.plain, FMT.plain]);
  defaults.forEach(([name], r) => {
    if (name in ASSUMPTION_EDITS) w.cell(w.row + r, 3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.editedFill } };
  });
  w.row += defaults.length;
  await w.line('Capital hit at pct 0.2 with the edited assumptions, fraction of bank equity', 'CREDIT.LOSS', [0.2, 'capital_hit', edited], FMT.fraction);
  await w.line('Net losses at pct 0.2 with the edited assumptions, USD billions', 'CREDIT.LOSS', [0.2, 'net', edited], FMT.billions);

  w.section('Gold-denominated ratios — troy ounces of gold (price ÷ gold in USD per troy ounce)');
  await w.line('S&P 500 in ounces of gold, latest month (monthly averages: open datasets s-and-p-500 and gold-prices)', 'RATIO.GOLD', ['SPX'], FMT.ounces);
  await w.line('S&P 500 in ounces of gold at the 2000-08 peak', 'RATIO.GOLD', ['SPX', '2000-08-31'], FMT.ounces, 'README golden value: 5.41');
  await w.line('US M2 in gold: USD billions ÷ USD per ounce = billions of troy ounces, latest', 'RATIO.GOLD', ['M2'], FMT.ounces);
  await w.line('One US dollar in ounces of gold (1 ÷ gold price), latest', 'RATIO.GOLD', ['USD'], FMT.tinyOunces);
  await w.line(
    'Bitcoin in ounces of gold, latest',
    'RATIO.GOLD',
    ['BTC'],
    FMT.ounces,
    '#N/A here: bitcoin prices may not be redistributed, so this workbook does not carry them. Refresh BTC from the pane to fill it.',
    { expectError: '#N/A' },
  );
  w.row += 1;
  await w.spill('S&P 500 in ounces of gold, monthly since 2024-01: date · ounces', 'RATIO.GOLD.SERIES', ['SPX', '2024-01-01', null, 'M'], {
    header: true,
    formats: [FMT.date, FMT.ounces],
  });

  w.section('Pair ratios — price ÷ price');
  await w.line('S&P 500 (index points) ÷ US M2 (USD billions), latest common month', 'RATIO.PAIR', ['SPX', 'M2'], FMT.ratio);
  await w.line(
    'Consumer staples ÷ consumer discretionary (XLP / XLY), latest',
    'RATIO.PAIR',
    ['XLP', 'XLY'],
    FMT.ratio,
    '#N/A here: ETF prices may not be redistributed. Refresh XLP and XLY from the pane to fill it.',
    { expectError: '#N/A' },
  );

  w.section('Co-movement — log returns on common dates (no units); monthly here, daily with daily prices');
  w.text(w.row, 2, 'correlation', { bold: true });
  w.text(w.row, 3, 'beta', { bold: true });
  w.row += 1;
  const pairs: [label: string, args: FormulaArg[], note?: string][] = [
    ['S&P 500 vs gold, 36 monthly return pairs, latest', ['SPX.M', 'GOLD.M', 36]],
    ['S&P 500 vs US M2, 36 monthly return pairs, latest', ['SPX.M', 'M2.US', 36]],
    ['S&P 500 vs gold, 120 monthly return pairs to 2011-09 (the ratio’s low)', ['SPX.M', 'GOLD.M', 120, '2011-09-30']],
  ];
  for (const [label, args, note] of pairs) {
    w.text(w.row, 1, label, { wrap: true });
    await w.formula(w.row, 2, 'LIQ.CORR', args, { formats: [FMT.ratio] });
    await w.formula(w.row, 3, 'LIQ.BETA', args, { formats: [FMT.ratio] });
    if (note) w.text(w.row, 4, note, { italic: true, color: COLOR.note });
    w.row += 1;
  }

  w.section('Any catalogue series — LIQ.DATA with a transform');
  await w.spill('US M2, % change from a year earlier (transform "pc1"), monthly since 2025-01: date · percent', 'LIQ.DATA', ['M2.US', '2025-01-01', null, 'pc1'], {
    header: true,
    formats: [FMT.date, '0.00'],
  });

  w.section('Global liquidity, the TGA against its target, debasement in gold, lead–lag (DESIGN §3.6–§3.9)');
  await w.line('TGA minus the Treasury’s announced cash target, 2025-10-29, USD billions', 'LIQ.TGA.GAP', ['2025-10-29'], FMT.billions, 'DESIGN §3.7: 983.859 − 850 = 133.859 (seed: “about $150B above”)');
  await w.line('US M2 in gold, change 1999-03-31 → 2026-02-27 (fraction)', 'RATIO.GOLD.CHANGE', ['M2', '1999-03-31', '2026-02-27'], FMT.percent, 'DESIGN §3.8: −70.9% (published −69%)');
  await w.spill('Fed + ECB + BoJ on 2025-05-09, each component with its FX rate (USD billions)', 'LIQ.GLOBAL', ['2025-05-09', 'table'], { header: true });
  await w.spill('Global central-bank liquidity, month ends of 2024: date · total · Fed · ECB · BoJ (USD billions)', 'LIQ.GLOBAL.SERIES', ['2024-01-01', '2024-12-31', 'M'], { header: true });
  await w.spill('S&P 500 (monthly) against US M2: lags 0–90 days over 5 years', 'LIQ.LAG', ['SPX.M', 'M2.US', 90, 1825], { header: true });

  w.section('Net liquidity, weekly, last two years — USD billions');
  const seriesRow = w.row;
  const liqSeries = await w.spill(
    'Wednesdays: date · net liquidity · Fed assets · TGA · RRP (USD billions). Chart it: select the date and net_liquidity_bn columns, Insert → Line.',
    'LIQ.SERIES',
    [liqSeriesStart, null, 'W'],
    { header: true, formats: [FMT.date, FMT.billions, FMT.billions, FMT.billions, FMT.billions] },
  );

  // The chart area: ExcelJS cannot write charts, so it is labelled and left empty, not faked.
  const chartTop = seriesRow;
  const chartBottom = seriesRow + 20;
  for (let row = chartTop; row <= chartBottom; row++) {
    for (let col = 8; col <= 16; col++) w.cell(row, col).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.chartFill } };
  }
  const [, last] = liqSeries.range.split(':');
  const lastRow = Number(/\d+$/.exec(last)?.[0]);
  w.text(chartTop, 8, 'Chart area: net liquidity over time (line chart)', { bold: true });
  w.text(chartTop + 1, 8, `No chart here: the tool that wrote this file (ExcelJS) cannot create charts. To draw it, select B${seriesRow}:C${lastRow} and choose Insert → Line,`, { italic: true, color: COLOR.note });
  w.text(chartTop + 2, 8, 'or open the Liquidity Lens pane: its Charts tab plots net liquidity with its components.', { italic: true, color: COLOR.note });
  return { chartArea: `${address(chartTop, 8)}:${address(chartBottom, 16)}` };
}

// ---------------------------------------------------------------------------------------------
// The Sources sheet
// ---------------------------------------------------------------------------------------------

function writeSources(sheet: Worksheet, items: readonly HeldSeries[], embeddedAt: string, partIds: readonly string[]): void {
  const rows = sourcesRows(items);
  const widths = [12, 34, 16, 60, 48, 30, 16, 16, 26, 60, 60];
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.getCell(1, 1).value = 'Sources of every series the Dashboard reads';
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  const parts = partIds.length === 1 ? `custom XML part ${partIds[0]}` : `${partIds.length} custom XML parts (${partIds.join(', ')})`;
  const notes = [
    `These observations are embedded in this workbook (${parts}, namespace ${EMBEDDED_NAMESPACE}, format ${EMBEDDED_FORMAT}, catalogue version ${CATALOG_VERSION}) as of ${embeddedAt}; the add-in computes from them until someone refreshes.`,
    'Only series that may be passed on are embedded: US-government statistics (public domain) and the open ODC-PDDL datasets. Market prices (gold futures, indices, ETFs, bitcoin) come from commercial providers and may not be redistributed, so they are not in this workbook: the cells that need them show #N/A until you refresh those series from the pane with your own access.',
    'Units are as published; the functions convert explicitly (e.g. WALCL and TGA in USD millions, RRP in USD billions). No API key or other secret is stored in this workbook.',
  ];
  notes.forEach((note, i) => {
    const cell = sheet.getCell(2 + i, 1);
    cell.value = note;
    cell.font = { italic: true, color: { argb: COLOR.note } };
  });
  const top = 2 + notes.length + 1;
  rows[0]!.forEach((value, c) => {
    const cell = sheet.getCell(top, c + 1);
    cell.value = value;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.sectionFill } };
  });
  rows.slice(1).forEach((row, r) => row.forEach((value, c) => (sheet.getCell(top + 1 + r, c + 1).value = value)));
  sheet.views = [{ state: 'frozen', ySplit: top }];
}

// ---------------------------------------------------------------------------------------------
// Package parts ExcelJS cannot write
// ---------------------------------------------------------------------------------------------

function xmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A GUID in Office's "{XXXXXXXX-…}" form, derived from a hash of `parts` (name-based, like UUID v5). */
export function hashGuid(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}

export interface ManifestIdentity {
  readonly id: string;
  readonly version: string;
}

/** The add-in's <Id> and <Version> from manifest.xml (the OfficeApp's own, not a nested element's). */
export function readManifestIdentity(path: string = MANIFEST_PATH): ManifestIdentity {
  const text = readFileSync(path, 'utf8');
  const id = /<OfficeApp\b[\s\S]*?<Id>\s*([^<\s]+)\s*<\/Id>/.exec(text)?.[1];
  const version = /<OfficeApp\b[\s\S]*?<Version>\s*([^<\s]+)\s*<\/Version>/.exec(text)?.[1];
  if (!id || !version) throw new Error(`${path}: no <Id> or <Version>`);
  return { id, version };
}

function customXmlProps(partId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n` +
    `<ds:datastoreItem ds:itemID="${partId}" xmlns:ds="${NS.customXml}"><ds:schemaRefs><ds:schemaRef ds:uri="${EMBEDDED_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>`
  );
}

function relationships(rels: readonly { id: string; type: string; target: string }[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<Relationships xmlns="${NS.relationships}">` +
    rels.map((rel) => `<Relationship Id="${rel.id}" Type="${rel.type}" Target="${rel.target}"/>`).join('') +
    `</Relationships>`
  );
}

/**
 * The add-in part. The reference follows "Automatically open a task pane with a document"
 * (learn.microsoft.com/office/dev/add-ins/develop/automatically-open-a-task-pane-with-a-document,
 * its table of storeType values): for a sideloaded add-in — the install route README gives for
 * Excel on the web, Windows and Mac — storeType "Registry", store "developer", the manifest's GUID
 * and version; that is also what Excel for Mac 16 wrote for a sideloaded add-in in
 * ../shared/fixtures/excel_xldudf. (A shared-folder catalog would be storeType "FileSystem" with the
 * share's path, Microsoft 365 Centralized Deployment "EXCatalog"; both depend on the deployment.)
 * Its properties are the add-in's document settings (Office.context.document.settings), each value
 * JSON-encoded. The extension lists the stored names of the custom functions the workbook uses, as
 * Excel writes it (ext {7C84B067-…}, customFunctionIdList, copied from the fixture).
 */
function webextensionXml(instanceId: string, manifest: ManifestIdentity, settings: Readonly<Record<string, unknown>>, functionIds: readonly string[]): string {
  const properties = Object.entries(settings)
    .map(([name, value]) => `<we:property name="${xmlAttr(name)}" value="${xmlAttr(JSON.stringify(value))}"/>`)
    .join('');
  const ids = functionIds.map((id) => `<we:customFunctionIds>${id}</we:customFunctionIds>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<we:webextension xmlns:we="${NS.webextension}" id="${instanceId}">` +
    `<we:reference id="${manifest.id}" version="${manifest.version}" store="developer" storeType="Registry"/>` +
    `<we:alternateReferences/>` +
    `<we:properties>${properties}</we:properties>` +
    `<we:bindings/>` +
    `<we:snapshot xmlns:r="${NS.officeRelationships}"/>` +
    `<we:extLst><a:ext xmlns:a="${NS.drawingml}" uri="${CUSTOM_FUNCTION_IDS_EXT}"><we:customFunctionIdList>${ids}</we:customFunctionIdList></a:ext></we:extLst>` +
    `</we:webextension>`
  );
}

/** The extLst entry Excel writes for an add-in's custom functions (../shared/fixtures/excel_xldudf). */
export const CUSTOM_FUNCTION_IDS_EXT = '{7C84B067-C214-45C3-A712-C9D94CD141B2}';

/**
 * The persisted pane, docked right. Visibility 1: the same page says a document that should bring
 * its add-in with it (the recipient is prompted to install and trust it) must set it to 1.
 */
function taskpanesXml(relId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<wetp:taskpanes xmlns:wetp="${NS.taskpanes}">` +
    `<wetp:taskpane dockstate="right" visibility="1" width="350" row="4">` +
    `<wetp:webextensionref xmlns:r="${NS.officeRelationships}" r:id="${relId}"/>` +
    `</wetp:taskpane></wetp:taskpanes>`
  );
}

/**
 * xl/metadata.xml as Excel writes it for dynamic-array formulas (copied from the fixture): one
 * cell-metadata block, XLDAPR with fDynamic="1", which every formula cell points at with cm="1".
 */
const DYNAMIC_ARRAY_METADATA =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
  `<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xlrd="http://schemas.microsoft.com/office/spreadsheetml/2017/richdata" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">` +
  `<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>` +
  `<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>` +
  `<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata>` +
  `</metadata>`;

/** Marks every cell holding an array formula (ExcelJS writes `<f t="array" ref=…>`) as a dynamic array: cm="1". */
export function markDynamicArrays(sheetXml: string): string {
  return sheetXml.replace(/<c ((?:(?!>)[^])*?)>(<f t="array")/g, (match, attrs: string, f: string) => (/\bcm="/.test(attrs) ? match : `<c ${attrs} cm="1">${f}`));
}

/** Adds a relationship to a .rels part with the next free rId, returning the new text. */
function addRelationship(rels: string, type: string, target: string): string {
  const used = [...rels.matchAll(/\bId="rId(\d+)"/g)].map((m) => Number(m[1]));
  const id = `rId${Math.max(0, ...used) + 1}`;
  if (!rels.includes('</Relationships>')) throw new Error('not a relationships part');
  return rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${type}" Target="${target}"/></Relationships>`);
}

function addContentTypes(types: string, overrides: readonly { part: string; type: string }[]): string {
  let out = types;
  // customXml/item{n}.xml is plain XML: Excel relies on the Default for ".xml"; add it if missing.
  if (!/<Default\s+Extension="xml"/i.test(out)) out = out.replace(/(<Types\b[^>]*>)/, `$1<Default Extension="xml" ContentType="${CONTENT_TYPE.xml}"/>`);
  const added = overrides.map((o) => `<Override PartName="/${o.part}" ContentType="${o.type}"/>`).join('');
  return out.replace('</Types>', `${added}</Types>`);
}

/**
 * Excel recalculates a whole workbook on open when it was last calculated by an older calculation
 * engine (calcPr/@calcId); ExcelJS writes Excel 2016's 171027. A full recalculation without the
 * add-in would turn every cached value into #NAME?, so the calcId is that of current Excel (the
 * fixture's workbook.xml has the same 191029).
 */
const CURRENT_EXCEL_CALC_ID = '191029';

interface PackageInputs {
  readonly partXmls: readonly string[];
  readonly partIds: readonly string[];
  readonly manifest: ManifestIdentity;
  readonly setting: EmbeddedSetting;
  /** Stored names (`_xldudf_…`) of the custom functions the workbook uses. */
  readonly functionIds: readonly string[];
  readonly zipDate: Date;
}

/** Adds the custom XML parts, the dynamic-array metadata and the add-in parts to ExcelJS's package and re-zips it deterministically. */
async function finishPackage(xlsx: Buffer, inputs: PackageInputs): Promise<Buffer> {
  const source = await JSZip.loadAsync(xlsx);
  const read = async (name: string): Promise<string> => {
    const file = source.file(name);
    if (!file) throw new Error(`ExcelJS wrote no ${name}`);
    return file.async('string');
  };
  if (source.file(PARTS.metadata)) throw new Error(`ExcelJS now writes ${PARTS.metadata}: merge rather than replace it`);
  const parts = inputs.partXmls.map((xml, i) => ({ n: i + 1, xml, id: inputs.partIds[i]! }));

  const edited = new Map<string, string>();
  edited.set(
    '[Content_Types].xml',
    addContentTypes(await read('[Content_Types].xml'), [
      { part: PARTS.metadata, type: CONTENT_TYPE.sheetMetadata },
      ...parts.map(({ n }) => ({ part: PARTS.customXmlProps(n), type: CONTENT_TYPE.customXmlProps })),
      { part: PARTS.webextension, type: CONTENT_TYPE.webextension },
      { part: PARTS.taskpanes, type: CONTENT_TYPE.taskpanes },
    ]),
  );
  // The pane is related from the package root; the custom XML parts and the metadata from the workbook part.
  edited.set('_rels/.rels', addRelationship(await read('_rels/.rels'), REL.webextensionTaskpanes, PARTS.taskpanes));
  let workbookRels = addRelationship(await read('xl/_rels/workbook.xml.rels'), REL.sheetMetadata, 'metadata.xml');
  for (const { n } of parts) workbookRels = addRelationship(workbookRels, REL.customXml, `../${PARTS.customXmlItem(n)}`);
  edited.set('xl/_rels/workbook.xml.rels', workbookRels);
  const workbookXml = await read('xl/workbook.xml');
  if (!/<calcPr\b[^>]*\bcalcId="\d+"/.test(workbookXml)) throw new Error('xl/workbook.xml has no calcPr/@calcId to update');
  edited.set('xl/workbook.xml', workbookXml.replace(/(<calcPr\b[^>]*\bcalcId=")\d+"/, `$1${CURRENT_EXCEL_CALC_ID}"`));
  for (const name of Object.keys(source.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    edited.set(name, markDynamicArrays(await read(name)));
  }

  const added: [string, string][] = [
    [PARTS.metadata, DYNAMIC_ARRAY_METADATA],
    ...parts.flatMap(({ n, xml, id }): [string, string][] => [
      [PARTS.customXmlItem(n), xml],
      [PARTS.customXmlProps(n), customXmlProps(id)],
      [PARTS.customXmlItemRels(n), relationships([{ id: 'rId1', type: REL.customXmlProps, target: `itemProps${n}.xml` }])],
    ]),
    [
      PARTS.webextension,
      webextensionXml(
        hashGuid('webextension', inputs.manifest.id),
        inputs.manifest,
        {
          [AUTO_SHOW_TASKPANE]: true,
          [EMBEDDED_SETTING]: inputs.setting,
        },
        inputs.functionIds,
      ),
    ],
    [PARTS.taskpanes, taskpanesXml('rId1')],
    [PARTS.taskpanesRels, relationships([{ id: 'rId1', type: REL.webextension, target: 'webextension1.xml' }])],
  ];

  // A fresh zip: ExcelJS's entries carry the clock's time; every entry here has the same fixed date.
  const out = new JSZip();
  const options = { date: inputs.zipDate, createFolders: false } as const;
  for (const name of Object.keys(source.files)) {
    const file = source.files[name];
    if (file.dir) continue;
    const text = edited.get(name);
    out.file(name, text ?? (await file.async('nodebuffer')), options);
  }
  for (const [name, text] of added) out.file(name, text, options);
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'DOS' });
}

// ---------------------------------------------------------------------------------------------
// The build
// ---------------------------------------------------------------------------------------------

export interface SampleWorkbook {
  readonly path: string;
  readonly bytes: number;
  /** Bytes of each customXml/item{n}.xml, in order (before the zip compresses them). */
  readonly embeddedPartBytes: readonly number[];
  readonly partIds: readonly string[];
  readonly embeddedAt: string;
  /** Catalogue ids of the embedded series: every held series a Dashboard formula read. */
  readonly seriesIds: readonly string[];
  readonly formulas: readonly PlacedFormula[];
  /** The formulas of the sheet carrying a pane dashboard's data block (SAMPLE_DASHBOARD_ID). */
  readonly dashboardFormulas: readonly PlacedFormula[];
  readonly chartArea: string;
  readonly manifest: ManifestIdentity;
}

/** Builds the sample workbook at `outPath` and says what is in it. */
export async function buildSampleWorkbook(outPath: string): Promise<SampleWorkbook> {
  const items = loadSampleSeries();
  const store = new MemoryStore(items);
  const table = functionTableFor(store);

  // LIQ.SERIES covers the two years to the latest Wednesday the data has (read before recording).
  const fullSeries = await evaluateFormula({ name: 'LIQ.SERIES', args: [null, null, 'W'] }, table);
  if (fullSeries.kind !== 'spill') throw new Error(`LIQ.SERIES(,,"W") did not spill: ${JSON.stringify(fullSeries)}`);
  const lastSerial = fullSeries.rows.at(-1)?.[0];
  if (typeof lastSerial !== 'number') throw new Error('LIQ.SERIES(,,"W") has no dated rows');
  const liqSeriesStart = formatIsoDate(addYears(epochDayFromExcelSerial(lastSerial), -2));

  const recorder = new RecordingStore(store);
  // The data is embedded "as of" its newest retrieval, not the clock, so rebuilding is a no-op.
  const embeddedAt = new Date(
    Math.max(...items.map((item) => Date.parse(item.retrievedAt)).filter((ms) => Number.isFinite(ms))),
  ).toISOString();

  const workbook = new Workbook();
  workbook.creator = 'Liquidity Lens (scripts/make-sample-workbook.ts)';
  workbook.lastModifiedBy = workbook.creator;
  workbook.created = new Date(embeddedAt);
  workbook.modified = new Date(embeddedAt);
  const dashboard = workbook.addWorksheet(DASHBOARD_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const sampleDashboard = findDashboard(SAMPLE_DASHBOARD_ID)!;
  const dashboardBlock = workbook.addWorksheet(sampleDashboard.title);
  const sources = workbook.addWorksheet(SOURCES_SHEET);

  const writer = new SheetWriter(dashboard, functionTableFor(recorder));
  const { chartArea } = await writeDashboard(writer, embeddedAt, liqSeriesStart);
  const blockWriter = new SheetWriter(dashboardBlock, functionTableFor(recorder));
  await writeDashboardBlock(blockWriter, sampleDashboard, embeddedAt.slice(0, 10));

  const used = new Set(writer.placed.map((p) => p.fn));
  const missing = [...new Set([...table.values()].map((spec) => spec.name.toUpperCase()))].filter((name) => !used.has(name));
  if (missing.length) throw new Error(`the Dashboard does not use ${missing.join(', ')}: add a block for each`);

  const heldIds = new Set(items.map((item) => item.series.id));
  const seriesIds = [...recorder.ids].filter((id) => heldIds.has(id)).sort();
  const embedded = seriesIds.map((id) => items.find((item) => item.series.id === id) as HeldSeries);
  const partXmls = encodeEmbeddedParts(embedded, embeddedAt);
  const partIds = partXmls.map((xml) => hashGuid('customXml', xml));
  const setting: EmbeddedSetting = { partIds, format: EMBEDDED_FORMAT, embeddedAt };
  writeSources(sources, embedded, embeddedAt, partIds);

  const manifest = readManifestIdentity();
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  const functionIds = [...new Set([...writer.placed, ...blockWriter.placed].map((p) => storedName(p.fn)))].sort();
  const bytes = await finishPackage(xlsx, { partXmls, partIds, manifest, setting, functionIds, zipDate: new Date(embeddedAt) });
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, bytes);
  return {
    path: outPath,
    bytes: bytes.length,
    embeddedPartBytes: partXmls.map((xml) => Buffer.byteLength(xml)),
    partIds,
    embeddedAt,
    seriesIds,
    formulas: writer.placed,
    dashboardFormulas: blockWriter.placed,
    chartArea,
    manifest,
  };
}

if (require.main === module) {
  buildSampleWorkbook(SAMPLE_PATH).then(
    (built) => {
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      console.log(`wrote ${built.path}: ${kb(built.bytes)}, ${built.formulas.length} formulas`);
      const parts = built.embeddedPartBytes.map((n, i) => `${built.partIds[i]} ${n} bytes`).join(', ');
      console.log(`embedded data: ${built.seriesIds.length} series (${built.seriesIds.join(', ')}), as of ${built.embeddedAt}, in ${built.embeddedPartBytes.length} part(s): ${parts}`);
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
