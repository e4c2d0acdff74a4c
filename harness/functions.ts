/**
 * The function runtime's functions by JavaScript name (`liqIndex`), typed by the generated metadata
 * wrappers' exports, for the tests and the benchmarks that call them the way Excel does.
 */
import * as wrappers from '../src/functions/excelFunctions.generated';
import type { ExcelFunction, FunctionRuntime } from '../src/functions/runtime';

/** The JavaScript name of a declared function: the generated wrappers' exports. */
export type FunctionName = keyof typeof wrappers;

/** A runtime's functions by JavaScript name (`fx.liqIndex`). */
export type Functions = Readonly<Record<FunctionName, ExcelFunction>>;

/** A runtime's functions by JavaScript name, checked to hold one for every generated wrapper. */
export function functionsByName(runtime: FunctionRuntime): Functions {
  const missing = Object.keys(wrappers).filter((name) => !(name in runtime.byMethod));
  if (missing.length > 0) throw new Error(`the function runtime has no function for ${missing.join(', ')} (npm run functions?)`);
  return runtime.byMethod as Functions;
}
