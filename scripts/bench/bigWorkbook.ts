/**
 * The big workbook of `npm run bench` figures 8–10 (DESIGN §9, issue 17): 10,000 of our formulas
 * in a realistic mix, as a saved file the Office test host opens (harness/host, WorkbookSnapshot):
 *
 *   A2:A4991   dates, one calendar day apart, ending `lastDate` (2013 → 2026: before daily SPX
 *              begins, RATIO.GOLD answers from the monthly histories; the held data after)
 *   B2:B4991   =RATIO.GOLD("SPX",A2)   down the column of dates          (reads SPX, GOLD, SPX.M, GOLD.M)
 *   C2:C4991   =LIQ.INDEX(A2)          beside it                          (reads WALCL, TGA, RRP)
 *   E2, E3     =RATIO.GOLD("SPX") and =LIQ.INDEX(): the latest values
 *   G2:G31     scenario percentages; I2, I6, … I38: ten =CREDIT.LOSS(G2:G4) over ranges of three (spills)
 *   K2 … K32   four =LIQ.SERIES(start,end) spills of one month each (weekly rows, 5 columns)
 *   Q2 … Q92   four =RATIO.GOLD.SERIES("SPX",start,end) spills of about a month of daily rows, the
 *              last ending `recentEnd` (so a refresh of SPX changes what they show)
 *
 * Formulas are saved as Excel saves add-in functions (`_xldudf_` names), with a cached value of 0,
 * as a file saved before its data was refreshed. Each formula is one invocation (CREDIT.LOSS takes
 * its range as one matrix argument, no lifting), so the workbook costs `formulas.length` calls.
 */
import { excelSerialFromEpochDay } from '../../src/core/dates/excelSerial';
import { formatIsoDate, parseIsoDate } from '../../src/core/dates/isoDate';
import { toStoredForm } from '../../src/workbook/storedFormula';
import type { CellSnapshot, WorkbookSnapshot } from '../../harness/host/protocol';

export const SHEET = 'Sheet1';
/** Our functions the workbook calls (for toStoredForm). */
export const WORKBOOK_FUNCTIONS = ['RATIO.GOLD', 'LIQ.INDEX', 'CREDIT.LOSS', 'LIQ.SERIES', 'RATIO.GOLD.SERIES'] as const;
export type WorkbookFunction = (typeof WORKBOOK_FUNCTIONS)[number];

/** Formulas besides the two columns: 2 latest values, 10 CREDIT.LOSS ranges, 4 + 4 series spills. */
export const EXTRA_FORMULAS = 20;
export const DEFAULT_FORMULAS = 10_000;

export interface BigWorkbookOptions {
  /** How many of our formulas in all (default 10,000; at least EXTRA_FORMULAS + 2, even). */
  readonly formulas?: number;
  /** The last date of column A, ISO (default 2026-07-22: the embedded snapshot's TGA ends there, so every LIQ.INDEX has data). */
  readonly lastDate?: string;
  /** The last day of the most recent RATIO.GOLD.SERIES window, ISO (default `lastDate`). */
  readonly recentEnd?: string;
}

export interface WorkbookFormula {
  /** A1 address on SHEET. */
  readonly address: string;
  readonly fn: WorkbookFunction;
  /** The formula as typed (the snapshot holds its stored `_xldudf_` form). */
  readonly text: string;
  /** Whether it reads SPX (so a refresh of SPX recomputes it). */
  readonly readsSpx: boolean;
  /** Whether its answer spills (a 2-D result). */
  readonly spills: boolean;
}

export interface BigWorkbook {
  readonly snapshot: WorkbookSnapshot;
  readonly formulas: readonly WorkbookFormula[];
  /** Formulas per function. */
  readonly byFunction: Readonly<Record<WorkbookFunction, number>>;
  /** Rows of the two columns (B and C), from row 2. */
  readonly rows: number;
  /** Sheet-qualified ranges a check can read in one call. */
  readonly ranges: { readonly dates: string; readonly ratio: string; readonly liquidity: string };
  /** For each spilling formula (in `formulas` order), the sheet-qualified block its spill can fill. */
  readonly spillBlocks: readonly string[];
}

const FORMAT = 'yyyy-mm-dd';

function a1(col: string, row: number): string {
  return `${col}${row}`;
}

/** A month-long window ending `end` (epoch day), as ISO text. */
function window(end: number, days: number): [string, string] {
  return [formatIsoDate(end - days + 1), formatIsoDate(end)];
}

export function bigWorkbook(options: BigWorkbookOptions = {}): BigWorkbook {
  const total = options.formulas ?? DEFAULT_FORMULAS;
  if (total < EXTRA_FORMULAS + 2 || (total - EXTRA_FORMULAS) % 2 !== 0)
    throw new Error(`bigWorkbook: ${total} formulas cannot be laid out (at least ${EXTRA_FORMULAS + 2}, an even number of column rows)`);
  const rows = (total - EXTRA_FORMULAS) / 2;
  const lastDate = parseIsoDate(options.lastDate ?? '2026-07-22');
  const recentEnd = parseIsoDate(options.recentEnd ?? formatIsoDate(lastDate));
  if (Number.isNaN(lastDate) || Number.isNaN(recentEnd)) throw new Error('bigWorkbook: lastDate and recentEnd are ISO dates');

  const cells: Record<string, CellSnapshot> = {};
  const formulas: WorkbookFormula[] = [];
  const spillBlocks: string[] = [];
  const add = (address: string, fn: WorkbookFunction, text: string, readsSpx: boolean, spill?: { to: string; rows: number }) => {
    formulas.push({ address, fn, text, readsSpx, spills: spill !== undefined });
    cells[address] = { f: toStoredForm(text, WORKBOOK_FUNCTIONS), v: 0 };
    if (spill) spillBlocks.push(`${SHEET}!${address}:${spill.to}${Number(address.slice(1)) + spill.rows - 1}`);
  };

  cells.A1 = { v: 'date' };
  cells.B1 = { v: 'SPX in gold oz' };
  cells.C1 = { v: 'net liquidity, USD bn' };
  for (let i = 0; i < rows; i++) {
    const row = i + 2;
    cells[a1('A', row)] = { v: excelSerialFromEpochDay(lastDate - (rows - 1 - i)), nf: FORMAT };
    add(a1('B', row), 'RATIO.GOLD', `=RATIO.GOLD("SPX",A${row})`, true);
    add(a1('C', row), 'LIQ.INDEX', `=LIQ.INDEX(A${row})`, false);
  }

  cells.E1 = { v: 'latest' };
  add('E2', 'RATIO.GOLD', '=RATIO.GOLD("SPX")', true);
  add('E3', 'LIQ.INDEX', '=LIQ.INDEX()', false);

  cells.G1 = { v: 'pct' };
  for (let i = 0; i < 30; i++) cells[a1('G', i + 2)] = { v: (i + 1) / 100 };
  for (let k = 0; k < 10; k++) add(a1('I', 2 + 4 * k), 'CREDIT.LOSS', `=CREDIT.LOSS(G${2 + 3 * k}:G${4 + 3 * k})`, false, { to: 'I', rows: 3 });

  for (let k = 0; k < 4; k++) {
    const [start, end] = window(lastDate - 31 * (3 - k), 31);
    add(a1('K', 2 + 10 * k), 'LIQ.SERIES', `=LIQ.SERIES("${start}","${end}")`, false, { to: 'O', rows: 10 });
  }
  for (let k = 0; k < 4; k++) {
    const [start, end] = window(recentEnd - 31 * (3 - k), 28);
    add(a1('Q', 2 + 30 * k), 'RATIO.GOLD.SERIES', `=RATIO.GOLD.SERIES("SPX","${start}","${end}")`, true, { to: 'R', rows: 30 });
  }

  const byFunction = Object.fromEntries(WORKBOOK_FUNCTIONS.map((fn) => [fn, formulas.filter((f) => f.fn === fn).length])) as Record<WorkbookFunction, number>;
  return {
    snapshot: { format: 'liquidity-lens-test-workbook/1', sheets: [{ name: SHEET, cells }], activeSheet: SHEET, settings: {}, customXmlParts: [] },
    formulas,
    byFunction,
    rows,
    ranges: { dates: `${SHEET}!A2:A${rows + 1}`, ratio: `${SHEET}!B2:B${rows + 1}`, liquidity: `${SHEET}!C2:C${rows + 1}` },
    spillBlocks,
  };
}
