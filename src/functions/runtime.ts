/**
 * The function edge of one store, made by a host's composition root (the add-in's entry, the
 * CLI, a test): one streaming function per declaration, as Excel calls it (every declared
 * argument, omitted ones as null, then the invocation). Nothing here is global: the add-in hands
 * these functions to CustomFunctions.associate itself.
 */
import type { ObservableStore } from '../data/store';
import type { FunctionDeclaration } from './declaration';
import { FUNCTIONS } from './functionTable';
import { createStreamingContext, streamCell, type StreamingInvocationLike, type Timers } from './streaming';

/** A function as Excel calls it: its arguments, then the streaming invocation. */
export type ExcelFunction = (...argsThenInvocation: unknown[]) => void;

export interface FunctionRuntime {
  /** By Excel id (upper-case name, 'LIQ.INDEX') and by JavaScript name ('liqIndex'). */
  readonly byId: ReadonlyMap<string, ExcelFunction>;
  readonly byMethod: Readonly<Record<string, ExcelFunction>>;
}

export interface FunctionRuntimeOptions {
  readonly timers?: Timers;
  readonly loadingNoticeMs?: number;
  readonly functions?: readonly FunctionDeclaration[];
}

export function createFunctionRuntime(store: ObservableStore, options: FunctionRuntimeOptions = {}): FunctionRuntime {
  const context = createStreamingContext(store, options.timers, options.loadingNoticeMs);
  const byId = new Map<string, ExcelFunction>();
  const byMethod: Record<string, ExcelFunction> = {};
  for (const declaration of options.functions ?? FUNCTIONS) {
    const excelFunction: ExcelFunction = (...args) => {
      const invocation = args.pop() as StreamingInvocationLike<unknown>;
      streamCell(context, declaration, args, invocation);
    };
    byId.set(declaration.name.toUpperCase(), excelFunction);
    byMethod[declaration.method] = excelFunction;
  }
  return { byId, byMethod };
}

/** Registers every function of `runtime` with Excel, under the ids functions.json declares. */
export function associateWithExcel(runtime: FunctionRuntime, associate: (id: string, fn: ExcelFunction) => void): void {
  for (const [id, excelFunction] of runtime.byId) associate(id, excelFunction);
}
