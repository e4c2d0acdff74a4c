/**
 * The kinds of argument a function declares (functionTable.ts), each coerced once, here, from the
 * raw value Excel passes. Excel passes an omitted argument as null; an empty referenced cell as
 * null on the web and 0 on desktop (office-js #4702, #5262); dates as serials or ISO text; ranges
 * as 2-D arrays; and, because functions.json allows custom data for `any`, a data-type cell (a
 * Stocks entity, a formatted number) as its CellValue JSON object. Every coercer returns the value
 * or a CalcError whose message names the argument and says what to pass.
 *
 * Where 0 cannot be a valid value (dates, windows, max_rows) it means "omitted", so a blank cell
 * gives the same answer in every Excel (DESIGN §2a). Where 0 is valid (CREDIT.LOSS's pct) a blank
 * desktop cell is indistinguishable from a typed 0, and computes as 0.
 */
import type { CatalogEntry } from '../catalog/types';
import { CATALOG_IDS, findSeries } from '../catalog/lookup';
import { EXCEL_MAX_SERIAL, EXCEL_PHANTOM_LEAP_DAY, epochDayFromExcelSerial } from '../core/dates/excelSerial';
import { parseIsoDate } from '../core/dates/isoDate';
import { invalidNumber, invalidValue, isCalcError, notAvailable, type CalcError } from '../core/errors';
import { vintageOfDay, type Vintage } from '../data/vintage';
import { boundedEcho } from './echo';
import { findInstrument, type Instrument } from './tickers';

export type Coerced<T> = T | CalcError;

/** How a parameter is declared to Excel (functions.json) and coerced from what Excel passes. */
export interface ParameterKind<T> {
  /** `matrix` parameters receive a range as rows; `scalar` ones are lifted over a range by Excel. */
  readonly dimensionality: 'scalar' | 'matrix';
  /** What the help page and the generated JSDoc say the argument is. */
  readonly summary: string;
  coerce(value: unknown, name: string): Coerced<T>;
}

/** Excel's null for an omitted argument; also an empty cell inside a range, which arrives as "". */
export function isOmitted(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

/** A CellValue object (data types): its plain value where it has one, else the object itself. */
function plainValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const cell = value as { type?: unknown; basicValue?: unknown };
  // FormattedNumber, Double, String, Boolean: the value under the formatting (Excel's CellValue JSON).
  if (cell.type !== 'Entity' && cell.type !== 'LinkedEntity' && cell.basicValue !== undefined) return cell.basicValue;
  return value;
}

function entityText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const text = (value as { text?: unknown }).text;
  return typeof text === 'string' ? text : undefined;
}

/** How an argument reads in a message, bounded so a 100 kB text is never echoed whole. */
export function describeArgument(value: unknown): string {
  if (typeof value === 'string') return `text "${boundedEcho(value)}"`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (Array.isArray(value)) return `a range of ${value.length} row(s)`;
  if (typeof value === 'object' && value !== null) {
    const text = entityText(value);
    return text === undefined ? 'a data-type value' : `a data-type cell ("${boundedEcho(text)}")`;
  }
  return String(value);
}

function omittedOrZero(value: unknown): boolean {
  return isOmitted(value) || value === 0;
}

function coerceDay(value: unknown, name: string): Coerced<number> {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return invalidValue(`${name} must be a finite date serial`);
    if (Math.floor(value) === EXCEL_PHANTOM_LEAP_DAY) return invalidValue(`${name}: serial 60 is 1900-02-29, a day that never existed (Excel's 1900 leap-year bug)`);
    const day = epochDayFromExcelSerial(value);
    if (Number.isNaN(day)) return invalidValue(`${name} ${value} is not a date serial: use 1 (1900-01-01) to ${EXCEL_MAX_SERIAL} (9999-12-31)`);
    return day;
  }
  if (typeof value === 'string') {
    const day = parseIsoDate(value);
    if (Number.isNaN(day)) {
      // `=LIQ.DATA("GDP","2024-01-01","first")`: "first" is a vintage, which is the last argument.
      const vintageHint = value.trim().toLowerCase() === 'first' ? '; "first" is a vintage: pass it as the last argument (vintage)' : '';
      return invalidValue(`${name}: cannot read ${describeArgument(value)} as a date; use ISO text "2025-12-31" or a date serial${vintageHint}`);
    }
    return day;
  }
  return invalidValue(`${name} must be a date (serial number or ISO text "2025-12-31"), got ${describeArgument(value)}`);
}

/** An optional date as an epoch day; omitted (or a blank desktop cell, 0) → undefined, the caller's "latest". */
export const optionalDate: ParameterKind<number | undefined> = {
  dimensionality: 'scalar',
  summary: 'date (serial or ISO text "2025-12-24")',
  coerce(raw, name) {
    const value = plainValue(raw);
    return omittedOrZero(value) ? undefined : coerceDay(value, name);
  },
};

/**
 * The last argument of the point-in-time functions (DESIGN §2, §4a): omitted (or a blank desktop
 * cell, 0) → undefined, the latest data held; "first" → each observation as first published; a
 * date → the values as known on that date (a real-time date, not an observation date).
 */
export const vintage: ParameterKind<Vintage | undefined> = {
  dimensionality: 'scalar',
  summary: '"first" or a date (serial or ISO text "2019-01-01"); omitted = latest',
  coerce(raw, name) {
    const value = plainValue(raw);
    if (omittedOrZero(value)) return undefined;
    if (typeof value === 'string' && value.trim().toLowerCase() === 'first') return 'first';
    const day = coerceDay(value, name);
    if (isCalcError(day)) return invalidValue(`${name} must be "first" (each value as first published) or a date (the values as known then), got ${describeArgument(value)}`);
    return vintageOfDay(day);
  },
};

/** A required date as an epoch day. */
export const requiredDate: ParameterKind<number> = {
  dimensionality: 'scalar',
  summary: 'date (serial or ISO text "2025-12-24")',
  coerce(raw, name) {
    const value = plainValue(raw);
    if (omittedOrZero(value)) return invalidValue(`${name} is required: a date (serial or ISO text "2025-12-31"); an empty cell gives nothing`);
    return coerceDay(value, name);
  },
};

/** A finite number; text, booleans and ranges are #VALUE!. */
export function coerceNumber(raw: unknown, name: string): Coerced<number> {
  const value = plainValue(raw);
  if (typeof value !== 'number') return invalidValue(`${name} must be a number, got ${isOmitted(value) ? 'nothing' : describeArgument(value)}`);
  if (!Number.isFinite(value)) return invalidNumber(`${name} must be a finite number`);
  return value;
}

/** A whole number within [min, max]; omitted (or 0, when 0 is outside the range) → fallback. */
export function integer(range: { readonly min: number; readonly max: number; readonly fallback: number }): ParameterKind<number> {
  return {
    dimensionality: 'scalar',
    summary: `whole number ${range.min}–${range.max} (default ${range.fallback})`,
    coerce(raw, name) {
      const value = plainValue(raw);
      if (isOmitted(value) || (value === 0 && range.min > 0)) return range.fallback;
      const number = coerceNumber(value, name);
      if (isCalcError(number)) return number;
      if (!Number.isInteger(number) || number < range.min || number > range.max) {
        return invalidNumber(`${name} must be a whole number from ${range.min} to ${range.max}, got ${number}`);
      }
      return number;
    },
  };
}

/** Required text, trimmed. */
export function coerceText(raw: unknown, name: string): Coerced<string> {
  const value = plainValue(raw);
  if (typeof value !== 'string' || value.trim() === '') {
    return invalidValue(`${name} must be text, got ${isOmitted(value) || value === 0 ? 'nothing' : describeArgument(value)}`);
  }
  return value.trim();
}

/** One of a fixed set of options, case-insensitive; omitted (or a blank desktop cell) → fallback. */
export function option<T extends string>(options: readonly T[], fallback: T): ParameterKind<T> {
  return {
    dimensionality: 'scalar',
    summary: `one of ${options.map((o) => `"${o}"`).join(', ')} (default "${fallback}")`,
    coerce(raw, name) {
      const value = plainValue(raw);
      if (omittedOrZero(value)) return fallback;
      const wanted = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
      const match = options.find((candidate) => candidate.toLowerCase() === wanted);
      if (match === undefined) return invalidValue(`${name} must be one of ${options.map((o) => `"${o}"`).join(', ')}, got ${describeArgument(value)}`);
      return match;
    },
  };
}

/** Like `option`, but omitted stays undefined (no default: e.g. LIQ.DATA without a transform). */
export function optionalOption<T extends string>(options: readonly T[]): ParameterKind<T | undefined> {
  const [first] = options;
  if (first === undefined) throw new Error('optionalOption needs at least one option');
  const inner = option(options, first); // its default is never used: omitted is undefined here
  return {
    dimensionality: 'scalar',
    summary: `one of ${options.map((o) => `"${o}"`).join(', ')}, or omitted`,
    coerce: (raw, name) => (omittedOrZero(plainValue(raw)) ? undefined : inner.coerce(raw, name)),
  };
}

/**
 * The ticker a Stocks (linked entity) cell stands for: its "Ticker symbol" property, or the symbol
 * in its text ("Microsoft Corp (XNAS:MSFT)"). Undefined for any other object.
 */
function entityTicker(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const cell = value as { type?: unknown; properties?: Record<string, unknown> };
  if (cell.type !== 'Entity' && cell.type !== 'LinkedEntity') return undefined;
  for (const [key, property] of Object.entries(cell.properties ?? {})) {
    if (/^ticker( symbol)?$/i.test(key)) {
      const symbol = plainValue(property);
      if (typeof symbol === 'string' && symbol.trim() !== '') return symbol;
    }
  }
  const symbol = /\((?:[A-Z]+:)?([A-Z0-9.^=-]{1,12})\)\s*$/.exec(entityText(value) ?? '');
  return symbol?.[1];
}

/** A ticker of ours (SPX, BTC, M2, USD…) or any catalogue series id; a Stocks cell gives its symbol. */
export const ticker: ParameterKind<Instrument> = {
  dimensionality: 'scalar',
  summary: 'ticker (SPX, NDX, QQQ, BTC, NVDA, IGV, XLP, XLY, OWL, AXP, M2, USD) or a series id',
  coerce(raw, name) {
    const fromEntity = entityTicker(raw);
    if (fromEntity !== undefined) {
      const instrument = findInstrument(fromEntity);
      if (!isCalcError(instrument)) return instrument;
      return notAvailable(
        `${name}: the Stocks cell "${boundedEcho(entityText(raw) ?? fromEntity)}" is ${fromEntity}, which is not one of ours: ${instrument.message.replace(/^unknown ticker "[^"]*": /, '')}`,
      );
    }
    if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && plainValue(raw) === raw) {
      return invalidValue(`${name} got ${describeArgument(raw)}: pass a ticker as text, e.g. "SPX", or a Stocks cell of one of ours`);
    }
    const text = coerceText(raw, name);
    return isCalcError(text) ? text : findInstrument(text);
  },
};

/** A catalogue series by id, upstream id or alias. */
export const seriesId: ParameterKind<CatalogEntry> = {
  dimensionality: 'scalar',
  summary: 'series id, e.g. "WALCL", "SOFR", "M2.US"',
  coerce(raw, name) {
    const text = coerceText(raw, name);
    if (isCalcError(text)) return text;
    return findSeries(text) ?? notAvailable(`unknown series "${boundedEcho(text)}": known series are ${CATALOG_IDS.join(', ')}`);
  },
};

/** A range as rows, passed through for the function to read; a single value arrives as 1×1. */
export const matrix: ParameterKind<unknown[][]> = {
  dimensionality: 'matrix',
  summary: 'range',
  coerce: (value) => (Array.isArray(value) ? value.map((row) => (Array.isArray(row) ? row.map(plainValue) : [plainValue(row)])) : [[plainValue(value)]]),
};

/** The `max_rows` argument of every spilling series function. */
export const DEFAULT_MAX_ROWS = 5000;
export const LARGEST_MAX_ROWS = 100000;
export const maxRows = integer({ min: 1, max: LARGEST_MAX_ROWS, fallback: DEFAULT_MAX_ROWS });
