/**
 * The one path every function takes (HyperFormula's `runFunction`): coerce each argument by its
 * declared kind and forward the first error; hold the series the function reads (synchronously
 * when all are in memory, so a sheet over held data fills without a promise per cell); compute;
 * cap the spill before building it; refuse a non-finite number with a reason. The Excel side
 * (errors as CustomFunctions.Error, streaming) is excelErrors.ts and streaming.ts.
 */
import { invalidNumber, invalidValue, isCalcError, notAvailable } from '../core/errors';
import type { Series } from '../core/series/series';
import type { SeriesStore } from '../data/store';
import type { Answer, Cell, HeldMap } from './cells';
import { isSpill, type Computed, type FunctionDeclaration } from './declaration';
import { DEFAULT_MAX_ROWS, LARGEST_MAX_ROWS } from './parameters';

/** An answer that waits for series being loaded; `loading` names them, for the cell to say so. */
export interface PendingAnswer {
  readonly pending: Promise<Answer>;
  readonly loading: readonly string[];
}

export function isPending(result: Answer | PendingAnswer): result is PendingAnswer {
  return typeof result === 'object' && result !== null && (result as PendingAnswer).pending instanceof Promise;
}

export interface RunOptions {
  /**
   * False for Excel's formula value preview (invocation.isInValuePreview): answer from what is held,
   * never start a fetch for a formula the user has not entered yet.
   */
  readonly mayLoad: boolean;
}

/** The store itself as a HeldMap: one per store, so the synchronous path allocates nothing. */
const storeViews = new WeakMap<SeriesStore, HeldMap>();

function heldView(store: SeriesStore): HeldMap {
  let view = storeViews.get(store);
  if (view === undefined) {
    view = { get: (id) => store.peek(id)?.series };
    storeViews.set(store, view);
  }
  return view;
}

/**
 * One array per declaration that the coerced arguments of a synchronous run are written into: a
 * sheet of cells evaluates one at a time, and the arguments outlive a run only when it waits for
 * series (runFunction copies them then). Saves an allocation per call (`npm run bench`, figure 1).
 */
const scratch = new WeakMap<FunctionDeclaration, unknown[]>();

/** Coerces the raw arguments into the declaration's scratch array; the first error is the call's answer. */
function coerceArguments(declaration: FunctionDeclaration, raw: readonly unknown[]): unknown[] | Cell {
  const parameters = declaration.parameters;
  let args = scratch.get(declaration);
  if (args === undefined) scratch.set(declaration, (args = new Array<unknown>(parameters.length)));
  for (let i = 0; i < parameters.length; i++) {
    const parameter = parameters[i]!; // i < parameters.length: the per-call path, unchecked
    const value = parameter.kind.coerce(i < raw.length ? raw[i] : null, parameter.name);
    if (isCalcError(value)) return value;
    args[i] = value;
  }
  return args;
}

/** A computation's result as cells: spills capped before they are built, numbers finite. */
function settle(declaration: FunctionDeclaration, args: readonly unknown[], computed: Computed): Answer {
  if (isSpill(computed)) {
    const cap = declaration.maxRowsArgument === undefined ? DEFAULT_MAX_ROWS : (args[declaration.maxRowsArgument] as number);
    if (computed.count > cap) {
      return invalidNumber(
        `the result has ${computed.count} rows, more than max_rows ${cap}: narrow start/end, use a lower frequency, or raise max_rows (up to ${LARGEST_MAX_ROWS})`,
      );
    }
    const rows = computed.build();
    rows.unshift([...computed.header]);
    return rows;
  }
  if (typeof computed === 'number' && !Number.isFinite(computed)) {
    return invalidValue(`${declaration.name} computed ${String(computed)}: an input is zero or out of scale (check its units)`);
  }
  return computed;
}

function compute(declaration: FunctionDeclaration, args: readonly unknown[], held: HeldMap): Answer {
  return settle(declaration, args, declaration.compute(args, held));
}

/** Runs one call of `declaration` with Excel's raw arguments over `store`. Never throws for bad input. */
export function runFunction(declaration: FunctionDeclaration, raw: readonly unknown[], store: SeriesStore, options: RunOptions = { mayLoad: true }): Answer | PendingAnswer {
  const args = coerceArguments(declaration, raw);
  if (!Array.isArray(args)) return args;
  const ids = declaration.reads(args);
  let missing: string[] | undefined;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!; // an indexed loop, no iterator on the per-call path
    if (store.peek(id) === undefined) (missing ??= []).push(id);
  }
  if (missing === undefined) return compute(declaration, args, heldView(store));
  if (!options.mayLoad) return notAvailable(`${missing.join(', ')} not held yet: the cell loads ${missing.length === 1 ? 'it' : 'them'} when the formula is entered`);
  const held = new Map<string, Series>();
  for (const id of ids) {
    const item = store.peek(id);
    if (item) held.set(id, item.series);
  }
  // Keyed by the id asked for, not the series' own id: a vintage (`GDP@first`) holds a series named GDP.
  const waiting = args.slice();
  const pending = Promise.all(missing.map((id) => store.load(id))).then((loaded) => {
    missing.forEach((id, i) => {
      const item = loaded[i];
      if (item) held.set(id, item.series);
    });
    return compute(declaration, waiting, held);
  });
  return { pending, loading: missing };
}

/** The same call awaited to its final answer: what the CLI and the sample builder print. */
export async function runToAnswer(declaration: FunctionDeclaration, raw: readonly unknown[], store: SeriesStore): Promise<Answer> {
  const result = runFunction(declaration, raw, store);
  return isPending(result) ? result.pending : result;
}
