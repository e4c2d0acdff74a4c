/**
 * A custom function is one declaration (HyperFormula's `implementedFunctions`): its Excel name,
 * description with units, parameters (each a kind from parameters.ts, with its default), the
 * series it reads, how it spills, and `compute` over coerced arguments and held series. One
 * `runFunction` (runFunction.ts) does everything else for every function; the JSDoc Excel's
 * metadata is built from, the help page and the CLI's function list all come from the table.
 */
import type { CalcError } from '../core/errors';
import type { Cell, HeldMap } from './cells';
import type { ParameterKind } from './parameters';

export interface Parameter<T> {
  readonly name: string;
  readonly description: string;
  readonly kind: ParameterKind<T>;
  readonly optional?: true;
}

/**
 * A spill that knows its size before it is built: runFunction refuses one over `max_rows`
 * without allocating its rows.
 */
export interface Spill {
  readonly kind: 'spill';
  /** Rows after the header. */
  readonly count: number;
  readonly header: readonly Cell[];
  build(): Cell[][];
}

/** What a computation answers: one cell, a fixed table (no cap), a capped spill, or an error. */
export type Computed = Cell | Cell[][] | Spill | CalcError;

type Parameters<A extends readonly unknown[]> = { readonly [K in keyof A]: Parameter<A[K]> };

export interface FunctionDeclaration<A extends readonly unknown[] = readonly unknown[]> {
  /** What users type, with its family prefix (no namespace): 'LIQ.INDEX'. */
  readonly name: string;
  /** The JavaScript name of its generated wrapper: 'liqIndex'. */
  readonly method: string;
  readonly description: string;
  readonly parameters: Parameters<A>;
  readonly result: 'scalar' | 'matrix';
  /** The index of the `max_rows` argument that caps this function's spills, if it has one. */
  readonly maxRowsArgument?: number;
  /** Catalogue ids the computation may read, from the coerced arguments (none for pure functions). */
  reads(args: A): readonly string[];
  compute(args: A, held: HeldMap): Computed;
}

/** Declares one function; typed so `reads` and `compute` see each argument's coerced type. */
export function defineFunction<A extends readonly unknown[]>(declaration: FunctionDeclaration<A>): FunctionDeclaration {
  return declaration as unknown as FunctionDeclaration;
}

export const NO_SERIES: readonly string[] = [];

/** A capped spill of `count` rows under `header`, built only when it fits. */
export function spill(count: number, header: readonly Cell[], build: () => Cell[][]): Spill {
  return { kind: 'spill', count, header, build };
}

export function isSpill(value: Computed): value is Spill {
  return typeof value === 'object' && value !== null && (value as Spill).kind === 'spill';
}
