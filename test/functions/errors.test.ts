/**
 * Every bad input gets a stated Excel error with a message that says what to do (DESIGN §2, §2a):
 * #VALUE! for wrong types, unreadable dates and numbers out of range; #N/A for unknown names,
 * dates outside the data and quantities the data cannot define. Excel shows a function's message
 * only on those two codes, so no reachable error is #NUM! or #DIV/0!. Called through the
 * functions Excel calls, as Excel calls them.
 */
import { callExcel } from './_helpers/callExcel';
import { functionsOver, sharedDataStore, type Functions } from './_helpers/engines';

type Case = [description: string, fn: string, args: unknown[], code: string, message: RegExp];

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
  ['series range with no data', 'liqSeries', ['1990-01-01', '1995-01-01', null, null], '#N/A', /no net liquidity between 1990-01-01 and 1995-01-01: the components cover 2003-02-07 to 2026-07-22/],
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
  ['Stocks cell of one of ours', 'ratioGold', [{ type: 'LinkedEntity', text: 'Blue Owl Capital Inc (XNYS:OWL)', properties: {} }, null], '#N/A', /OWL \(Blue Owl Capital\) is not held/],
  ['Stocks cell of another company', 'ratioGold', [{ type: 'LinkedEntity', text: 'Microsoft Corp (XNAS:MSFT)', properties: { 'Ticker symbol': { type: 'String', basicValue: 'MSFT' } } }, null], '#N/A', /Stocks cell "Microsoft Corp \(XNAS:MSFT\)" is MSFT, which is not one of ours: known tickers are SPX/],
  ['Geography cell for a ticker', 'ratioGold', [{ type: 'Entity', text: 'France', properties: { Population: { type: 'Double', basicValue: 68e6 } } }, null], '#VALUE!', /ticker got a data-type cell \("France"\): pass a ticker as text, e.g. "SPX"/],
  ['data-type cell for a date', 'liqIndex', [{ type: 'Entity', text: 'France', properties: {} }], '#VALUE!', /date must be a date .* got a data-type cell \("France"\)/],
  ['100 kB ticker is not echoed whole', 'ratioGold', ['X'.repeat(100000), null], '#N/A', /^unknown ticker "X{40}…": known tickers/],
  // Credit assumptions
  ['unknown assumption name', 'creditLoss', [[[0.2]], null, [['bank_capital', 1e12]]], '#VALUE!', /unknown credit assumption "bank_capital"; known names: knowledge_workers/],
  ['assumption value as text', 'creditLoss', [[[0.2]], null, [['bank_equity', '2.5T']]], '#VALUE!', /row 1 \(bank_equity\): the second column must be a number/],
  ['assumption share over 1', 'creditLoss', [[[0.2]], null, [['homeownership', 74]]], '#VALUE!', /homeownership/],
  ['negative bank equity', 'creditLoss', [[[0.2]], null, [['bank_equity', -1]]], '#VALUE!', /bank_equity/],
  ['one-column assumptions', 'creditLoss', [[[0.2]], null, [['bank_equity']]], '#VALUE!', /second column must be a number, got nothing/],
  ['number as assumption name', 'creditLoss', [[[0.2]], null, [[5, 1]]], '#VALUE!', /first column must be an assumption name/],
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
    const outcome = await callExcel(fx[fn], ...args);
    expect(outcome).toEqual({ code, message: expect.stringMatching(message) });
  });
});

describe('errors inside a spill stay in their cell', () => {
  let fx: Functions;
  beforeAll(() => {
    fx = functionsOver(sharedDataStore());
  });

  it('a sensitivity range with one bad pct keeps the other results', async () => {
    const outcome = await callExcel(fx.creditLoss, [[0.1], [2], ['x'], [0.2]], 'net', null);
    if (!('value' in outcome)) throw new Error('expected a spill');
    const cells = outcome.value as any[][];
    expect(typeof cells[0][0]).toBe('number');
    expect(cells[1][0]).toMatchObject({ code: '#VALUE!' });
    expect(cells[2][0]).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('text "x"') });
    expect(typeof cells[3][0]).toBe('number');
  });
});
