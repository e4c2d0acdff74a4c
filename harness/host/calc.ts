/**
 * The calculation engine: every write to a cell goes through here. A formula that calls one of the
 * add-in's custom functions with literal arguments, single cells or ranges is evaluated the way the
 * custom-functions runtime does it (custom-functions-runtime.js, CustomFunctionProxy):
 *
 * - every declared parameter is passed, an omitted one as null, then the invocation context last;
 * - a scalar given to a matrix parameter arrives as [[x]]; an array given to a scalar parameter is
 *   lifted (one invocation per element, the results spilled);
 * - a referenced cell's error is passed on without calling the function; a referenced #BUSY! cell
 *   holds the call back until it has a value; an empty referenced cell arrives as null (the web; 0 on
 *   desktop: the host's profile, blankCell in src/functions/callingConvention.ts);
 * - a streaming function answers through invocation.setResult, as often as it likes; results reach
 *   the cell after the runtime's result buffer is flushed (50 ms in Excel; option resultDelayMs);
 * - a 2-D result spills (#SPILL! when the range is not blank); a CustomFunctions.Error shows its
 *   code (the message is kept for the test); a thrown exception or any other object is #VALUE!;
 * - replacing or clearing the formula, or a change of a referenced cell, cancels the invocation
 *   (onCanceled) — a changed argument then starts a new one.
 *
 * Anything else typed as a formula (operators, nested calls, Excel's built-in functions, names
 * functions.json does not list) is stored as-is with the value #UNSUPPORTED! (not an Excel code: the
 * host cannot evaluate it).
 */
import { broadcastElement, broadcastShape } from '../../src/functions/callingConvention';
import { parseFormula, type Arg } from '../../src/functions/formulaSyntax';
import { registeredName, toTypedForm } from '../../src/workbook/storedFormula';
import { BUILT_INS, type BuiltInArgument, type BuiltInResult } from './builtins';
import { CODES_WITH_MESSAGES, CustomFunctionsError, type CustomFunction } from './customFunctions';
import type { CellErrorInfo, CellValue } from './protocol';
import {
  MAX_COLUMNS,
  MAX_ROWS,
  cellKey,
  contains,
  intersects,
  keyCol,
  keyRow,
  parseAddress,
  qualified,
  type Cell,
  type CellError,
  type Rect,
  type Sheet,
  type TypedInput,
  isErrorCode,
  isTypedErrorCode,
} from './workbook';

export interface ParameterMetadata {
  readonly name: string;
  readonly type?: string;
  readonly dimensionality?: 'scalar' | 'matrix';
  readonly optional?: boolean;
  readonly repeating?: boolean;
}

export interface FunctionMetadata {
  readonly id: string;
  readonly name: string;
  readonly parameters: readonly ParameterMetadata[];
  readonly result?: { readonly type?: string; readonly dimensionality?: 'scalar' | 'matrix' };
  readonly options?: {
    readonly stream?: boolean;
    readonly cancelable?: boolean;
    readonly requiresAddress?: boolean;
    readonly requiresParameterAddresses?: boolean;
    readonly volatile?: boolean;
  };
}

/** What the engine needs from the rest of the host. */
export interface CalcEnvironment {
  readonly sheets: () => readonly Sheet[];
  readonly findSheet: (name: string) => Sheet | undefined;
  /** Upper-cased function name → metadata; undefined until functions.json is loaded. */
  readonly metadata: () => ReadonlyMap<string, FunctionMetadata> | undefined;
  readonly functions: ReadonlyMap<string, CustomFunction>;
  /** Office is ready and the metadata loaded: cells may be calculated. */
  readonly canCalculate: () => boolean;
  readonly emptyCellArgument: null | 0;
  readonly resultDelayMs: number;
  readonly record: (api: string, args: unknown[]) => void;
}

/** Excel refuses the entry (e.g. too few arguments): nothing was written. */
export class HostInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostInputError';
  }
}

/** A literal, or a reference; `spill`: a spill reference (`B5#`) whose range is the anchor's spill at evaluation time. */
type ArgExpr = { readonly kind: 'value'; readonly value: Arg } | { readonly kind: 'ref'; readonly sheet: Sheet; readonly rect: Rect; readonly spill?: true };

interface GridCell {
  readonly value: CellValue;
  readonly error?: CellError;
}

type Result = GridCell | GridCell[][];

interface LiveInvocation {
  canceled: boolean;
  readonly context: InvocationContext;
  readonly onValue: (value: Result) => void;
}

interface FormulaState {
  readonly sheet: Sheet;
  readonly key: number;
  readonly text: string;
  readonly call?: { readonly name: string; readonly args: readonly ArgExpr[] };
  /** Why it is not calculated (#UNSUPPORTED!, #REF!): shown instead. */
  problem?: CellError;
  live: LiveInvocation[];
  result?: Result;
  /** The rectangle (anchor included) the spill currently fills. */
  spill?: Rect;
  /** The rectangle the spill would fill when it is #SPILL!. */
  blockedRect?: Rect;
  updates: number;
  invocations: number;
}

const BUSY: GridCell = { value: '#BUSY!', error: { code: '#BUSY!' } };
const errorCell = (code: string, message?: string): GridCell => ({ value: code, error: message === undefined ? { code } : { code, message } });

/** The runtime's InvocationContext: functionName, address/parameterAddresses when asked for, setResult/setError when streaming. */
export class InvocationContext {
  #onCanceled: unknown;
  readonly setResult?: (value: unknown) => void;
  readonly setError?: (error: { code?: string; message?: string }) => void;
  readonly #functionName: string;
  readonly #address?: string;
  readonly #parameterAddresses?: string[];
  constructor(
    functionName: string,
    address: string | undefined,
    parameterAddresses: string[] | undefined,
    setResult?: (value: unknown) => void,
    setError?: (error: { code?: string; message?: string }) => void,
  ) {
    this.#functionName = functionName;
    this.#address = address;
    this.#parameterAddresses = parameterAddresses;
    this.setResult = setResult;
    this.setError = setError;
  }
  get functionName(): string {
    return this.#functionName;
  }
  get address(): string | undefined {
    return this.#address;
  }
  get parameterAddresses(): string[] | undefined {
    return this.#parameterAddresses;
  }
  get onCanceled(): (() => void) | undefined {
    return typeof this.#onCanceled === 'function' ? (this.#onCanceled as () => void) : undefined;
  }
  set onCanceled(handler: (() => void) | undefined) {
    this.#onCanceled = handler;
  }
}

/** The result a value passed to setResult (or returned) shows as. */
export function normalizeResult(raw: unknown): Result {
  if (Array.isArray(raw)) {
    if (raw.length === 0 || raw.every((row) => Array.isArray(row) && row.length === 0)) return errorCell('#CALC!', 'empty array');
    if (!raw.every(Array.isArray)) return errorCell('#VALUE!', 'a matrix result must be an array of rows (arrays)');
    const width = Math.max(...raw.map((row: unknown[]) => row.length));
    return raw.map((row: unknown[]) => Array.from({ length: width }, (_, c) => (c < row.length ? normalizeScalar(row[c]) : errorCell('#N/A'))));
  }
  return normalizeScalar(raw);
}

function normalizeScalar(raw: unknown): GridCell {
  if (raw instanceof CustomFunctionsError) return errorCell(raw.code, raw.message === '' ? undefined : raw.message);
  if (typeof raw === 'number') {
    if (Number.isNaN(raw)) return errorCell('#VALUE!', 'NaN');
    if (!Number.isFinite(raw)) return errorCell('#NUM!', 'Infinity');
    return { value: raw === 0 ? 0 : raw };
  }
  if (typeof raw === 'string' || typeof raw === 'boolean') return { value: raw };
  if (raw === null || raw === undefined) return { value: 0 };
  if (raw instanceof Error) return errorCell('#VALUE!', `${raw.name}: ${raw.message} (not a CustomFunctions.Error)`);
  return errorCell('#VALUE!', `cannot show ${Object.prototype.toString.call(raw)} in a cell`);
}

const sameCell = (a: Cell | undefined, b: Cell | undefined): boolean =>
  (a?.input ?? '') === (b?.input ?? '') &&
  (a?.value ?? '') === (b?.value ?? '') &&
  a?.error?.code === b?.error?.code &&
  a?.error?.message === b?.error?.message &&
  a?.spilledFrom === b?.spilledFrom &&
  a?.numberFormat === b?.numberFormat;

const PLACEHOLDER = /^\u0001(\d+)$/;
const IDENT_CHAR = /[A-Za-z0-9_.$']/;
const REFERENCE = /(?:(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Za-z]{1,3}\$?[0-9]+(?::\$?[A-Za-z]{1,3}\$?[0-9]+)?/y;

export class Calculator {
  private readonly formulas = new Map<Sheet, Map<number, FormulaState>>();
  private readonly dirty = new Set<FormulaState>();
  private readonly changes: { sheet: Sheet; rect: Rect }[] = [];
  private readonly resultBuffer = new Map<LiveInvocation, Result>();
  private names: { metadata?: ReadonlyMap<string, FunctionMetadata>; stored: Map<string, string | undefined>; typed: Map<string, string> } = {
    stored: new Map(),
    typed: new Map(),
  };
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private resultTimer: ReturnType<typeof setTimeout> | undefined;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private depth = 0;

  constructor(private readonly env: CalcEnvironment) {}

  /** Runs `write` as one operation: dependents and spills are updated once, at the end. */
  batch<T>(write: () => T): T {
    this.depth++;
    try {
      return write();
    } finally {
      if (--this.depth === 0) this.flush();
    }
  }

  formulaAt(sheet: Sheet, key: number): FormulaState | undefined {
    return this.formulas.get(sheet)?.get(key);
  }

  /** Writes an entry into a cell (checked first: a refused formula throws HostInputError and changes nothing). */
  enter(sheet: Sheet, row: number, col: number, input: TypedInput): void {
    this.batch(() => {
      const key = cellKey(row, col);
      const state = input.kind === 'formula' ? this.prepare(sheet, key, input.text, true) : undefined;
      const before = sheet.cells.get(key);
      const old = this.formulaAt(sheet, key);
      if (old) this.removeFormula(old);
      if (input.kind === 'empty') {
        // Clearing a cell that only shows another cell's spill changes nothing.
        if (before?.spilledFrom !== undefined && this.formulaAt(sheet, before.spilledFrom)) return;
        this.write(sheet, key, before?.numberFormat ? { input: '', value: '', numberFormat: before.numberFormat } : undefined);
        return;
      }
      const numberFormat = input.kind === 'value' && input.numberFormat ? input.numberFormat : before?.numberFormat;
      if (input.kind === 'value') {
        // An error typed or written as text (`#N/A`) is the error value, as in Excel.
        const error = isTypedErrorCode(input.value) ? { error: { code: input.value } } : {};
        this.write(sheet, key, { input: input.value, value: input.value, ...error, ...(numberFormat ? { numberFormat } : {}) });
      } else {
        this.register(state!);
        this.write(sheet, key, {
          input: input.text,
          ...(state!.problem ? { value: state!.problem.code, error: state!.problem } : BUSY),
          ...(numberFormat ? { numberFormat } : {}),
        });
        if (!state!.problem) this.schedule(state!);
      }
      const anchor = before?.spilledFrom !== undefined ? this.formulaAt(sheet, before.spilledFrom) : undefined;
      if (anchor) this.apply(anchor);
    });
  }

  /** Throws HostInputError if Excel would refuse this formula in this cell; changes nothing. */
  validate(sheet: Sheet, row: number, col: number, text: string): void {
    this.prepare(sheet, cellKey(row, col), text, true);
  }

  setNumberFormat(sheet: Sheet, row: number, col: number, format: string): void {
    this.batch(() => {
      const key = cellKey(row, col);
      const cell = sheet.cells.get(key);
      const numberFormat = format === 'General' ? undefined : format;
      if (!cell) {
        if (numberFormat) this.write(sheet, key, { input: '', value: '', numberFormat });
        return;
      }
      const next: Cell = { ...cell };
      if (numberFormat) next.numberFormat = numberFormat;
      else delete next.numberFormat;
      if (next.input === '' && next.value === '' && !next.numberFormat && next.spilledFrom === undefined) this.write(sheet, key, undefined);
      else this.write(sheet, key, next);
    });
  }

  /**
   * The metadata of the function a formula names: as typed (`LIQ.INDEX`), or in the stored form
   * Excel saves and reads back (`_XLDUDF_LIQ_INDEX`), which binds to the registered function whenever
   * it is registered.
   */
  private functionMeta(name: string): FunctionMetadata | undefined {
    const metadata = this.env.metadata();
    if (!metadata) return undefined;
    const direct = metadata.get(name);
    if (direct) return direct;
    const names = this.namesFor(metadata);
    if (!names.stored.has(name)) names.stored.set(name, registeredName(name, metadata.keys()));
    return metadata.get(names.stored.get(name) ?? '');
  }

  /** Per metadata (each functions.json read): stored name → registered name, formula text → typed form. */
  private namesFor(metadata: ReadonlyMap<string, FunctionMetadata>): { stored: Map<string, string | undefined>; typed: Map<string, string> } {
    if (this.names.metadata !== metadata) this.names = { metadata, stored: new Map(), typed: new Map() };
    return this.names;
  }

  /** The formula as Range.formulas shows it: a saved `_xldudf_` name reads as typed once its function is registered. */
  private shownFormula(text: string): string {
    const metadata = this.env.metadata();
    if (!metadata || !/_xldudf_/i.test(text)) return text;
    // Every result shown re-lays its cell: the typed form is worked out once per text.
    const { typed } = this.namesFor(metadata);
    let form = typed.get(text);
    if (form === undefined) typed.set(text, (form = toTypedForm(text, metadata.keys())));
    return form;
  }

  /** A formula cell with a cached value (a workbook being opened); it recalculates once the host can. */
  restoreFormula(sheet: Sheet, row: number, col: number, text: string, cached: Cell, spill?: CellValue[][]): void {
    this.batch(() => {
      const key = cellKey(row, col);
      const state = this.prepare(sheet, key, text, false);
      // A saved file names an add-in function by its stored `_xldudf_` name. A plain dotted name
      // that nothing registered when the file opened stays #NAME?, even after the add-in loads
      // (office-js #6611, Excel-Custom-Functions #108): Excel does not bind it later.
      if (state.call && !state.problem && state.call.name.includes('.') && !this.functionMeta(state.call.name)) {
        state.problem = {
          code: '#NAME?',
          message: `${state.call.name} was not a known function when the workbook opened (Excel saves add-in functions as _xldudf_ names); re-enter the formula`,
        };
        this.register(state);
        this.write(sheet, key, { ...cached, input: text, value: '#NAME?', error: state.problem });
        return;
      }
      this.register(state);
      this.write(sheet, key, { ...cached, input: text });
      if (spill && (spill.length > 1 || (spill[0]?.length ?? 0) > 1)) {
        state.result = spill.map((r) => r.map((v) => (isErrorCode(v) ? errorCell(v) : { value: v })));
        this.apply(state);
      }
      if (!state.problem) this.schedule(state);
    });
  }

  /** Before a sheet is deleted: its formulas stop; formulas elsewhere that read it become #REF!. */
  sheetDeleted(sheet: Sheet): void {
    this.batch(() => {
      for (const state of [...(this.formulas.get(sheet)?.values() ?? [])]) this.removeFormula(state);
      this.formulas.delete(sheet);
      for (const state of this.allFormulas()) {
        if (state.call?.args.some((arg) => arg.kind === 'ref' && arg.sheet === sheet)) {
          this.cancel(state);
          state.problem = { code: '#REF!', message: `the sheet "${sheet.name}" was deleted` };
          state.result = errorCell('#REF!', state.problem.message);
          this.apply(state);
        }
      }
    });
  }

  /** Cancels every invocation and forgets every formula (a different workbook is opened). */
  reset(): void {
    for (const state of this.allFormulas()) this.cancel(state);
    this.formulas.clear();
    this.dirty.clear();
    this.changes.length = 0;
    this.resultBuffer.clear();
  }

  /** A function was associated, Office became ready or the metadata arrived: calculate what waits. */
  wake(): void {
    // Coalesced into one scan: the add-in's associate() calls come in a row (one per function, each
    // a wake), and a scan of a workbook of 10,000 formulas costs about 10 ms (`npm run bench`, figure 8).
    if (this.wakeTimer !== undefined) return;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimer = undefined;
      for (const state of this.allFormulas()) {
        const cell = state.sheet.cells.get(state.key);
        if (!state.problem && cell?.error?.code === '#BUSY!' && state.live.length === 0) this.dirty.add(state);
      }
      this.schedulePump();
    }, 0);
  }

  /** Nothing waits to be calculated or delivered, and no cell shows #BUSY!. */
  isSettled(): boolean {
    if (!this.env.canCalculate() || this.wakeTimer !== undefined || this.dirty.size > 0 || this.resultBuffer.size > 0) return false;
    for (const state of this.allFormulas()) {
      const cell = state.sheet.cells.get(state.key);
      if (cell?.error?.code === '#BUSY!') return false;
      if (Array.isArray(state.result) && state.result.some((row) => row.some((c) => c.error?.code === '#BUSY!'))) return false;
    }
    return true;
  }

  stats(sheet: Sheet, key: number): { updates: number; invocations: number } | undefined {
    const state = this.formulaAt(sheet, key);
    return state ? { updates: state.updates, invocations: state.invocations } : undefined;
  }

  /** The anchor's spill as Excel would save it (errors as codes). */
  cachedSpill(sheet: Sheet, key: number): CellValue[][] | undefined {
    const result = this.formulaAt(sheet, key)?.result;
    return Array.isArray(result) && (result.length > 1 || (result[0]?.length ?? 0) > 1) ? result.map((row) => row.map((c) => c.value)) : undefined;
  }

  // ---- formulas ------------------------------------------------------------------------------

  private *allFormulas(): Generator<FormulaState> {
    for (const byKey of this.formulas.values()) yield* byKey.values();
  }

  private register(state: FormulaState): void {
    let byKey = this.formulas.get(state.sheet);
    if (!byKey) this.formulas.set(state.sheet, (byKey = new Map()));
    byKey.set(state.key, state);
  }

  private removeFormula(state: FormulaState): void {
    this.cancel(state);
    this.dirty.delete(state);
    this.clearSpill(state, undefined);
    this.formulas.get(state.sheet)?.delete(state.key);
  }

  /** Parses a formula; with `strict`, throws HostInputError for what Excel would refuse to accept. */
  private prepare(sheet: Sheet, key: number, text: string, strict: boolean): FormulaState {
    const base = { sheet, key, text, live: [], updates: 0, invocations: 0 };
    const refs: { sheet: Sheet; rect: Rect; spill?: true }[] = [];
    let missingSheet: string | undefined;
    let replaced = '';
    for (let i = 0; i < text.length;) {
      const ch = text[i]!;
      if (ch === '"') {
        const end = closingQuote(text, i);
        replaced += text.slice(i, end);
        i = end;
        continue;
      }
      if (i === 0 || !IDENT_CHAR.test(text[i - 1]!)) {
        REFERENCE.lastIndex = i;
        const match = REFERENCE.exec(text);
        const next = match ? (text[i + match[0].length] ?? '') : '';
        if (match && !/[A-Za-z0-9_.(!]/.test(next)) {
          const parsed = parseAddress(match[0]);
          const target = parsed?.sheetName === undefined ? sheet : this.env.findSheet(parsed.sheetName);
          if (parsed && !target) missingSheet ??= parsed.sheetName;
          if (parsed) {
            const spill = next === '#' && parsed.rect.r0 === parsed.rect.r1 && parsed.rect.c0 === parsed.rect.c1;
            replaced += `"\u0001${refs.length}"`;
            refs.push({ sheet: target ?? sheet, rect: parsed.rect, ...(spill ? { spill: true as const } : {}) });
            i += match[0].length + (spill ? 1 : 0);
            continue;
          }
        }
      }
      replaced += ch;
      i++;
    }
    const parsed = parseFormula(replaced);
    if (parsed instanceof Error) {
      const message = parsed.message.replace(/\u0001\d+/g, 'ref');
      return { ...base, problem: { code: '#UNSUPPORTED!', message: `the test host evaluates only a call of a custom function with literal or cell arguments: ${message}` } };
    }
    const toExpr = (arg: Arg): ArgExpr => {
      const ref = typeof arg === 'string' ? PLACEHOLDER.exec(arg) : null;
      return ref ? { kind: 'ref', ...refs[Number(ref[1])]! } : { kind: 'value', value: arg };
    };
    const call = { name: parsed.name, args: parsed.args.map(toExpr) };
    if (missingSheet !== undefined) return { ...base, call, problem: { code: '#REF!', message: `no sheet named "${missingSheet}"` } };
    const meta = this.functionMeta(call.name);
    const arity = meta ? arityProblem(meta, call.args.length) : undefined;
    if (arity && strict) throw new HostInputError(`${text}: ${arity}`);
    if (arity) return { ...base, call, problem: { code: '#N/A', message: arity } };
    return { ...base, call };
  }

  private schedule(state: FormulaState): void {
    this.dirty.add(state);
    this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpTimer !== undefined || this.dirty.size === 0) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = undefined;
      if (!this.env.canCalculate()) return; // wake() restarts the pump
      this.batch(() => {
        const states = [...this.dirty];
        this.dirty.clear();
        for (const state of states) if (this.formulaAt(state.sheet, state.key) === state) this.invoke(state);
      });
    }, 0);
  }

  private cancel(state: FormulaState): void {
    const live = state.live;
    state.live = [];
    for (const invocation of live) {
      if (invocation.canceled) continue;
      invocation.canceled = true;
      this.resultBuffer.delete(invocation);
      const handler = invocation.context.onCanceled;
      this.env.record('onCanceled', [qualified(state.sheet, rectAt(state.key)), invocation.context.functionName]);
      if (handler) {
        try {
          handler.call(invocation.context);
        } catch (error) {
          this.env.record('onCanceled threw', [String(error)]);
        }
      }
    }
  }

  private invoke(state: FormulaState): void {
    this.cancel(state);
    const call = state.call!;
    const meta = this.functionMeta(call.name);
    if (!meta && call.name.startsWith('_XLDUDF_') && this.env.metadata()?.size) {
      // A saved add-in function whose add-in did not register it (removed, renamed, not loaded).
      return this.show(state, errorCell('#NAME?', `${call.name} is an add-in function that no loaded add-in registers`));
    }
    const builtIn = meta ? undefined : BUILT_INS.get(call.name.toUpperCase());
    if (builtIn) {
      const args = this.builtInArguments(state);
      return this.show(state, 'busy' in args ? BUSY : 'error' in args ? args.error : builtInResult(builtIn(args.values)));
    }
    if (!meta) {
      // Excel would show #NAME? for an unknown name, or calculate a built-in: the host can do neither.
      const why = this.env.metadata()?.size
        ? `${call.name} is not one of the add-in's functions (functions.json); Excel built-ins are not evaluated by the test host`
        : 'functions.json could not be loaded';
      return this.show(state, errorCell('#UNSUPPORTED!', why));
    }
    const arity = arityProblem(meta, call.args.length);
    if (arity) return this.show(state, errorCell('#N/A', arity));
    const fn = this.env.functions.get(meta.id.toUpperCase());
    if (!fn) return this.show(state, BUSY); // waits for CustomFunctions.associate
    const args = this.resolveArguments(state, meta);
    if ('busy' in args) return this.show(state, BUSY);
    if ('error' in args) return this.show(state, args.error);

    if (args.lifted.length === 0) {
      this.show(state, BUSY);
      this.start(state, meta, fn, args.values, args.addresses, (result) => this.show(state, result, true));
      return;
    }
    // Lifting: one invocation per element of the broadcast shape.
    const { height, width } = broadcastShape(args.lifted.map((l) => l.matrix));
    const grid: GridCell[][] = Array.from({ length: height }, () => Array.from({ length: width }, () => BUSY));
    this.show(
      state,
      grid.map((row) => [...row]),
    );
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const values = [...args.values];
        let missing = false;
        for (const { index, matrix } of args.lifted) {
          const element = broadcastElement(matrix, r, c);
          if (element === undefined) missing = true;
          else values[index] = element.value;
        }
        if (missing) {
          grid[r]![c] = errorCell('#N/A');
          continue;
        }
        this.start(state, meta, fn, values, args.addresses, (result) => {
          grid[r]![c] = Array.isArray(result) ? result[0]![0]! : result;
          this.show(
            state,
            grid.map((row) => [...row]),
            true,
          );
        });
      }
    }
    this.show(
      state,
      grid.map((row) => [...row]),
    );
  }

  /** Calls the function once, the way CustomFunctionProxy does. */
  private start(state: FormulaState, meta: FunctionMetadata, fn: CustomFunction, values: unknown[], addresses: string[], onValue: (value: Result) => void): void {
    const streaming = meta.options?.stream === true;
    // `post` is handed to the context before the invocation record exists; it reads the record late.
    const record: { live?: LiveInvocation } = {};
    const post = (value: Result) => {
      const live = record.live;
      if (live && !live.canceled) this.post(live, value);
    };
    const context = new InvocationContext(
      meta.id,
      meta.options?.requiresAddress ? qualified(state.sheet, rectAt(state.key)) : undefined,
      meta.options?.requiresParameterAddresses ? addresses : undefined,
      streaming ? (value) => post(normalizeResult(value)) : undefined,
      streaming ? (error) => post(errorCell(error?.code ?? '#VALUE!', error?.message)) : undefined,
    );
    const live: LiveInvocation = { canceled: false, context, onValue };
    record.live = live;
    state.live.push(live);
    state.invocations++;
    this.env.record('invoke', [qualified(state.sheet, rectAt(state.key)), meta.id, ...values]);
    let returned: unknown;
    try {
      returned = fn(...values, context);
    } catch (error) {
      post(thrown(error));
      return;
    }
    if (streaming) return;
    if (returned !== null && typeof returned === 'object' && typeof (returned as PromiseLike<unknown>).then === 'function') {
      (returned as PromiseLike<unknown>).then(
        (value) => post(normalizeResult(value)),
        (reason) => post(thrown(reason)),
      );
    } else {
      post(normalizeResult(returned));
    }
  }

  /** The runtime buffers results and sends them to Excel after a short delay; the latest per invocation wins. */
  private post(live: LiveInvocation, value: Result): void {
    this.resultBuffer.set(live, value);
    if (this.resultTimer !== undefined) return;
    this.resultTimer = setTimeout(() => {
      this.resultTimer = undefined;
      const entries = [...this.resultBuffer];
      this.resultBuffer.clear();
      this.batch(() => {
        for (const [invocation, result] of entries) if (!invocation.canceled) invocation.onValue(result);
      });
    }, this.env.resultDelayMs);
  }

  /**
   * The range a reference reads now: a spill reference reads its anchor's spill (the anchor alone
   * when its result is one value); Excel shows #REF! when the cell holds no dynamic-array formula
   * or its spill is blocked.
   */
  private referencedRect(ref: { sheet: Sheet; rect: Rect; spill?: true }): Rect | { error: GridCell } {
    if (!ref.spill) return ref.rect;
    const anchor = this.formulaAt(ref.sheet, cellKey(ref.rect.r0, ref.rect.c0));
    const name = qualified(ref.sheet, ref.rect);
    if (!anchor) return { error: errorCell('#REF!', `${name}# refers to a cell that holds no formula that spills`) };
    if (anchor.blockedRect) return { error: errorCell('#REF!', `${name}# refers to a spill that is blocked (#SPILL!)`) };
    return anchor.spill ?? ref.rect;
  }

  /** A built-in's arguments: literals as they are, references as the cells they read. */
  private builtInArguments(state: FormulaState): { busy: true } | { error: GridCell } | { values: BuiltInArgument[] } {
    const values: BuiltInArgument[] = [];
    for (const expr of state.call!.args) {
      if (expr.kind === 'value') {
        values.push({ kind: 'value', value: expr.value });
        continue;
      }
      const rect = this.referencedRect(expr);
      if ('error' in rect) return rect;
      const cells: { value: CellValue; errorCode?: string }[][] = [];
      for (let r = rect.r0; r <= rect.r1; r++) {
        const row: { value: CellValue; errorCode?: string }[] = [];
        for (let c = rect.c0; c <= rect.c1; c++) {
          const cell = expr.sheet.cells.get(cellKey(r, c));
          if (cell?.error?.code === '#BUSY!') return { busy: true };
          row.push({ value: cell?.value ?? '', ...(cell?.error ? { errorCode: cell.error.code } : {}) });
        }
        cells.push(row);
      }
      values.push({ kind: 'range', cells });
    }
    return { values };
  }

  private resolveArguments(
    state: FormulaState,
    meta: FunctionMetadata,
  ): { busy: true } | { error: GridCell } | { values: unknown[]; lifted: { index: number; matrix: unknown[][] }[]; addresses: string[] } {
    const values: unknown[] = [];
    const lifted: { index: number; matrix: unknown[][] }[] = [];
    const addresses: string[] = [];
    for (let i = 0; i < meta.parameters.length; i++) {
      const param = meta.parameters[i]!;
      const expr = state.call!.args[i];
      const isMatrix = param.dimensionality === 'matrix';
      if (!expr || (expr.kind === 'value' && expr.value === null)) {
        values.push(null);
        addresses.push('');
        continue;
      }
      let matrix: readonly (readonly unknown[])[] | undefined;
      let scalar: unknown;
      if (expr.kind === 'value') {
        if (Array.isArray(expr.value)) matrix = expr.value;
        else scalar = expr.value;
        addresses.push('');
      } else {
        const rect = this.referencedRect(expr);
        if ('error' in rect) return rect;
        addresses.push(qualified(expr.sheet, rect));
        const rows: unknown[][] = [];
        for (let r = rect.r0; r <= rect.r1; r++) {
          const row: unknown[] = [];
          for (let c = rect.c0; c <= rect.c1; c++) {
            const cell = expr.sheet.cells.get(cellKey(r, c));
            if (cell?.error) return cell.error.code === '#BUSY!' ? { busy: true } : { error: errorCell(cell.error.code) };
            const empty = !cell || (cell.input === '' && cell.value === '');
            row.push(empty ? this.env.emptyCellArgument : cell.value);
          }
          rows.push(row);
        }
        if (rows.length === 1 && rows[0]!.length === 1) scalar = rows[0]![0];
        else matrix = rows;
      }
      if (matrix) {
        const coerced = matrix.map((row) => row.map((v) => coerce(param.type, v)));
        const bad = coerced.flat().find((v) => v instanceof CoercionError);
        if (bad) return { error: errorCell('#VALUE!', (bad as CoercionError).message) };
        if (isMatrix) values.push(coerced);
        else {
          values.push(null);
          lifted.push({ index: i, matrix: coerced });
        }
      } else {
        const value = coerce(param.type, scalar);
        if (value instanceof CoercionError) return { error: errorCell('#VALUE!', value.message) };
        values.push(isMatrix ? [[value]] : value);
      }
    }
    return { values, lifted, addresses };
  }

  // ---- cells and spills ------------------------------------------------------------------------

  /** Shows a result in the formula's cell (and its spill). `delivered`: it came from the function. */
  private show(state: FormulaState, result: Result, delivered = false): void {
    if (this.formulaAt(state.sheet, state.key) !== state) return;
    if (delivered) state.updates++;
    state.result = result;
    this.apply(state);
  }

  /** Lays the current result out: the anchor, and the spill unless something is in the way. */
  private apply(state: FormulaState): void {
    const { sheet, key } = state;
    const anchor = sheet.cells.get(key);
    const anchorCell = (grid: GridCell): Cell => ({
      input: this.shownFormula(state.text),
      value: grid.value,
      ...(grid.error ? { error: grid.error } : {}),
      ...(anchor?.numberFormat ? { numberFormat: anchor.numberFormat } : {}),
    });
    let result = state.result ?? BUSY;
    if (Array.isArray(result) && result.length === 1 && result[0]!.length === 1) result = result[0]![0]!;
    if (!Array.isArray(result)) {
      this.clearSpill(state, undefined);
      state.blockedRect = undefined;
      this.write(sheet, key, anchorCell(result));
      return;
    }
    const row = keyRow(key);
    const col = keyCol(key);
    const want: Rect = { r0: row, c0: col, r1: row + result.length - 1, c1: col + result[0]!.length - 1 };
    let blocked: string | undefined;
    if (want.r1 >= MAX_ROWS || want.c1 >= MAX_COLUMNS) blocked = 'the spill range extends beyond the edge of the worksheet';
    else {
      for (let r = want.r0; r <= want.r1 && !blocked; r++) {
        for (let c = want.c0; c <= want.c1; c++) {
          if (r === row && c === col) continue;
          const cell = sheet.cells.get(cellKey(r, c));
          if (cell && (cell.input !== '' || (cell.spilledFrom !== undefined && cell.spilledFrom !== key))) {
            blocked = `Spill range isn't blank (${qualified(sheet, rectAt(cellKey(r, c)))})`;
            break;
          }
        }
      }
    }
    if (blocked) {
      this.clearSpill(state, undefined);
      state.blockedRect = want;
      this.write(sheet, key, anchorCell(errorCell('#SPILL!', blocked)));
      return;
    }
    state.blockedRect = undefined;
    this.clearSpill(state, want);
    for (let r = want.r0; r <= want.r1; r++) {
      for (let c = want.c0; c <= want.c1; c++) {
        if (r === row && c === col) continue;
        const childKey = cellKey(r, c);
        const grid = result[r - row]![c - col]!;
        const existing = sheet.cells.get(childKey);
        const child: Cell = {
          input: '',
          value: grid.value,
          spilledFrom: key,
          ...(grid.error ? { error: grid.error } : {}),
          ...(existing?.numberFormat ? { numberFormat: existing.numberFormat } : {}),
        };
        if (!sameCell(existing, child)) sheet.cells.set(childKey, child);
      }
    }
    state.spill = want;
    this.changes.push({ sheet, rect: want });
    this.write(sheet, key, anchorCell(result[0]![0]!));
  }

  /** Empties the spill's cells outside `keep`. */
  private clearSpill(state: FormulaState, keep: Rect | undefined): void {
    const spill = state.spill;
    if (!spill) return;
    state.spill = undefined;
    for (let r = spill.r0; r <= spill.r1; r++) {
      for (let c = spill.c0; c <= spill.c1; c++) {
        const childKey = cellKey(r, c);
        if (childKey === state.key || (keep && contains(keep, r, c))) continue;
        const cell = state.sheet.cells.get(childKey);
        if (cell?.spilledFrom !== state.key) continue;
        if (cell.numberFormat) state.sheet.cells.set(childKey, { input: '', value: '', numberFormat: cell.numberFormat });
        else state.sheet.cells.delete(childKey);
      }
    }
    this.changes.push({ sheet: state.sheet, rect: spill });
  }

  private write(sheet: Sheet, key: number, cell: Cell | undefined): void {
    const before = sheet.cells.get(key);
    if (sameCell(before, cell)) return;
    if (cell) sheet.cells.set(key, cell);
    else sheet.cells.delete(key);
    this.changes.push({ sheet, rect: rectAt(key) });
  }

  /** Recalculates what read a changed cell, and re-lays spills a change unblocked. */
  private flush(): void {
    for (let round = 0; this.changes.length > 0; round++) {
      if (round > 1000) throw new Error('test host: the workbook does not settle (circular references?)');
      const changed = new ChangeIndex(this.changes.splice(0));
      const hit = (sheet: Sheet, rect: Rect) => changed.hits(sheet, rect);
      for (const state of [...this.allFormulas()]) {
        if (this.formulaAt(state.sheet, state.key) !== state) continue;
        if (!state.problem && state.call?.args.some((arg) => arg.kind === 'ref' && hit(arg.sheet, arg.rect))) {
          this.cancel(state);
          this.schedule(state);
        }
        if (state.blockedRect && hit(state.sheet, state.blockedRect)) this.apply(state);
      }
    }
  }
}

/**
 * The cells one round of writes changed, indexed so that "does this rectangle touch a change?" costs
 * about the rectangle's size, not the number of changes: opening a workbook or delivering a result
 * buffer writes thousands of cells, and every formula with a reference asks (10,000 × 10,000
 * intersection tests took seconds; `npm run bench`, figure 8).
 */
class ChangeIndex {
  private readonly bySheet = new Map<Sheet, { cells: Set<number>; rects: Rect[] }>();

  constructor(changes: readonly { sheet: Sheet; rect: Rect }[]) {
    for (const { sheet, rect } of changes) {
      let entry = this.bySheet.get(sheet);
      if (!entry) this.bySheet.set(sheet, (entry = { cells: new Set(), rects: [] }));
      if (rect.r0 === rect.r1 && rect.c0 === rect.c1) entry.cells.add(cellKey(rect.r0, rect.c0));
      else entry.rects.push(rect);
    }
  }

  /** Whether `rect` on `sheet` intersects any change. */
  hits(sheet: Sheet, rect: Rect): boolean {
    const entry = this.bySheet.get(sheet);
    if (!entry) return false;
    if (entry.rects.some((change) => intersects(change, rect))) return true;
    const area = (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
    if (area <= entry.cells.size) {
      for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) if (entry.cells.has(cellKey(r, c))) return true;
      return false;
    }
    for (const key of entry.cells) if (contains(rect, keyRow(key), keyCol(key))) return true;
    return false;
  }
}

class CoercionError {
  constructor(readonly message: string) {}
}

/** Excel converts arguments to a parameter's declared type (number, string, boolean); `any` passes as is. */
function coerce(type: string | undefined, value: unknown): unknown {
  if (value === null || value === undefined || type === undefined || type === 'any') return value ?? null;
  if (type === 'number') {
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    const n = Number(String(value).trim());
    return String(value).trim() !== '' && Number.isFinite(n) ? n : new CoercionError(`"${String(value)}" is not a number`);
  }
  if (type === 'string') return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
  if (type === 'boolean') {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return value !== 0;
    const upper = String(value).toUpperCase();
    return upper === 'TRUE' ? true : upper === 'FALSE' ? false : new CoercionError(`"${String(value)}" is not TRUE or FALSE`);
  }
  return value;
}

function builtInResult(result: BuiltInResult): Result {
  if ('rows' in result) return result.rows.map((row) => row.map((cell) => (cell.errorCode ? errorCell(cell.errorCode) : { value: cell.value === '' ? 0 : cell.value })));
  return 'error' in result ? errorCell(result.error, result.message) : { value: result.value };
}

function thrown(error: unknown): GridCell {
  if (error instanceof CustomFunctionsError) return errorCell(error.code, error.message === '' ? undefined : error.message);
  return errorCell('#VALUE!', `the function threw: ${error instanceof Error ? error.message : String(error)}`);
}

function arityProblem(meta: FunctionMetadata, count: number): string | undefined {
  if (meta.parameters.some((p) => p.repeating)) return undefined;
  const required = meta.parameters.filter((p) => !p.optional).length;
  if (count < required) return `too few arguments: ${meta.name} needs at least ${required}`;
  if (count > meta.parameters.length) return `too many arguments: ${meta.name} takes at most ${meta.parameters.length}`;
  return undefined;
}

function closingQuote(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const end = text.indexOf('"', i);
    if (end < 0) return text.length;
    if (text[end + 1] === '"') {
      i = end + 2;
      continue;
    }
    return end + 1;
  }
}

const rectAt = (key: number): Rect => ({ r0: keyRow(key), c0: keyCol(key), r1: keyRow(key), c1: keyCol(key) });

/** What the test sees of an error: Excel shows custom messages only for #VALUE! and #N/A. */
export function errorInfo(error: CellError): CellErrorInfo {
  return { code: error.code, ...(error.message !== undefined ? { message: error.message } : {}), messageShown: error.message !== undefined && CODES_WITH_MESSAGES.has(error.code) };
}
