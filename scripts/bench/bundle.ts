/**
 * The production build of the add-in for the benchmark: built with the project's webpack config
 * into .cache/e2e/dist-<fingerprint>/ (harness/e2e/addinBuild.ts: reused while the sources are
 * unchanged; never dist/, which other test suites rebuild while they run), and its functions bundle
 * run the way Excel's runtime runs it: a script in the page's own global scope whose only Office
 * piece is CustomFunctions, here a stub whose associate() collects the functions.
 *
 * It runs in THIS realm's global scope (not a vm context: global lookups through a context's
 * interceptors cost several times more than in a page, which would be a harness artefact), so it
 * sets globals (CustomFunctions, addEventListener): load it in a process of its own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { requestAddinRuntime } from '../../src/addin/addinRuntime';
import type { HeldSeries } from '../../src/data/heldSeries';
import { buildAddin } from '../../harness/e2e/addinBuild';

export { buildAddin };

/** A custom function as Excel calls it: its arguments, then the streaming invocation. */
export type AssociatedFunction = (...args: unknown[]) => void;

/** The part of the bundle's store (a LiveStore started from the embedded snapshot) the benchmark uses. */
export interface BundleStore {
  put(item: HeldSeries): void;
  peek(id: string): HeldSeries | undefined;
}

export interface LoadedBundle {
  /** Custom-function id (e.g. RATIO.GOLD) → the function the bundle associated. */
  readonly functions: ReadonlyMap<string, AssociatedFunction>;
  /** The store the bundle's functions read (addinEntry.ts publishes it for the pane). */
  readonly store: BundleStore;
}

class StubCustomFunctionsError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

let loaded: LoadedBundle | undefined;

/** Runs `<dir>/functions.js` in this global scope (once per process) and returns what it registered. */
export function loadFunctionsBundle(dir: string): LoadedBundle {
  if (loaded) return loaded;
  const scope = globalThis as Record<string, unknown>;
  if (scope.CustomFunctions !== undefined || scope.addEventListener !== undefined) {
    throw new Error('loadFunctionsBundle: this process already has CustomFunctions or a page');
  }
  const functions = new Map<string, AssociatedFunction>();
  scope.CustomFunctions = {
    associate: (id: string, fn: AssociatedFunction) => void functions.set(id, fn),
    Error: StubCustomFunctionsError,
    ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', invalidNumber: '#NUM!', divisionByZero: '#DIV/0!' },
  };
  // The page the bundle offers its runtime on, as a browser window is (src/addin/addinRuntime.ts).
  const page = new EventTarget();
  scope.addEventListener = page.addEventListener.bind(page);
  vm.runInThisContext(readFileSync(path.join(dir, 'functions.js'), 'utf8'), { filename: path.join(dir, 'functions.js') });
  const runtime = requestAddinRuntime(page);
  if (!runtime) throw new Error('the functions bundle offered no runtime on the page');
  loaded = { functions, store: runtime.store };
  return loaded;
}

export function requireFunction(bundle: LoadedBundle, id: string): AssociatedFunction {
  const fn = bundle.functions.get(id);
  if (!fn) throw new Error(`the functions bundle did not associate ${id}`);
  return fn;
}
