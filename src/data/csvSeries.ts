import { parseIsoDate } from '../core/dates/isoDate';
import type { Series } from '../core/series/series';
import type { Unit } from '../core/units';

/** A CSV that cannot be read as a series; the message names the file and line. */
export class CsvFormatError extends Error {
  constructor(
    readonly fileName: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${fileName}, line ${line}: ${reason}`);
    this.name = 'CsvFormatError';
  }
}

const DATE_HEADERS = new Set(['date', 'observation_date']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** FRED writes "." (and some tools an empty cell) for a missing observation; such rows are skipped. */
const MISSING = new Set(['', '.']);

export interface ParsedCsv {
  readonly days: Int32Array;
  readonly values: Float64Array;
  /** The value column as written, for codecs that keep the published precision. */
  readonly valueTexts: readonly string[];
  /** The file's line number (1-based) of each observation, for messages about a value. */
  readonly lineNumbers: readonly number[];
}

/**
 * Reads a two-column series CSV: a header `date,<name>` (FRED's `observation_date,ID` and the
 * legacy `DATE,ID` too), then ISO dates, strictly ascending, with numeric values. Throws a
 * CsvFormatError naming file and line for anything else.
 */
export function parseSeriesCsv(text: string, fileName: string): ParsedCsv {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const header = splitRow(lines[0] ?? '');
  const [dateHeader = '', valueHeader = ''] = header;
  if (header.length !== 2 || !DATE_HEADERS.has(dateHeader.toLowerCase()) || valueHeader === '') {
    throw new CsvFormatError(fileName, 1, `expected the header "date,<value column>", found "${(lines[0] ?? '').trim()}"`);
  }
  const days: number[] = [];
  const values: number[] = [];
  const valueTexts: string[] = [];
  const lineNumbers: number[] = [];
  for (const [index, raw] of lines.entries()) {
    if (index === 0 || raw.trim() === '') continue;
    const lineNumber = index + 1;
    const cells = splitRow(raw);
    const [dateText, valueText] = cells;
    if (cells.length !== 2 || dateText === undefined || valueText === undefined) throw new CsvFormatError(fileName, lineNumber, `expected 2 columns, found ${cells.length}`);
    const day = parseIsoDate(dateText);
    if (Number.isNaN(day)) throw new CsvFormatError(fileName, lineNumber, `"${dateText}" is not an ISO date (YYYY-MM-DD)`);
    if (MISSING.has(valueText)) continue;
    if (!NUMBER.test(valueText)) throw new CsvFormatError(fileName, lineNumber, `"${valueText}" is not a number`);
    // 1e999 parses as Infinity, which no calculation can use (it surfaced as "the result is Infinity").
    if (!Number.isFinite(Number(valueText))) throw new CsvFormatError(fileName, lineNumber, `"${valueText}" is too large to be a number`);
    const previous = days.at(-1) ?? -Infinity;
    if (day === previous) throw new CsvFormatError(fileName, lineNumber, `duplicate date ${dateText}`);
    if (day < previous) throw new CsvFormatError(fileName, lineNumber, `date ${dateText} is earlier than the row before: dates must ascend`);
    days.push(day);
    values.push(Number(valueText));
    valueTexts.push(valueText);
    lineNumbers.push(lineNumber);
  }
  return { days: Int32Array.from(days), values: Float64Array.from(values), valueTexts, lineNumbers };
}

function splitRow(line: string): string[] {
  return line
    .replace(/\r$/, '')
    .split(',')
    .map((cell) => cell.trim());
}

/** The parsed file as a series in the given units. */
export function toSeries<U extends Unit>(parsed: ParsedCsv, id: string, units: U): Series<U> {
  return { id, units, days: parsed.days, values: parsed.values };
}
