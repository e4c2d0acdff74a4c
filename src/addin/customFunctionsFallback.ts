/**
 * Outside Excel (the pane opened in a plain browser, a page test without the host) there is no
 * CustomFunctions global, and the associate calls that register the functions would throw and
 * stop the whole bundle. This module, imported before the functions are registered, supplies a
 * registry that ignores them, so the pane still works.
 *
 * It also wraps `CustomFunctions.associate` so that each registered function notes, when Excel
 * invokes it, that this window is the one the functions run in (runtimeIdentity.ts: the pane
 * compares runtimes by where invocations arrive, since every window registers the functions).
 */
import { ExcelFunctionError } from '../functions/excelErrors';

type Associate = (idOrMappings: string | Record<string, unknown>, fn?: unknown) => void;

/** Listeners for the first custom-function invocation in this window (one window, one realm). */
const firstInvocation: (() => void)[] = [];
let invoked = false;

/** Calls `listener` once, on the first invocation Excel makes in this window (at once if it was made). */
export function onFirstInvocation(listener: () => void): void {
  if (invoked) listener();
  else firstInvocation.push(listener);
}

function noteInvocation(): void {
  if (invoked) return;
  invoked = true;
  for (const listener of firstInvocation.splice(0)) listener();
}

/** The function as Excel will call it: same arguments, same `this`, same result, one flag check more. */
function probed(fn: unknown): unknown {
  if (typeof fn !== 'function') return fn; // associate's own validation reports it
  return function (this: unknown) {
    if (!invoked) noteInvocation();
    // eslint-disable-next-line prefer-rest-params -- no array allocated per call on the hot path
    return (fn as (...a: unknown[]) => unknown).apply(this, arguments as unknown as unknown[]);
  };
}

const scope = globalThis as { CustomFunctions?: { associate: Associate } & Record<string, unknown> };
if (scope.CustomFunctions === undefined) {
  scope.CustomFunctions = {
    associate: () => undefined,
    Error: ExcelFunctionError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', invalidNumber: '#NUM!', divisionByZero: '#DIV/0!' },
  };
}
try {
  const registry = scope.CustomFunctions;
  const original = registry.associate;
  registry.associate = function (idOrMappings, fn) {
    if (typeof idOrMappings === 'object' && idOrMappings !== null) {
      const mapped: Record<string, unknown> = {};
      for (const [id, each] of Object.entries(idOrMappings)) mapped[id] = probed(each);
      return original.call(registry, mapped);
    }
    return original.call(registry, idOrMappings, probed(fn));
  };
} catch {
  // A read-only registry: the functions still work; the pane's runtime check then stays "unknown".
}
