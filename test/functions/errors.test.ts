/**
 * Every bad input gets a stated Excel error with a message that says what to do (DESIGN §2, §2a):
 * #VALUE! for wrong types, unreadable dates and numbers out of range; #N/A for unknown names,
 * dates outside the data and quantities the data cannot define. Excel shows a function's message
 * only on those two codes, so no reachable error is #NUM! or #DIV/0!. Called through the
 * functions Excel calls, as Excel calls them.
 */
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../src/data/store';
import { functionsOver, sharedDataStore, type FunctionName, type Functions } from './_helpers/engines';
import { expectExcelError, expectValue } from './_helpers/expectations';

type Case = [description: string, fn: FunctionName, args: unknown[], code: string, message: RegExp];

const cases: Case[] = [
  // Dates
  ['US-style text date', 'liqIndex', ['12/24/2025'], '#VALUE!', /cannot read text "12\/24\/2025" as a date; use ISO text/],
  ['day-first text date', 'liqIndex', ['24.12.2025'], '#VALUE!', /as a date/],
  ['impossible ISO date', 'liqIndex', ['2025-02-30'], '#VALUE!', /2025-02-30/],
  ['ISO with a time', 'liqIndex', ['2025-12-24T10:00'], '#VALUE!', /as a date/],
  ['word for a date', 'ratioGold', ['SPX', 'yesterday'], '#VALUE!', /"yesterday"/],
  ['boolean for a date', 'liqIndex', [true], '#VALUE!', /date must be a date .* got TRUE/],
  ['negative serial', 'liqIndex', [-5], '#VALUE!', /not a date serial/],
  ['serial past 9999', 'liqIndex', [3e6], '#VALUE!', /2958465/],
  ['NaN serial', 'liqIndex', [NaN], '#VALUE!', /finite/],
  ['Excel phantom 1900-02-29', 'liqIndex', [60], '#VALUE!', /never existed/],
  ['date before the data', 'liqIndex', ['1990-01-01'], '#N/A', /WALCL starts 2002-12-18: no data on 1990-01-01 \(covers 2002-12-18 to 2026-08-19\)/],
  ['date far in the future', 'liqIndex', ['2099-01-01'], '#N/A', /data ends .* nothing for 2099-01-01 .*refresh/],
  ['date after the TGA ends', 'liqIndex', ['2026-08-19'], '#N/A', /TGA data ends 2026-07-22/],
  ['ratio before gold history', 'ratioGold', ['SPX', '1800-01-01'], '#N/A', /starts/],
  ['stress before SOFR existed', 'liqStress', ['2010-01-04', null], '#N/A', /SOFR starts 2018-04-03/],
  ['M2 YoY in the future', 'liqM2Yoy', ['US', '2030-01-01'], '#N/A', /M2.US data ends 2026-06-01/],
  ['start after end', 'liqSeries', ['2025-12-31', '2025-01-01', null, null], '#VALUE!', /start is after end/],
  [
    'series range with no data',
    'liqSeries',
    ['1990-01-01', '1995-01-01', null, null],
    '#N/A',
    /no net liquidity between 1990-01-01 and 1995-01-01: the components cover 2003-02-07 to 2026-07-22/,
  ],
  // Tickers and series ids
  ['unknown ticker', 'ratioGold', ['FOO', null], '#N/A', /unknown ticker "FOO": known tickers are SPX, GOLD, NDX, QQQ, BTC/],
  ['ticker as a number', 'ratioGold', [42, null], '#VALUE!', /ticker must be text, got 42/],
  ['empty ticker', 'ratioGold', ['', null], '#VALUE!', /ticker must be text, got nothing/],
  ['missing ticker (null)', 'ratioGold', [null, null], '#VALUE!', /ticker must be text/],
  ['unknown pair numerator', 'ratioPair', ['XYZ', 'QQQ', null], '#N/A', /unknown ticker "XYZ"/],
  ['unknown pair denominator', 'ratioPair', ['QQQ', 'ABC', null], '#N/A', /unknown ticker "ABC"/],
  ['unknown series id', 'liqData', ['NOPE', null, null, null, null], '#N/A', /unknown series "NOPE": known series are WALCL, TGA/],
  ['series id as boolean', 'liqData', [false, null, null, null, null], '#VALUE!', /id must be text, got FALSE/],
  ['China M2 with no source', 'liqM2Yoy', ['CN', null], '#N/A', /no current open source for China's M2/],
  ['unknown country', 'liqM2Yoy', ['JP', null], '#VALUE!', /country must be one of "US", "CN", got text "JP"/],
  ['not-held market price', 'liqCorr', ['OWL', 'AXP', null, null], '#N/A', /OWL \(Blue Owl Capital\) is not held on this machine/],
  ['SRF with no data held', 'liqSrf', [null], '#N/A', /SRF \(Standing Repo Facility take-up\) is not held/],
  ['USD has no returns', 'liqCorr', ['USD', 'BTC', null, null], '#VALUE!', /USD has no price series/],
  // Options
  ['unknown frequency', 'liqSeries', [null, null, 'Q', null], '#VALUE!', /frequency must be one of "W", "D", got text "Q"/],
  ['frequency as number', 'ratioGoldSeries', ['SPX', null, null, 7, null], '#VALUE!', /frequency must be one of "D", "W", "M", got 7/],
  ['unknown stress measure', 'liqStress', [null, 'EFFR'], '#VALUE!', /measure must be one of "UPPER", "IORB"/],
  ['unknown transform', 'liqData', ['WALCL', null, null, 'yoy', null], '#VALUE!', /transform must be one of "chg", "pch", "pc1", "log"/],
  ['unknown credit output', 'creditLoss', [[[0.2]], 'equity', null], '#VALUE!', /output must be one of "capital_hit", "consumer"/],
  // Numbers out of range
  ['pct above 1', 'creditLoss', [[[1.5]], null, null], '#VALUE!', /between 0 and 1, got 1.5/],
  ['negative pct', 'creditLoss', [[[-0.1]], null, null], '#VALUE!', /between 0 and 1, got -0.1/],
  ['pct as text', 'creditLoss', [[['20%']], null, null], '#VALUE!', /pct must be a number between 0 and 1, got text "20%"/],
  ['pct missing', 'creditLoss', [[[null]], null, null], '#VALUE!', /pct is required/],
  ['pct as boolean', 'creditLoss', [[[true]], null, null], '#VALUE!', /pct must be a number/],
  ['table for a range of pct', 'creditLoss', [[[0.1], [0.2]], 'table', null], '#VALUE!', /needs a single pct/],
  ['window of 2', 'liqCorr', ['BTC', 'NDX', 2, null], '#VALUE!', /window must be a whole number from 3 to 10000, got 2/],
  ['negative window', 'liqBeta', ['BTC', 'NDX', -30, null], '#VALUE!', /window must be a whole number from 3/],
  ['fractional window', 'liqCorr', ['BTC', 'NDX', 20.5, null], '#VALUE!', /got 20.5/],
  ['window as text', 'liqCorr', ['BTC', 'NDX', 'ninety', null], '#VALUE!', /window must be a number, got text "ninety"/],
  ['window longer than the history', 'liqCorr', ['BTC', 'NDX', 9000, null], '#N/A', /common dates/],
  ['negative max_rows', 'liqSeries', [null, null, null, -1], '#VALUE!', /max_rows must be a whole number from 1 to 100000, got -1/],
  ['huge spill over the cap', 'liqData', ['FF.UPPER', null, null, null, null], '#VALUE!', /6458 rows, more than max_rows 5000/],
  ['huge max_rows', 'ratioGoldSeries', ['SPX', null, null, null, 1e7], '#VALUE!', /max_rows must be a whole number from 1 to 100000/],
  // Data-type cells (functions.json allows custom data for "any") and oversized input
  [
    'Stocks cell of one of ours',
    'ratioGold',
    [{ type: 'LinkedEntity', text: 'Blue Owl Capital Inc (XNYS:OWL)', properties: {} }, null],
    '#N/A',
    /OWL \(Blue Owl Capital\) is not held/,
  ],
  [
    'Stocks cell of another company',
    'ratioGold',
    [{ type: 'LinkedEntity', text: 'Microsoft Corp (XNAS:MSFT)', properties: { 'Ticker symbol': { type: 'String', basicValue: 'MSFT' } } }, null],
    '#N/A',
    /Stocks cell "Microsoft Corp \(XNAS:MSFT\)" is MSFT, which is not one of ours: known tickers are SPX/,
  ],
  [
    'Geography cell for a ticker',
    'ratioGold',
    [{ type: 'Entity', text: 'France', properties: { Population: { type: 'Double', basicValue: 68e6 } } }, null],
    '#VALUE!',
    /ticker got a data-type cell \("France"\): pass a ticker as text, e.g. "SPX"/,
  ],
  ['data-type cell for a date', 'liqIndex', [{ type: 'Entity', text: 'France', properties: {} }], '#VALUE!', /date must be a date .* got a data-type cell \("France"\)/],
  ['100 kB ticker is not echoed whole', 'ratioGold', ['X'.repeat(100000), null], '#N/A', /^unknown ticker "X{40}…": known tickers/],
  // Credit assumptions
  ['unknown assumption name', 'creditLoss', [[[0.2]], null, [['bank_capital', 1e12]]], '#VALUE!', /unknown credit assumption "bank_capital"; known names: knowledge_workers/],
  ['assumption value as text', 'creditLoss', [[[0.2]], null, [['bank_equity', '2.5T']]], '#VALUE!', /row 1 \(bank_equity\): the second column must be a number/],
  ['assumption share over 1', 'creditLoss', [[[0.2]], null, [['homeownership', 74]]], '#VALUE!', /homeownership/],
  ['negative bank equity', 'creditLoss', [[[0.2]], null, [['bank_equity', -1]]], '#VALUE!', /bank_equity/],
  ['one-column assumptions', 'creditLoss', [[[0.2]], null, [['bank_equity']]], '#VALUE!', /second column must be a number, got nothing/],
  ['number as assumption name', 'creditLoss', [[[0.2]], null, [[5, 1]]], '#VALUE!', /first column must be an assumption name/],
  // LIQ.GLOBAL (shared data: DEXJPUS.csv starts 2015-07-13, ECBASSETSW.csv ends 2025-05-09)
  ['global: unknown output', 'liqGlobal', ['2025-05-09', 'sum'], '#VALUE!', /output must be one of "total", "table", got text "sum"/],
  ['global: output as number', 'liqGlobal', ['2025-05-09', 3], '#VALUE!', /output must be one of "total", "table", got 3/],
  ['global: US-style date', 'liqGlobal', ['05/09/2025', null], '#VALUE!', /cannot read text "05\/09\/2025" as a date/],
  ['global: boolean date', 'liqGlobal', [true, null], '#VALUE!', /date must be a date .* got TRUE/],
  ['global: negative serial', 'liqGlobal', [-1, null], '#VALUE!', /not a date serial/],
  ['global: before the yen rate starts', 'liqGlobal', ['2010-01-01', null], '#N/A', /DEXJPUS starts 2015-07-13: no data on 2010-01-01/],
  ['global: after the ECB data ends', 'liqGlobal', ['2025-06-30', 'table'], '#N/A', /ECBASSETSW data ends 2025-05-09: nothing for 2025-06-30/],
  ['global: far future', 'liqGlobal', ['2099-01-01', null], '#N/A', /WALCL data ends 2026-08-19/],
  // LIQ.GLOBAL.SERIES
  ['global series: start after end', 'liqGlobalSeries', ['2025-05-01', '2025-01-01', null, null], '#VALUE!', /start is after end/],
  ['global series: daily frequency', 'liqGlobalSeries', [null, null, 'D', null], '#VALUE!', /frequency must be one of "W", "M", got text "D"/],
  [
    'global series: range before the data',
    'liqGlobalSeries',
    ['1990-01-01', '1995-01-01', null, null],
    '#N/A',
    /no global liquidity Wednesday between 1990-01-01 and 1995-01-01: the five series cover 2015-07-13 to 2025-05-09 in common/,
  ],
  ['global series: no month end in range', 'liqGlobalSeries', ['2025-05-02', '2025-05-09', 'M', null], '#N/A', /no global liquidity month end between 2025-05-02 and 2025-05-09/],
  ['global series: over max_rows', 'liqGlobalSeries', [null, null, null, 10], '#VALUE!', /rows, more than max_rows 10/],
  ['global series: fractional max_rows', 'liqGlobalSeries', [null, null, null, 0.5], '#VALUE!', /max_rows must be a whole number from 1 to 100000, got 0.5/],
  ['global series: max_rows as text', 'liqGlobalSeries', [null, null, null, 'all'], '#VALUE!', /max_rows must be a number, got text "all"/],
  ['global series: unreadable start', 'liqGlobalSeries', ['soon', null, null, null], '#VALUE!', /start: cannot read text "soon" as a date/],
  ['global series: boolean end', 'liqGlobalSeries', [null, false, null, null], '#VALUE!', /end must be a date .* got FALSE/],
  // LIQ.TGA.GAP (TGA.TARGET: announcements 2023-01-30 … 2026-02-02, quarters to 2026-06-30)
  ['TGA gap: before the first announcement', 'liqTgaGap', ['2022-06-01', null], '#N/A', /TGA.TARGET starts 2023-01-30: no data on 2022-06-01/],
  [
    'TGA gap: after the last announced quarter',
    'liqTgaGap',
    ['2026-07-15', null],
    '#N/A',
    /no announced cash-balance target for 2026-07-15: TGA.TARGET covers 2023-01-30 to 2026-04-01, quarters to 2026-06-30; add Treasury's later announcements to TGA.TARGET.csv/,
  ],
  ['TGA gap: after WDTGAL ends', 'liqTgaGap', ['2026-08-19', null], '#N/A', /TGA data ends 2026-07-22/],
  ['TGA gap: before the TGA starts', 'liqTgaGap', ['1990-01-01', null], '#N/A', /TGA starts 2002-12-18/],
  ['TGA gap: daily TGA not held', 'liqTgaGap', ['2025-10-30', 'D'], '#N/A', /TGA.D \(Treasury General Account \(daily\)\) is not held/],
  ['TGA gap: monthly frequency', 'liqTgaGap', [null, 'M'], '#VALUE!', /frequency must be one of "W", "D", got text "M"/],
  ['TGA gap: frequency as boolean', 'liqTgaGap', [null, true], '#VALUE!', /frequency must be one of "W", "D", got TRUE/],
  ['TGA gap: day-first date', 'liqTgaGap', ['29.10.2025', null], '#VALUE!', /cannot read text "29.10.2025" as a date/],
  ['TGA gap: phantom 1900-02-29', 'liqTgaGap', [60, null], '#VALUE!', /never existed/],
  // RATIO.GOLD.CHANGE
  ['gold change: from omitted', 'ratioGoldChange', ['SPX', null, null], '#VALUE!', /from is required: a date/],
  ['gold change: from after to', 'ratioGoldChange', ['SPX', '2026-02-27', '1999-03-31'], '#VALUE!', /from \(2026-02-27\) is after to \(1999-03-31\)/],
  ['gold change: unknown ticker', 'ratioGoldChange', ['FOO', '1999-03-31', null], '#N/A', /unknown ticker "FOO": known tickers are SPX/],
  ['gold change: ticker as number', 'ratioGoldChange', [42, '1999-03-31', null], '#VALUE!', /ticker must be text, got 42/],
  ['gold change: before the gold history', 'ratioGoldChange', ['SPX', '1800-01-01', null], '#N/A', /starts/],
  ['gold change: to in the future', 'ratioGoldChange', ['SPX', '1999-03-31', '2099-01-01'], '#N/A', /data ends .* nothing for 2099-01-01/],
  ['gold change: unreadable from', 'ratioGoldChange', ['SPX', 'March 1999', null], '#VALUE!', /from: cannot read text "March 1999" as a date/],
  ['gold change: boolean to', 'ratioGoldChange', ['SPX', '1999-03-31', true], '#VALUE!', /to must be a date .* got TRUE/],
  ['gold change: M2 before M2SL starts', 'ratioGoldChange', ['M2', '1990-01-31', null], '#N/A', /M2.US starts 1995-01-01/],
  // LIQ.LAG
  ['lag: max_lag too large', 'liqLag', ['BTC', 'M2', 731, null, null], '#VALUE!', /max_lag must be a whole number from 1 to 730, got 731/],
  ['lag: fractional max_lag', 'liqLag', ['BTC', 'M2', 1.5, null, null], '#VALUE!', /max_lag must be a whole number from 1 to 730, got 1.5/],
  ['lag: window of 2', 'liqLag', ['BTC', 'M2', null, 2, null], '#VALUE!', /window must be a whole number from 3 to 10000, got 2/],
  ['lag: USD has no changes', 'liqLag', ['BTC', 'USD', null, null, null], '#VALUE!', /b: USD has no series to take changes of/],
  ['lag: unknown leader', 'liqLag', ['BTC', 'XYZ', null, null, null], '#N/A', /unknown ticker "XYZ"/],
  [
    'lag: window longer than the history',
    'liqLag',
    ['BTC', 'M2', 30, 9000, null],
    '#N/A',
    /BTC has \d+ positive observations on or before 2026-06-01; a window of 9000 returns needs 9001/,
  ],
  ['lag: before bitcoin', 'liqLag', ['BTC', 'M2', null, null, '2010-01-01'], '#N/A', /BTC starts 2014-09-17/],
  ['lag: market price not held', 'liqLag', ['OWL', 'M2', null, null, null], '#N/A', /OWL \(Blue Owl Capital\) is not held on this machine/],
  ['lag: max_lag as text', 'liqLag', ['BTC', 'M2', 'ninety', null, null], '#VALUE!', /max_lag must be a number, got text "ninety"/],
];

describe('bad inputs give the stated Excel error with a message', () => {
  let fx: Functions;
  beforeAll(() => {
    fx = functionsOver(sharedDataStore());
  });

  it('covers at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', async (_description, fn, args, code, message) => {
    await expectExcelError(fx[fn], args, code, message);
  });
});

describe('a global-liquidity component that is not held is named, never left out', () => {
  it('names every missing series, with what to do', async () => {
    // A fresh install without the ECB balance sheet and the yen rate (e.g. a cache that lost them)
    const held = embeddedSnapshotSeries().filter((item) => !['ECBASSETSW', 'DEXJPUS'].includes(item.series.id));
    const fx = functionsOver(new MemoryStore(held));
    for (const [fn, args] of [
      ['liqGlobal', [null, null]],
      ['liqGlobal', ['2025-05-09', 'table']],
      ['liqGlobalSeries', [null, null, null, null]],
    ] as const) {
      await expectExcelError(
        fx[fn],
        args,
        '#N/A',
        /needs all of Fed, ECB and BoJ .*ECBASSETSW \(ECB \(Eurosystem\) total assets\) is not held.*; DEXJPUS \(Japanese yen per US dollar\) is not held/,
      );
    }
  });
});

describe('errors inside a spill stay in their cell', () => {
  let fx: Functions;
  beforeAll(() => {
    fx = functionsOver(sharedDataStore());
  });

  it('a sensitivity range with one bad pct keeps the other results', async () => {
    const cells = (await expectValue(fx.creditLoss, [[[0.1], [2], ['x'], [0.2]], 'net', null])) as any[][];
    expect(typeof cells[0]?.[0]).toBe('number');
    expect(cells[1]?.[0]).toMatchObject({ code: '#VALUE!' });
    expect(cells[2]?.[0]).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('text "x"') });
    expect(typeof cells[3]?.[0]).toBe('number');
  });
});
