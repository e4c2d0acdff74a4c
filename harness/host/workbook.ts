/**
 * The in-memory workbook behind the test host: sheets of cells, A1 addresses, and what Excel does
 * with typed input. The calculation engine (calc.ts) owns every write, so formulas and spills stay
 * consistent; this file only holds data and pure helpers.
 */
import type { CellValue } from './protocol';

export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Zero-based, inclusive. */
export interface Rect {
  readonly r0: number;
  readonly c0: number;
  readonly r1: number;
  readonly c1: number;
}

export interface CellError {
  readonly code: string;
  readonly message?: string;
}

export interface Cell {
  /** What was entered: '=…' for a formula, else the constant. Empty string for a cell filled only by a spill. */
  input: CellValue;
  /** What Excel shows: '' when empty, the error's code for an error. */
  value: CellValue;
  error?: CellError;
  numberFormat?: string;
  /** Key of the anchor cell (same sheet) whose spill filled this cell. */
  spilledFrom?: number;
}

export interface Sheet {
  readonly id: string;
  name: string;
  visibility: 'Visible' | 'Hidden' | 'VeryHidden';
  readonly cells: Map<number, Cell>;
}

export interface CustomXmlPartRecord {
  readonly id: string;
  readonly namespaceUri: string;
  xml: string;
  deleted?: boolean;
}

export const cellKey = (row: number, col: number): number => row * MAX_COLUMNS + col;
export const keyRow = (key: number): number => Math.floor(key / MAX_COLUMNS);
export const keyCol = (key: number): number => key % MAX_COLUMNS;

export function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export const a1 = (row: number, col: number): string => `${columnName(col)}${row + 1}`;

export function rectA1(rect: Rect): string {
  const first = a1(rect.r0, rect.c0);
  return rect.r0 === rect.r1 && rect.c0 === rect.c1 ? first : `${first}:${a1(rect.r1, rect.c1)}`;
}

/** Excel's quoting of a sheet name in an address: `Sheet1`, `'My Sheet'`, `'It''s'`. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) && !/^R\d*C\d*$/i.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export const qualified = (sheet: Sheet, rect: Rect): string => `${quoteSheetName(sheet.name)}!${rectA1(rect)}`;

const CELL = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

export interface ParsedAddress {
  readonly sheetName?: string;
  readonly rect: Rect;
}

/**
 * `A1`, `$B$2`, `A1:C3`, `Sheet1!A1`, `'My Sheet'!A1:B2` (whole rows or columns are not supported).
 * Returns undefined for anything else.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  let rest = text.trim();
  let sheetName: string | undefined;
  const bang = rest.lastIndexOf('!');
  if (bang >= 0) {
    const sheetPart = rest.slice(0, bang);
    rest = rest.slice(bang + 1);
    if (sheetPart.startsWith("'")) {
      if (!sheetPart.endsWith("'") || sheetPart.length < 3) return undefined;
      sheetName = sheetPart.slice(1, -1).replace(/''/g, "'");
    } else {
      if (!/^[^\s'!:[\]*?/\\]+$/.test(sheetPart)) return undefined;
      sheetName = sheetPart;
    }
  }
  const [first, second, extra] = rest.split(':');
  if (extra !== undefined || first === undefined) return undefined;
  const start = parseCell(first);
  const end = second === undefined ? start : parseCell(second);
  if (!start || !end) return undefined;
  const rect = { r0: Math.min(start.row, end.row), c0: Math.min(start.col, end.col), r1: Math.max(start.row, end.row), c1: Math.max(start.col, end.col) };
  return sheetName === undefined ? { rect } : { sheetName, rect };
}

function parseCell(text: string): { row: number; col: number } | undefined {
  const match = CELL.exec(text);
  if (!match) return undefined;
  const col = columnIndex(match[1]!);
  const row = Number(match[2]) - 1;
  if (col < 0 || col >= MAX_COLUMNS || row < 0 || row >= MAX_ROWS) return undefined;
  return { row, col };
}

export const rectRows = (rect: Rect): number => rect.r1 - rect.r0 + 1;
export const rectColumns = (rect: Rect): number => rect.c1 - rect.c0 + 1;
export const intersects = (a: Rect, b: Rect): boolean => a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1;
export const contains = (rect: Rect, row: number, col: number): boolean => row >= rect.r0 && row <= rect.r1 && col >= rect.c0 && col <= rect.c1;

/** Excel's 1900 date system: serial 1 = 1900-01-01, 60 = the phantom 1900-02-29, 45658 = 2025-01-01. */
export function isoToSerial(iso: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
  const serial = Math.round((ms - Date.UTC(1899, 11, 30)) / 86_400_000);
  return serial >= 61 && serial <= 2_958_465 ? serial : undefined;
}

/** Every error value a cell can show (a saved spill keeps only the code). */
const EXCEL_ERROR_CODES = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#UNKNOWN!',
]);
export const isErrorCode = (value: unknown): value is string => typeof value === 'string' && EXCEL_ERROR_CODES.has(value);

/** The error values a user can type or an add-in write as text and get the error, not the text. */
const TYPED_ERROR_CODES = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);
export const isTypedErrorCode = (value: unknown): value is string => typeof value === 'string' && TYPED_ERROR_CODES.has(value);

/** What a typed entry becomes. `undefined` input (null in an API array) means "leave the cell as it is". */
export type TypedInput =
  { readonly kind: 'empty' } | { readonly kind: 'formula'; readonly text: string } | { readonly kind: 'value'; readonly value: CellValue; readonly numberFormat?: string };

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/**
 * What Excel makes of an entry, whether typed by a user or written through `Range.values`/`formulas`:
 * '=…' is a formula, numeric text a number ('20%' → 0.2), TRUE/FALSE booleans, ISO dates date serials
 * (formatted yyyy-mm-dd), a leading apostrophe keeps text as text. Throws a TypeError for values a
 * cell cannot hold (objects, NaN, Infinity).
 */
export function parseTypedInput(raw: unknown): TypedInput {
  if (raw === '') return { kind: 'empty' };
  if (typeof raw === 'boolean') return { kind: 'value', value: raw };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) throw new TypeError(`a cell cannot hold ${raw}`);
    return { kind: 'value', value: raw === 0 ? 0 : raw };
  }
  if (typeof raw !== 'string') throw new TypeError(`a cell cannot hold ${Object.prototype.toString.call(raw)}`);
  if (raw.startsWith("'")) return { kind: 'value', value: raw.slice(1) };
  if (raw.startsWith('=') && raw.length > 1) return { kind: 'formula', text: raw };
  const trimmed = raw.trim();
  if (NUMBER_TEXT.test(trimmed)) {
    const percent = trimmed.endsWith('%');
    const value = Number(percent ? trimmed.slice(0, -1) : trimmed) / (percent ? 100 : 1);
    if (Number.isFinite(value)) return percent ? { kind: 'value', value, numberFormat: '0%' } : { kind: 'value', value };
  }
  const upper = trimmed.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { kind: 'value', value: upper === 'TRUE' };
  const serial = isoToSerial(trimmed);
  if (serial !== undefined) return { kind: 'value', value: serial, numberFormat: 'yyyy-mm-dd' };
  return { kind: 'value', value: raw };
}

let guidCounter = 0;
/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, upper case, as Excel's ids look. */
export function newGuid(): string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16))
      .join('')
      .toUpperCase();
  guidCounter++;
  return `{${hex(8)}-${hex(4)}-4${hex(3)}-${hex(4)}-${guidCounter.toString(16).toUpperCase().padStart(4, '0')}${hex(8)}}`;
}

const BAD_SHEET_CHARS = /[\\/?*[\]:]/;

/** Why Excel refuses a sheet name (undefined: acceptable). */
export function sheetNameProblem(name: unknown, others: readonly Sheet[]): string | undefined {
  if (typeof name !== 'string' || name.length === 0) return 'a sheet name cannot be empty';
  if (name.length > 31) return 'a sheet name has at most 31 characters';
  if (BAD_SHEET_CHARS.test(name)) return 'a sheet name cannot contain \\ / ? * [ ] :';
  if (name.startsWith("'") || name.endsWith("'")) return 'a sheet name cannot begin or end with an apostrophe';
  if (name.toLowerCase() === 'history') return '"History" is reserved';
  if (others.some((sheet) => sheet.name.toLowerCase() === name.toLowerCase())) return `a sheet named "${name}" already exists`;
  return undefined;
}
