/**
 * The built add-in as Excel loads it: dist/functions.js runs in a fresh VM context whose only
 * Office piece is a stub CustomFunctions (associate + Error), and every function listed in
 * dist/functions.json is called through that registry with Excel's argument shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { evaluateFormula, type Evaluation, type FunctionSpec } from '../../src/functions/callingConvention';
import { parseFormula, type ParsedFormula } from '../../src/functions/formulaSyntax';
import { buildAddin } from '../../harness/e2e/addinBuild';
import { firstResult } from '../functions/_helpers/callExcel';

/** The run's one production build, shared with the browser tests (harness/e2e/addinBuild.ts). */
let DIST: string;

interface MetadataFunction {
  id: string;
  name: string;
  parameters: { name: string; dimensionality?: 'scalar' | 'matrix'; optional?: boolean }[];
  result: { dimensionality?: 'scalar' | 'matrix' };
  options?: { stream?: boolean };
  helpUrl?: string;
}

class StubCustomFunctionsError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

/**
 * The VM's timers, owned by this suite: the bundle's runtime heartbeat runs as long as the page
 * would, so the suite clears what is left when it ends (otherwise Jest never exits in band).
 */
const liveTimers = new Set<ReturnType<typeof setInterval>>();
const pageTimers = {
  setTimeout: (callback: () => void, ms?: number) => {
    const handle = setTimeout(() => {
      liveTimers.delete(handle);
      callback();
    }, ms);
    liveTimers.add(handle);
    return handle;
  },
  clearTimeout: (handle: ReturnType<typeof setTimeout>) => {
    liveTimers.delete(handle);
    clearTimeout(handle);
  },
  setInterval: (callback: () => void, ms?: number) => {
    const handle = setInterval(callback, ms);
    liveTimers.add(handle);
    return handle;
  },
  clearInterval: (handle: ReturnType<typeof setInterval>) => {
    liveTimers.delete(handle);
    clearInterval(handle);
  },
};

afterAll(() => {
  for (const handle of liveTimers) clearTimeout(handle);
});

let metadata: MetadataFunction[];
const registry = new Map<string, (...args: unknown[]) => unknown>();
let table: Map<string, FunctionSpec>;

beforeAll(async () => {
  DIST = await buildAddin();
  metadata = JSON.parse(readFileSync(join(DIST, 'functions.json'), 'utf8')).functions;
  const context = vm.createContext({
    CustomFunctions: {
      associate: (id: string, fn: (...args: unknown[]) => unknown) => registry.set(id, fn),
      Error: StubCustomFunctionsError,
      ErrorCode: { invalidValue: '#VALUE!', notAvailable: '#N/A', invalidNumber: '#NUM!', divisionByZero: '#DIV/0!' },
    },
    console,
    // What every browser host Excel runs the add-in in provides: Web Crypto (the runtime's identity
    // draws random bytes) and timers (its heartbeat, loading notices). No network: without fetch
    // every refresh fails at once, and each function answers from the embedded snapshot and the
    // monthly datasets, as the add-in does offline.
    crypto: globalThis.crypto,
    ...pageTimers,
  });
  context.self = context;
  context.window = context;
  vm.runInContext(readFileSync(join(DIST, 'functions.js'), 'utf8'), context, { filename: 'functions.js' });
  table = new Map(
    metadata.map((fn) => [
      fn.name,
      {
        name: fn.name,
        parameters: fn.parameters.map((p) => ({ name: p.name, dimensionality: p.dimensionality ?? 'scalar', optional: p.optional === true })),
        fn: registry.get(fn.id) as (...args: unknown[]) => unknown,
        resultDimensionality: fn.result.dimensionality ?? 'scalar',
        streaming: fn.options?.stream === true,
      },
    ]),
  );
}, 180_000);

async function run(formula: string): Promise<Evaluation> {
  return evaluateFormula(parseFormula(formula) as ParsedFormula, table);
}

/** One call per function on the embedded snapshot, with what it must give. */
const CALLS: Record<string, [formula: string, check: (e: Evaluation) => void]> = {
  'LIQ.INDEX': ['=LIQ.INDEX("2025-12-24")', (e) => expect(e).toEqual({ kind: 'value', value: 5774.891 })],
  'LIQ.SERIES': [
    '=LIQ.SERIES("2025-12-01","2025-12-31")',
    (e) => expect(e).toMatchObject({ kind: 'spill', rows: expect.arrayContaining([[46015, 5774.891, 6581.231, 801.537, 4.803]]) }),
  ],
  'LIQ.STRESS': ['=LIQ.STRESS("2025-12-31")', (e) => expect(e).toEqual({ kind: 'value', value: 12 })],
  'LIQ.SRF': ['=LIQ.SRF()', (e) => expect(e).toMatchObject({ kind: 'error', code: '#N/A', message: expect.stringContaining('SRF') })],
  'LIQ.M2.YOY': ['=LIQ.M2.YOY("US","2026-03-31")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.closeTo(0.0457, 4) })],
  'LIQ.CORR': ['=LIQ.CORR("SOFR","EFFR",90,"2025-12-31")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.any(Number) })],
  'LIQ.BETA': ['=LIQ.BETA("SOFR","EFFR",90,"2025-12-31")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.any(Number) })],
  'LIQ.DATA': [
    '=LIQ.DATA("WALCL","2025-12-24","2025-12-24")',
    (e) =>
      expect(e).toEqual({
        kind: 'spill',
        rows: [
          ['date', 'WALCL (USD millions)'],
          [46015, 6581231],
        ],
      }),
  ],
  'CREDIT.LOSS': ['=CREDIT.LOSS({0.1;0.2},"consumer")', (e) => expect(e).toMatchObject({ kind: 'spill', rows: [[expect.closeTo(164.8, 1)], [expect.closeTo(329.6, 1)]] })],
  'CREDIT.ASSUMPTIONS': [
    '=CREDIT.ASSUMPTIONS()',
    (e) => expect(e).toMatchObject({ kind: 'spill', rows: expect.arrayContaining([['bank_equity', 2.5e12, expect.any(String), expect.any(String), expect.any(String)]]) }),
  ],
  'RATIO.GOLD': ['=RATIO.GOLD("SPX","2000-08-31")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.closeTo(5.412, 3) })],
  'RATIO.GOLD.SERIES': [
    '=RATIO.GOLD.SERIES("SPX","2011-01-01","2011-12-31")',
    (e) => expect(e).toMatchObject({ kind: 'spill', rows: expect.arrayContaining([['date', 'SPX_in_gold_oz']]) }),
  ],
  // DESIGN §3.7: 983.859 − 850; §3.8: M2 in gold −70.9%; §3.6: Fed + ECB + BoJ on 2025-05-09 (golden.test.ts)
  'LIQ.TGA.GAP': ['=LIQ.TGA.GAP("2025-10-29")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.closeTo(133.859, 6) })],
  'RATIO.GOLD.CHANGE': ['=RATIO.GOLD.CHANGE("M2","1999-03-31","2026-02-27")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.closeTo(-0.709, 3) })],
  'LIQ.GLOBAL': ['=LIQ.GLOBAL("2025-05-09")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.closeTo(18866.497, 3) })],
  'LIQ.GLOBAL.SERIES': [
    '=LIQ.GLOBAL.SERIES("2024-01-01","2024-12-31","M")',
    (e) => expect(e).toMatchObject({ kind: 'spill', rows: expect.arrayContaining([expect.arrayContaining(['date'])]) }),
  ],
  'LIQ.LAG': [
    '=LIQ.LAG("SPX.M","M2.US",90,1825)',
    (e) => expect(e).toMatchObject({ kind: 'spill', rows: expect.arrayContaining([['lag_days', 'correlation', 'pairs', 'b_changes', 'best']]) }),
  ],
  'RATIO.PAIR': ['=RATIO.PAIR("M2","GOLD","2026-06-30")', (e) => expect(e).toMatchObject({ kind: 'value', value: expect.closeTo(23155.2 / 4228, 6) })],
};

describe('dist/functions.js in a VM, called through CustomFunctions.associate', () => {
  it('registers exactly the functions of functions.json, with no namespace', () => {
    expect([...registry.keys()].sort()).toEqual(metadata.map((fn) => fn.id).sort());
    expect(Object.keys(CALLS).sort()).toEqual(metadata.map((fn) => fn.id).sort());
    for (const fn of metadata) {
      expect(fn.name).toMatch(/^(LIQ|CREDIT|RATIO)\./);
      expect(fn.options?.stream).toBe(true); // cells update when a refresh lands (docs/refresh.md)
      expect(fn.helpUrl).toBe(`https://localhost:3000/help.html#${fn.id}`);
    }
  });

  it.each(Object.entries(CALLS))('%s answers as Excel would see it', async (_id, [formula, check]) => {
    check(await run(formula));
  });

  it('reports bad input as a CustomFunctions.Error with a message, never a crash', async () => {
    const result = await firstResult(registry.get('RATIO.GOLD') as (...args: unknown[]) => unknown, 'NOPE', null);
    expect(result).toBeInstanceOf(StubCustomFunctionsError);
    expect(result).toMatchObject({ code: '#N/A', message: expect.stringContaining('unknown ticker "NOPE"') });
  });

  it('answers held data synchronously, without a promise per cell', () => {
    const results: unknown[] = [];
    (registry.get('LIQ.INDEX') as (...args: unknown[]) => unknown)('2025-12-24', { setResult: (value: unknown) => results.push(value) });
    expect(results).toEqual([5774.891]); // set before the call returned
  });

  it('ships help.html with an anchor for every function', () => {
    const help = readFileSync(join(DIST, 'help.html'), 'utf8');
    // The production build minifies the page, which drops attribute quotes.
    for (const fn of metadata) expect(help).toMatch(new RegExp(`id="?${fn.id.replace(/\./g, '\\.')}"?[ >]`));
  });
});
