/**
 * Excel's calling convention for custom functions, stated once (the CLI, the sample-workbook
 * builder, the test host and the tests all call it): every declared parameter is passed, omitted
 * ones as `null`; a scalar passed to a matrix parameter arrives as `[[x]]`; an array passed to a
 * scalar parameter is lifted (one call per element, broadcast like Excel); a streaming function's
 * first result is the cell's value; a thrown or returned `{ code: '#…', message }` (the shape of
 * CustomFunctions.Error) is an Excel error, anything else thrown is #VALUE!. An empty referenced
 * cell arrives as `null` on the web and `0` on desktop (office-js #4702, #5262): `blankCell`.
 * Never throws. Pure: no I/O.
 */
import { definedAt } from '../core/definedAt';
import type { FunctionDeclaration } from './declaration';
import type { Arg, Matrix, ParsedFormula, Scalar } from './formulaSyntax';

/** Which Excel passes the arguments: they differ in what an empty referenced cell arrives as. */
export type ExcelProfile = 'desktop' | 'web';
export const EXCEL_PROFILES: readonly ExcelProfile[] = ['desktop', 'web'];

/** What an empty referenced cell arrives as in each Excel. */
export function blankCell(profile: ExcelProfile): 0 | null {
  return profile === 'desktop' ? 0 : null;
}

export type CellValue = number | string | boolean;

export interface FunctionParam {
  name: string;
  dimensionality: 'scalar' | 'matrix';
  optional: boolean;
}

export interface FunctionSpec {
  name: string;
  parameters: FunctionParam[];
  fn: (...args: unknown[]) => unknown;
  resultDimensionality: 'scalar' | 'matrix';
  /** A streaming function takes a trailing invocation and reports through setResult. */
  streaming?: boolean;
}

/** A function of the table as the convention sees it, calling `fn` as Excel would. */
export function specFor(declaration: FunctionDeclaration, fn: (...args: unknown[]) => unknown, streaming: boolean): FunctionSpec {
  return {
    name: declaration.name,
    parameters: declaration.parameters.map((p) => ({ name: p.name, dimensionality: p.kind.dimensionality, optional: p.optional === true })),
    fn,
    resultDimensionality: declaration.result,
    streaming,
  };
}

/**
 * A streaming function's first result, the way Excel shows the cell once it settles; the
 * invocation is then cancelled, as Excel does when a formula is removed.
 */
export function firstStreamedResult(spec: Pick<FunctionSpec, 'fn'>, args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const invocation: { setResult(value: unknown): void; onCanceled?: () => void } = {
      setResult(value) {
        resolve(value);
        invocation.onCanceled?.();
      },
    };
    try {
      spec.fn(...args, invocation);
    } catch (error) {
      reject(error);
    }
  });
}

/** An error element of a spill: `rows[row][col]` holds `code`; `message` says why. 0-based. */
export interface SpillCellError {
  row: number;
  col: number;
  code: string;
  message: string;
}

export type Evaluation =
  | { kind: 'value'; value: CellValue }
  /** Error cells appear in `rows` as their code (e.g. '#NUM!'); `errors` lists them with messages. */
  | { kind: 'spill'; rows: CellValue[][]; errors?: SpillCellError[] }
  | { kind: 'error'; code: string; message: string }
  | { kind: 'unknown-function'; name: string; known: string[] }
  | { kind: 'arity'; message: string };

/** The shape of Excel's `CustomFunctions.Error`: a string `code` starting with '#'. */
export interface ExcelErrorLike {
  code: string;
  message?: string;
}

export function isExcelError(value: unknown): value is ExcelErrorLike {
  try {
    if (typeof value !== 'object' || value === null) return false;
    const code = (value as { code?: unknown }).code;
    return typeof code === 'string' && code.startsWith('#');
  } catch {
    return false;
  }
}

type CellError = { code: string; message: string };
type Cell = { ok: true; value: CellValue } | { ok: false; error: CellError };

const NA_SHAPE = '#N/A';

export async function evaluateFormula(parsed: ParsedFormula, functions: ReadonlyMap<string, FunctionSpec>): Promise<Evaluation> {
  try {
    return await evaluate(parsed, functions);
  } catch (e) {
    return { kind: 'error', code: '#VALUE!', message: `internal error: ${describeThrown(e)}` };
  }
}

async function evaluate(parsed: ParsedFormula, functions: ReadonlyMap<string, FunctionSpec>): Promise<Evaluation> {
  const spec = lookup(parsed.name, functions);
  if (!spec) {
    const known = [...new Set([...functions.values()].map((s) => s.name))].sort();
    return { kind: 'unknown-function', name: parsed.name.toUpperCase(), known };
  }

  const arity = checkArity(spec, parsed.args);
  if (arity) return { kind: 'arity', message: arity };

  // Each declared parameter with its argument, an omitted one as null.
  const bound = spec.parameters.map((param, i) => ({ param, arg: parsed.args[i] ?? null }));
  const lifted = bound.flatMap(({ param, arg }, index) => (param.dimensionality === 'scalar' && Array.isArray(arg) ? [{ index, name: param.name, matrix: arg }] : []));

  if (lifted.length === 0) {
    const callArgs = bound.map(({ param, arg }) => passArg(param, arg));
    const outcome = await invoke(spec, callArgs);
    return outcome.grid ? fromGrid(outcome.grid) : fromCell(outcome.cell);
  }

  // Lifting: one call per element of the broadcast shape; other arguments are passed unchanged.
  const { height, width } = broadcastShape(lifted.map(({ matrix }) => matrix));
  if (height === 0 || width === 0) {
    return { kind: 'error', code: '#VALUE!', message: 'an array argument has no elements' };
  }
  const calls: Promise<Cell>[][] = [];
  for (let r = 0; r < height; r++) {
    const row: Promise<Cell>[] = [];
    for (let c = 0; c < width; c++) {
      const callArgs: unknown[] = bound.map(({ param, arg }) => passArg(param, arg));
      let outOfShape: string | undefined;
      for (const { index, name, matrix } of lifted) {
        const element = broadcastElement(matrix, r, c);
        if (element === undefined) {
          outOfShape ??= `argument '${name}' is a ${shape(matrix)} array with no element for row ${r + 1}, ` + `column ${c + 1} of the ${height}×${width} result`;
        } else {
          callArgs[index] = element.value;
        }
      }
      row.push(
        outOfShape !== undefined
          ? Promise.resolve<Cell>({ ok: false, error: { code: NA_SHAPE, message: outOfShape } })
          : invoke(spec, callArgs).then((o) => (o.grid ? topLeft(o.grid) : o.cell)),
      );
    }
    calls.push(row);
  }
  const grid = await Promise.all(calls.map((row) => Promise.all(row)));
  return fromGrid(grid);
}

/** The shape of a lifted call's result: the largest height and width of the arrays lifted. */
export function broadcastShape(arrays: readonly (readonly (readonly unknown[])[])[]): { height: number; width: number } {
  return {
    height: arrays.reduce((h, m) => Math.max(h, m.length), 0),
    width: arrays.reduce((w, m) => Math.max(w, m[0]?.length ?? 0), 0),
  };
}

/**
 * The element of a lifted array for result row r, column c (0-based), broadcast like Excel: a
 * single row or column repeats; undefined where the array has no such element (Excel's #N/A).
 */
export function broadcastElement(matrix: readonly (readonly unknown[])[], r: number, c: number): { value: unknown } | undefined {
  const rr = matrix.length === 1 ? 0 : r;
  const cc = (matrix[0]?.length ?? 0) === 1 ? 0 : c;
  const row = matrix[rr];
  return row === undefined || cc >= row.length ? undefined : { value: row[cc] };
}

function lookup(name: string, functions: ReadonlyMap<string, FunctionSpec>): FunctionSpec | undefined {
  const direct = functions.get(name);
  if (direct) return direct;
  const upper = name.toUpperCase();
  for (const [key, spec] of functions) {
    if (key.toUpperCase() === upper || spec.name.toUpperCase() === upper) return spec;
  }
  return undefined;
}

export function signature(spec: FunctionSpec): string {
  return `${spec.name}(${spec.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
}

/**
 * Excel checks the number of arguments as written: `=F(1,,3)` has three. A required parameter
 * that is written but left empty is not missing by count; it arrives as `null`.
 */
function checkArity(spec: FunctionSpec, args: readonly Arg[]): string | undefined {
  const max = spec.parameters.length;
  const required = spec.parameters.filter((p) => !p.optional).length;
  const plural = (n: number) => `${n} argument${n === 1 ? '' : 's'}`;
  if (args.length > max) {
    const allowed = max === 0 ? 'takes no arguments' : `takes at most ${plural(max)}`;
    return `${spec.name} ${allowed} but was given ${args.length}: ${signature(spec)}`;
  }
  const missing = spec.parameters.find((p, i) => !p.optional && i >= args.length);
  if (missing) {
    return `${spec.name} needs ${required === max ? '' : 'at least '}${plural(required)} but was given ` + `${args.length} (missing '${missing.name}'): ${signature(spec)}`;
  }
  return undefined;
}

function passArg(param: FunctionParam, arg: Arg): unknown {
  if (arg === null) return null;
  if (param.dimensionality === 'matrix') {
    return Array.isArray(arg) ? arg.map((row) => [...row]) : [[arg]];
  }
  return arg; // a Matrix here is replaced per element by the lifting loop
}

type Outcome = { grid: Cell[][]; cell?: undefined } | { grid?: undefined; cell: Cell };

/** Calls the function once and classifies what it returned or threw. */
async function invoke(spec: FunctionSpec, args: unknown[]): Promise<Outcome> {
  let result: unknown;
  try {
    result = await (spec.streaming ? firstStreamedResult(spec, args) : spec.fn(...args));
  } catch (e) {
    if (isExcelError(e)) return { cell: { ok: false, error: excelError(e) } };
    return { cell: internal(e) };
  }
  try {
    return classifyResult(spec, result);
  } catch (e) {
    return { cell: internal(e) };
  }
}

function classifyResult(spec: FunctionSpec, result: unknown): Outcome {
  if (isExcelError(result)) return { cell: { ok: false, error: excelError(result) } };
  if (Array.isArray(result)) {
    if (spec.resultDimensionality === 'scalar') {
      return badResult(`${spec.name} is declared to return a single value but returned an array`);
    }
    if (result.length === 0) return badResult(`${spec.name} returned an empty array`);
    if (!result.every((row) => Array.isArray(row))) {
      return badResult(`${spec.name} returned a 1-D array; a spill must be an array of rows`);
    }
    const rows = result as unknown[][];
    const width = rows.reduce((w, row) => Math.max(w, row.length), 0);
    if (width === 0) return badResult(`${spec.name} returned an array with no columns`);
    const grid = rows.map((row, r) => {
      const cells = row.map(toCell);
      for (let c = row.length; c < width; c++) {
        cells.push({
          ok: false,
          error: { code: '#N/A', message: `row ${r + 1} of the result has ${row.length} values, other rows have ${width}` },
        });
      }
      return cells;
    });
    return { grid };
  }
  if (spec.resultDimensionality === 'matrix') {
    return badResult(`${spec.name} is declared to return a matrix but returned a single value`);
  }
  return { cell: toCell(result) };
}

function badResult(message: string): Outcome {
  return { cell: { ok: false, error: { code: '#VALUE!', message } } };
}

/** One returned value (scalar result or spill element) as Excel would store it in a cell. */
function toCell(value: unknown): Cell {
  if (isExcelError(value)) return { ok: false, error: excelError(value) };
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) {
        return { ok: false, error: { code: '#NUM!', message: `the result is ${String(value)}` } };
      }
      return { ok: true, value: value === 0 ? 0 : value };
    case 'string':
    case 'boolean':
      return { ok: true, value };
    case 'undefined':
      return { ok: true, value: '' };
    case 'object':
      if (value === null) return { ok: true, value: '' };
      if (Array.isArray(value)) {
        return { ok: false, error: { code: '#VALUE!', message: 'nested arrays are not supported' } };
      }
      return { ok: false, error: { code: '#VALUE!', message: 'unsupported result value (object)' } };
    default:
      return { ok: false, error: { code: '#VALUE!', message: `unsupported result value (${typeof value})` } };
  }
}

/**
 * In a lifted call each element holds one value: a returned array contributes its top-left element
 * (classifyResult makes a grid of at least one row, each as wide as the widest, at least one).
 */
function topLeft(grid: Cell[][]): Cell {
  return definedAt(definedAt(grid, 0, 'the result rows'), 0, 'the first result row');
}

function fromCell(cell: Cell): Evaluation {
  return cell.ok ? { kind: 'value', value: cell.value } : { kind: 'error', ...cell.error };
}

function fromGrid(grid: Cell[][]): Evaluation {
  const [firstRow] = grid;
  if (grid.length === 1 && firstRow?.length === 1) return fromCell(definedAt(firstRow, 0, 'the result row'));
  const errors: SpillCellError[] = [];
  const rows = grid.map((row, r) =>
    row.map((cell, c) => {
      if (cell.ok) return cell.value;
      errors.push({ row: r, col: c, ...cell.error });
      return cell.error.code;
    }),
  );
  return errors.length > 0 ? { kind: 'spill', rows, errors } : { kind: 'spill', rows };
}

function excelError(e: ExcelErrorLike): CellError {
  let message = '';
  try {
    message = typeof e.message === 'string' ? e.message : '';
  } catch {
    // a getter that throws: keep the code
  }
  return { code: e.code, message };
}

function internal(e: unknown): Cell {
  return { ok: false, error: { code: '#VALUE!', message: `internal error: ${describeThrown(e)}` } };
}

function describeThrown(e: unknown): string {
  try {
    if (e instanceof Error) return e.message || e.name;
    return String(e);
  } catch {
    return 'unprintable exception';
  }
}

function shape(m: Matrix): string {
  return `${m.length}×${m[0]?.length ?? 0}`;
}

/** Re-exported for callers that build function tables. */
export type { Arg, Matrix, Scalar };
