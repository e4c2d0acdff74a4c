import { evaluateFormula, isExcelError, signature } from '../../src/functions/callingConvention';
import type { Evaluation, FunctionParam, FunctionSpec } from '../../src/functions/callingConvention';
import { FormulaSyntaxError, parseFormula } from '../../src/functions/formulaSyntax';

const s = (name: string, optional = false): FunctionParam => ({ name, dimensionality: 'scalar', optional });
const m = (name: string, optional = false): FunctionParam => ({ name, dimensionality: 'matrix', optional });

/** Mimics `new CustomFunctions.Error(code, message)`. */
class FakeCustomFunctionsError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

function spec(name: string, parameters: FunctionParam[], fn: (...args: unknown[]) => unknown, resultDimensionality: 'scalar' | 'matrix' = 'scalar'): FunctionSpec {
  return { name, parameters, fn, resultDimensionality };
}

function table(...specs: FunctionSpec[]): Map<string, FunctionSpec> {
  return new Map(specs.map((x) => [x.name, x]));
}

async function run(formula: string, functions: ReadonlyMap<string, FunctionSpec>): Promise<Evaluation> {
  const parsed = parseFormula(formula);
  if (parsed instanceof FormulaSyntaxError) throw new Error(parsed.message);
  return evaluateFormula(parsed, functions);
}

describe('argument passing', () => {
  const calls: unknown[][] = [];
  const record = (...args: unknown[]) => {
    calls.push(args);
    return 1;
  };
  const fns = table(
    spec('THREE', [s('a'), s('b', true), s('c', true)], record),
    spec('MAT', [m('range'), s('x', true), m('opt', true)], record),
    spec('NONE', [], record),
    spec('REQ2', [s('a'), s('b'), s('c', true)], record),
  );
  beforeEach(() => {
    calls.length = 0;
  });

  const cases: [string, unknown[]][] = [
    ['=THREE(1)', [1, null, null]],
    ['=THREE(1,2)', [1, 2, null]],
    ['=THREE(1,,3)', [1, null, 3]],
    ['=THREE(1,)', [1, null, null]],
    ['=THREE(1,,)', [1, null, null]],
    ['=THREE("x",TRUE,FALSE)', ['x', true, false]],
    ['=THREE(,2)', [null, 2, null]], // a required argument written but left empty arrives as null
    ['=three(1)', [1, null, null]],
    ['=MAT(5)', [[[5]], null, null]],
    ['=MAT("a",,TRUE)', [[['a']], null, [[true]]]],
    [
      '=MAT({1,2;3,4}, 7, {"a";"b"})',
      [
        [
          [1, 2],
          [3, 4],
        ],
        7,
        [['a'], ['b']],
      ],
    ],
    ['=MAT(,1)', [null, 1, null]],
    ['=NONE()', []],
    ['=REQ2(1,2)', [1, 2, null]],
  ];
  it.each(cases)('%s passes %j', async (formula, expected) => {
    await run(formula, fns);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual(expected);
    expect(calls[0]).toHaveLength(expected.length);
    expect(calls[0]).not.toContain(undefined);
  });

  it('passes every declared parameter, never undefined', async () => {
    await run('=THREE(1)', fns);
    expect(calls[0]).toHaveLength(3);
    expect(calls[0]?.[1]).toBeNull();
    expect(calls[0]?.[2]).toBeNull();
  });

  it('gives each call its own copy of a matrix argument', async () => {
    const mutate = spec('MUT', [m('r')], (r) => {
      (r as number[][])[0]![0] = 99; // the 1×2 matrix of the formula below
      return 0;
    });
    const parsed = parseFormula('=MUT({1,2})');
    if (parsed instanceof FormulaSyntaxError) throw parsed;
    await evaluateFormula(parsed, table(mutate));
    expect(parsed.args[0]).toEqual([[1, 2]]);
  });
});

describe('function lookup and arity', () => {
  const fns = table(
    spec('CREDIT.LOSS', [s('pct'), s('output', true), m('assumptions', true)], () => 0.13),
    spec('LIQ.INDEX', [s('date', true)], () => 5800),
    spec('RATIO.GOLD', [s('ticker'), s('date', true)], () => 1.39),
    spec('NONE', [], () => 1),
  );
  const cases: [string, Evaluation][] = [
    ['=NOPE(1)', { kind: 'unknown-function', name: 'NOPE', known: ['CREDIT.LOSS', 'LIQ.INDEX', 'NONE', 'RATIO.GOLD'] }],
    ['=liq.indexx()', { kind: 'unknown-function', name: 'LIQ.INDEXX', known: ['CREDIT.LOSS', 'LIQ.INDEX', 'NONE', 'RATIO.GOLD'] }],
    ['=CREDIT.LOSS(0.2,"x",,1)', { kind: 'arity', message: 'CREDIT.LOSS takes at most 3 arguments but was given 4: CREDIT.LOSS(pct, [output], [assumptions])' }],
    ['=LIQ.INDEX(1,)', { kind: 'arity', message: 'LIQ.INDEX takes at most 1 argument but was given 2: LIQ.INDEX([date])' }],
    ['=NONE(1)', { kind: 'arity', message: 'NONE takes no arguments but was given 1: NONE()' }],
    ['=CREDIT.LOSS()', { kind: 'arity', message: "CREDIT.LOSS needs at least 1 argument but was given 0 (missing 'pct'): CREDIT.LOSS(pct, [output], [assumptions])" }],
    ['=RATIO.GOLD()', { kind: 'arity', message: "RATIO.GOLD needs at least 1 argument but was given 0 (missing 'ticker'): RATIO.GOLD(ticker, [date])" }],
    ['=LIQ.INDEX()', { kind: 'value', value: 5800 }],
    ['=NONE()', { kind: 'value', value: 1 }],
    ['=credit.loss(0.2)', { kind: 'value', value: 0.13 }],
  ];
  it.each(cases)('%s', async (formula, expected) => {
    expect(await run(formula, fns)).toEqual(expected);
  });

  it('finds functions whose table key is not upper case', async () => {
    const lower = new Map([['ratio.gold', spec('RATIO.GOLD', [s('t')], () => 2)]]);
    expect(await run('=RATIO.GOLD("SPX")', lower)).toEqual({ kind: 'value', value: 2 });
  });

  it('needs all required parameters when all are required', async () => {
    const two = table(spec('TWO', [s('a'), s('b')], () => 1));
    expect(await run('=TWO(1)', two)).toEqual({
      kind: 'arity',
      message: "TWO needs 2 arguments but was given 1 (missing 'b'): TWO(a, b)",
    });
  });

  it('renders signatures', () => {
    expect(signature(spec('X', [s('a'), m('b', true)], () => 0))).toBe('X(a, [b])');
  });

  it('does not call the function when the arity is wrong', async () => {
    const fn = jest.fn(() => 1);
    await run('=F(1,2)', table(spec('F', [s('a')], fn)));
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('results', () => {
  const NA = new FakeCustomFunctionsError('#N/A', 'unknown ticker "FOO": known tickers are SPX, QQQ');
  const cases: [string, () => unknown, 'scalar' | 'matrix', Evaluation][] = [
    ['number', () => 0.13, 'scalar', { kind: 'value', value: 0.13 }],
    ['string', () => 'ok', 'scalar', { kind: 'value', value: 'ok' }],
    ['boolean', () => false, 'scalar', { kind: 'value', value: false }],
    ['promise of a number', () => Promise.resolve(42), 'scalar', { kind: 'value', value: 42 }],
    ['delayed promise', () => new Promise((r) => setTimeout(() => r('late'), 5)), 'scalar', { kind: 'value', value: 'late' }],
    ['null', () => null, 'scalar', { kind: 'value', value: '' }],
    ['NaN', () => NaN, 'scalar', { kind: 'error', code: '#NUM!', message: 'the result is NaN' }],
    ['Infinity', () => Infinity, 'scalar', { kind: 'error', code: '#NUM!', message: 'the result is Infinity' }],
    ['returned error object', () => NA, 'scalar', { kind: 'error', code: '#N/A', message: NA.message! }],
    [
      'thrown error object',
      () => {
        throw NA;
      },
      'scalar',
      { kind: 'error', code: '#N/A', message: NA.message! },
    ],
    [
      'rejected with error object',
      () => Promise.reject(new FakeCustomFunctionsError('#NUM!', 'pct must be between 0 and 1')),
      'scalar',
      { kind: 'error', code: '#NUM!', message: 'pct must be between 0 and 1' },
    ],
    ['promise of error object', () => Promise.resolve({ code: '#VALUE!', message: 'bad date' }), 'scalar', { kind: 'error', code: '#VALUE!', message: 'bad date' }],
    ['plain object error without message', () => ({ code: '#DIV/0!' }), 'scalar', { kind: 'error', code: '#DIV/0!', message: '' }],
    [
      'thrown Error',
      () => {
        throw new TypeError('x is undefined');
      },
      'scalar',
      { kind: 'error', code: '#VALUE!', message: 'internal error: x is undefined' },
    ],
    [
      'thrown string',
      () => {
        throw 'boom';
      },
      'scalar',
      { kind: 'error', code: '#VALUE!', message: 'internal error: boom' },
    ],
    ['rejected Error', () => Promise.reject(new Error('fetch failed')), 'scalar', { kind: 'error', code: '#VALUE!', message: 'internal error: fetch failed' }],
    [
      'error with a non-# code is an internal error',
      () => {
        throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      },
      'scalar',
      { kind: 'error', code: '#VALUE!', message: 'internal error: nope' },
    ],
    ['object that is not an error', () => ({ value: 1 }), 'scalar', { kind: 'error', code: '#VALUE!', message: 'unsupported result value (object)' }],
    ['1×1 matrix is a value', () => [[0.13]], 'matrix', { kind: 'value', value: 0.13 }],
    ['1×1 matrix holding an error is an error', () => [[NA]], 'matrix', { kind: 'error', code: '#N/A', message: NA.message! }],
    [
      'spill',
      () => [
        ['date', 'value'],
        [45658, 5.8],
        [45659, true],
      ],
      'matrix',
      {
        kind: 'spill',
        rows: [
          ['date', 'value'],
          [45658, 5.8],
          [45659, true],
        ],
      },
    ],
    ['promise of a spill', () => Promise.resolve([[1, 2]]), 'matrix', { kind: 'spill', rows: [[1, 2]] }],
    [
      'error elements stay in the spill',
      () => [
        [1, new FakeCustomFunctionsError('#NUM!', 'too big')],
        [NaN, { code: '#N/A' }],
      ],
      'matrix',
      {
        kind: 'spill',
        rows: [
          [1, '#NUM!'],
          ['#NUM!', '#N/A'],
        ],
        errors: [
          { row: 0, col: 1, code: '#NUM!', message: 'too big' },
          { row: 1, col: 0, code: '#NUM!', message: 'the result is NaN' },
          { row: 1, col: 1, code: '#N/A', message: '' },
        ],
      },
    ],
    ['null elements are blank', () => [[null, 1, undefined]], 'matrix', { kind: 'spill', rows: [['', 1, '']] }],
    [
      'ragged rows are padded with #N/A',
      () => [[1, 2], [3]],
      'matrix',
      {
        kind: 'spill',
        rows: [
          [1, 2],
          [3, '#N/A'],
        ],
        errors: [{ row: 1, col: 1, code: '#N/A', message: 'row 2 of the result has 1 values, other rows have 2' }],
      },
    ],
    ['1-D array', () => [1, 2], 'matrix', { kind: 'error', code: '#VALUE!', message: 'F returned a 1-D array; a spill must be an array of rows' }],
    ['empty array', () => [], 'matrix', { kind: 'error', code: '#VALUE!', message: 'F returned an empty array' }],
    ['array of empty rows', () => [[]], 'matrix', { kind: 'error', code: '#VALUE!', message: 'F returned an array with no columns' }],
    ['array from a scalar function', () => [[1, 2]], 'scalar', { kind: 'error', code: '#VALUE!', message: 'F is declared to return a single value but returned an array' }],
    ['scalar from a matrix function', () => 1, 'matrix', { kind: 'error', code: '#VALUE!', message: 'F is declared to return a matrix but returned a single value' }],
  ];
  it.each(cases)('%s', async (_label, fn, dim, expected) => {
    expect(await run('=F()', table(spec('F', [], fn, dim)))).toEqual(expected);
  });

  it('never lets an exception escape, even from a throwing message getter', async () => {
    const nasty = {
      code: '#N/A',
      get message(): string {
        throw new Error('getter');
      },
    };
    expect(await run('=F()', table(spec('F', [], () => nasty)))).toEqual({ kind: 'error', code: '#N/A', message: '' });
    const notAFunction = { name: 'G', parameters: [], fn: 42 as unknown as () => unknown, resultDimensionality: 'scalar' } as FunctionSpec;
    const r = await run('=G()', table(notAFunction));
    expect(r).toMatchObject({ kind: 'error', code: '#VALUE!' });
    expect((r as { message: string }).message).toMatch(/^internal error: /);
  });

  it('recognises Excel-style error objects', () => {
    expect(isExcelError({ code: '#N/A' })).toBe(true);
    expect(isExcelError(new FakeCustomFunctionsError('#VALUE!', 'x'))).toBe(true);
    expect(isExcelError({ code: 'NA' })).toBe(false);
    expect(isExcelError({ code: 7 })).toBe(false);
    expect(isExcelError('#N/A')).toBe(false);
    expect(isExcelError(null)).toBe(false);
  });
});

describe('lifting arrays passed to scalar parameters', () => {
  const double = spec('DOUBLE', [s('x')], (x) => (x as number) * 2);
  const add = spec('ADD', [s('a'), s('b', true)], (a, b) => (a as number) + ((b as number | null) ?? 0));
  const calls: unknown[][] = [];
  const loss = spec(
    'CREDIT.LOSS',
    [s('pct'), s('output', true), m('assumptions', true)],
    (pct, output, assumptions) => {
      calls.push([pct, output, assumptions]);
      if ((pct as number) > 1) throw new FakeCustomFunctionsError('#NUM!', 'pct must be between 0 and 1');
      if (pct === 0.5) throw new Error('kaboom');
      if (pct === 0.6) return Promise.resolve(NaN);
      return Promise.resolve([[(pct as number) * 0.65]]);
    },
    'matrix',
  );
  const fns = table(double, add, loss);
  beforeEach(() => {
    calls.length = 0;
  });

  const cases: [string, Evaluation][] = [
    ['=DOUBLE({1;2;3})', { kind: 'spill', rows: [[2], [4], [6]] }],
    ['=DOUBLE({1,2,3})', { kind: 'spill', rows: [[2, 4, 6]] }],
    [
      '=DOUBLE({1,2;3,4})',
      {
        kind: 'spill',
        rows: [
          [2, 4],
          [6, 8],
        ],
      },
    ],
    ['=DOUBLE({5})', { kind: 'value', value: 10 }],
    // equal shapes: element-wise
    [
      '=ADD({1,2;3,4},{10,20;30,40})',
      {
        kind: 'spill',
        rows: [
          [11, 22],
          [33, 44],
        ],
      },
    ],
    // a 1×1 array broadcasts
    [
      '=ADD({1,2;3,4},{100})',
      {
        kind: 'spill',
        rows: [
          [101, 102],
          [103, 104],
        ],
      },
    ],
    // a scalar broadcasts
    ['=ADD({1;2},5)', { kind: 'spill', rows: [[6], [7]] }],
    // omitted argument stays null in every call
    ['=ADD({1;2},)', { kind: 'spill', rows: [[1], [2]] }],
    // a row and a column broadcast to a grid (Excel broadcasts each dimension of size 1)
    [
      '=ADD({1,2,3},{10;20})',
      {
        kind: 'spill',
        rows: [
          [11, 12, 13],
          [21, 22, 23],
        ],
      },
    ],
    // mismatched lengths: the missing elements are #N/A
    [
      '=ADD({1;2;3},{10;20})',
      {
        kind: 'spill',
        rows: [[11], [22], ['#N/A']],
        errors: [
          {
            row: 2,
            col: 0,
            code: '#N/A',
            message: "argument 'b' is a 2×1 array with no element for row 3, column 1 of the 3×1 result",
          },
        ],
      },
    ],
    [
      '=ADD({1,2;3,4},{1,2,3})',
      {
        kind: 'spill',
        rows: [
          [2, 4, '#N/A'],
          [4, 6, '#N/A'],
        ],
        errors: [
          { row: 0, col: 2, code: '#N/A', message: "argument 'a' is a 2×2 array with no element for row 1, column 3 of the 2×3 result" },
          { row: 1, col: 2, code: '#N/A', message: "argument 'a' is a 2×2 array with no element for row 2, column 3 of the 2×3 result" },
        ],
      },
    ],
  ];
  it.each(cases)('%s', async (formula, expected) => {
    expect(await run(formula, fns)).toEqual(expected);
  });

  it('calls once per element, passes matrix parameters unchanged, and keeps per-element errors', async () => {
    const result = await run('=CREDIT.LOSS({0.1;0.2;1.5;0.5;0.6}, "consumer", {"employed",1})', fns);
    expect(calls).toEqual([
      [0.1, 'consumer', [['employed', 1]]],
      [0.2, 'consumer', [['employed', 1]]],
      [1.5, 'consumer', [['employed', 1]]],
      [0.5, 'consumer', [['employed', 1]]],
      [0.6, 'consumer', [['employed', 1]]],
    ]);
    expect(result).toEqual({
      kind: 'spill',
      rows: [[0.1 * 0.65], [0.2 * 0.65], ['#NUM!'], ['#VALUE!'], ['#VALUE!']],
      errors: [
        { row: 2, col: 0, code: '#NUM!', message: 'pct must be between 0 and 1' },
        { row: 3, col: 0, code: '#VALUE!', message: 'internal error: kaboom' },
        { row: 4, col: 0, code: '#VALUE!', message: 'CREDIT.LOSS is declared to return a matrix but returned a single value' },
      ],
    });
  });

  it('does not lift an array passed to a matrix parameter', async () => {
    const sum = spec('SUM2', [m('r')], (r) => (r as number[][]).flat().reduce((a, b) => a + b, 0));
    expect(await run('=SUM2({1,2;3,4})', table(sum))).toEqual({ kind: 'value', value: 10 });
  });

  it('takes the top-left element when a lifted call returns a larger array', async () => {
    const seq = spec(
      'SEQ',
      [s('n')],
      (n) => [
        [n, 0],
        [0, 0],
      ],
      'matrix',
    );
    expect(await run('=SEQ({1,2})', table(seq))).toEqual({ kind: 'spill', rows: [[1, 2]] });
  });

  it('a 1×1 lifted result that is an error is an error', async () => {
    expect(await run('=CREDIT.LOSS({2})', fns)).toEqual({ kind: 'error', code: '#NUM!', message: 'pct must be between 0 and 1' });
  });

  it('runs lifted calls concurrently', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = spec('SLOW', [s('x')], async (x) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return x;
    });
    expect(await run('=SLOW({1,2,3,4})', table(slow))).toEqual({ kind: 'spill', rows: [[1, 2, 3, 4]] });
    expect(peak).toBe(4);
  });

  it('reports an empty array argument built by hand', async () => {
    expect(await evaluateFormula({ name: 'DOUBLE', args: [[]] }, fns)).toEqual({
      kind: 'error',
      code: '#VALUE!',
      message: 'an array argument has no elements',
    });
  });
});
