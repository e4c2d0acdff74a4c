/**
 * Every bad input gets a stated Excel error with a message that says what to do (DESIGN §2):
 * #VALUE! for wrong types and unreadable dates, #N/A for unknown names and dates outside the data,
 * #NUM! for numbers out of range. Called through the Excel wrappers, as Excel calls them.
 */
import * as fx from '../../src/functions/functions';
import { callExcel } from './_helpers/callExcel';
import { sharedDataStore, useStore } from './_helpers/engines';

type Case = [description: string, fn: (...args: any[]) => unknown, args: unknown[], code: string, message: RegExp];

const cases: Case[] = [
  // Dates
  ['US-style text date', fx.liqIndex, ['12/24/2025'], '#VALUE!', /cannot read text "12\/24\/2025" as a date; use ISO text/],
  ['day-first text date', fx.liqIndex, ['24.12.2025'], '#VALUE!', /as a date/],
  ['impossible ISO date', fx.liqIndex, ['2025-02-30'], '#VALUE!', /2025-02-30/],
  ['ISO with a time', fx.liqIndex, ['2025-12-24T10:00'], '#VALUE!', /as a date/],
  ['word for a date', fx.ratioGold, ['SPX', 'yesterday'], '#VALUE!', /"yesterday"/],
  ['boolean for a date', fx.liqIndex, [true], '#VALUE!', /date must be a date .* got TRUE/],
  ['serial 0', fx.liqIndex, [0], '#NUM!', /not a date serial: use 1 \(1900-01-01\)/],
  ['negative serial', fx.liqIndex, [-5], '#NUM!', /not a date serial/],
  ['serial past 9999', fx.liqIndex, [3e6], '#NUM!', /2958465/],
  ['NaN serial', fx.liqIndex, [NaN], '#NUM!', /finite/],
  ['Excel phantom 1900-02-29', fx.liqIndex, [60], '#VALUE!', /never existed/],
  ['date before the data', fx.liqIndex, ['1990-01-01'], '#N/A', /WALCL starts 2002-12-18: no data on 1990-01-01 \(covers 2002-12-18 to 2026-08-19\)/],
  ['date far in the future', fx.liqIndex, ['2099-01-01'], '#N/A', /data ends .* nothing for 2099-01-01 .*refresh/],
  ['date after the TGA ends', fx.liqIndex, ['2026-08-19'], '#N/A', /TGA data ends 2026-07-22/],
  ['ratio before gold history', fx.ratioGold, ['SPX', '1800-01-01'], '#N/A', /starts/],
  ['stress before SOFR existed', fx.liqStress, ['2010-01-04', null], '#N/A', /SOFR starts 2018-04-03/],
  ['M2 YoY in the future', fx.liqM2Yoy, ['US', '2030-01-01'], '#N/A', /M2.US data ends 2026-06-01/],
  ['start after end', fx.liqSeries, ['2025-12-31', '2025-01-01', null, null], '#NUM!', /start is after end/],
  ['series range with no data', fx.liqSeries, ['1990-01-01', '1995-01-01', null, null], '#N/A', /no net liquidity between 1990-01-01 and 1995-01-01: the components cover 2003-02-07 to 2026-07-22/],
  // Tickers and series ids
  ['unknown ticker', fx.ratioGold, ['FOO', null], '#N/A', /unknown ticker "FOO": known tickers are SPX, GOLD, NDX, QQQ, BTC/],
  ['ticker as a number', fx.ratioGold, [42, null], '#VALUE!', /ticker must be text, got 42/],
  ['empty ticker', fx.ratioGold, ['', null], '#VALUE!', /ticker must be text, got nothing/],
  ['missing ticker (null)', fx.ratioGold, [null, null], '#VALUE!', /ticker must be text/],
  ['unknown pair numerator', fx.ratioPair, ['XYZ', 'QQQ', null], '#N/A', /unknown ticker "XYZ"/],
  ['unknown pair denominator', fx.ratioPair, ['QQQ', 'ABC', null], '#N/A', /unknown ticker "ABC"/],
  ['unknown series id', fx.liqData, ['NOPE', null, null, null, null], '#N/A', /unknown series "NOPE": known series are WALCL, TGA/],
  ['series id as boolean', fx.liqData, [false, null, null, null, null], '#VALUE!', /id must be text, got FALSE/],
  ['China M2 with no source', fx.liqM2Yoy, ['CN', null], '#N/A', /no current open source for China's M2/],
  ['unknown country', fx.liqM2Yoy, ['JP', null], '#VALUE!', /country must be one of "US", "CN", got text "JP"/],
  ['not-held market price', fx.liqCorr, ['OWL', 'AXP', null, null], '#N/A', /OWL \(Blue Owl Capital\) is not held on this machine/],
  ['SRF with no data held', fx.liqSrf, [null], '#N/A', /SRF \(Standing Repo Facility take-up\) is not held/],
  ['USD has no returns', fx.liqCorr, ['USD', 'BTC', null, null], '#VALUE!', /USD has no price series/],
  // Options
  ['unknown frequency', fx.liqSeries, [null, null, 'Q', null], '#VALUE!', /frequency must be one of "W", "D", got text "Q"/],
  ['frequency as number', fx.ratioGoldSeries, ['SPX', null, null, 7, null], '#VALUE!', /frequency must be one of "D", "W", "M", got 7/],
  ['unknown stress measure', fx.liqStress, [null, 'EFFR'], '#VALUE!', /measure must be one of "UPPER", "IORB"/],
  ['unknown transform', fx.liqData, ['WALCL', null, null, 'yoy', null], '#VALUE!', /transform must be one of "chg", "pch", "pc1", "log"/],
  ['unknown credit output', fx.creditLoss, [[[0.2]], 'equity', null], '#VALUE!', /output must be one of "capital_hit", "consumer"/],
  // Numbers out of range
  ['pct above 1', fx.creditLoss, [[[1.5]], null, null], '#NUM!', /between 0 and 1, got 1.5/],
  ['negative pct', fx.creditLoss, [[[-0.1]], null, null], '#NUM!', /between 0 and 1, got -0.1/],
  ['pct as text', fx.creditLoss, [[['20%']], null, null], '#VALUE!', /pct must be a number between 0 and 1, got text "20%"/],
  ['pct missing', fx.creditLoss, [[[null]], null, null], '#VALUE!', /pct is required/],
  ['pct as boolean', fx.creditLoss, [[[true]], null, null], '#VALUE!', /pct must be a number/],
  ['table for a range of pct', fx.creditLoss, [[[0.1], [0.2]], 'table', null], '#VALUE!', /needs a single pct/],
  ['window of 2', fx.liqCorr, ['BTC', 'NDX', 2, null], '#NUM!', /window must be a whole number from 3 to 10000, got 2/],
  ['negative window', fx.liqBeta, ['BTC', 'NDX', -30, null], '#NUM!', /window must be a whole number from 3/],
  ['fractional window', fx.liqCorr, ['BTC', 'NDX', 20.5, null], '#NUM!', /got 20.5/],
  ['window as text', fx.liqCorr, ['BTC', 'NDX', 'ninety', null], '#VALUE!', /window must be a number, got text "ninety"/],
  ['window longer than the history', fx.liqCorr, ['BTC', 'NDX', 9000, null], '#N/A', /common dates/],
  ['max_rows of zero', fx.liqSeries, [null, null, null, 0], '#NUM!', /max_rows must be a whole number from 1 to 100000/],
  ['huge spill over the cap', fx.liqData, ['FF.UPPER', null, null, null, null], '#NUM!', /6458 rows, more than max_rows 5000/],
  ['huge max_rows', fx.ratioGoldSeries, ['SPX', null, null, null, 1e7], '#NUM!', /max_rows must be a whole number from 1 to 100000/],
  // Credit assumptions
  ['unknown assumption name', fx.creditLoss, [[[0.2]], null, [['bank_capital', 1e12]]], '#VALUE!', /unknown credit assumption "bank_capital"; known names: knowledge_workers/],
  ['assumption value as text', fx.creditLoss, [[[0.2]], null, [['bank_equity', '2.5T']]], '#VALUE!', /row 1 \(bank_equity\): the second column must be a number/],
  ['assumption share over 1', fx.creditLoss, [[[0.2]], null, [['homeownership', 74]]], '#NUM!', /homeownership/],
  ['negative bank equity', fx.creditLoss, [[[0.2]], null, [['bank_equity', -1]]], '#NUM!', /bank_equity/],
  ['one-column assumptions', fx.creditLoss, [[[0.2]], null, [['bank_equity']]], '#VALUE!', /second column must be a number, got nothing/],
  ['number as assumption name', fx.creditLoss, [[[0.2]], null, [[5, 1]]], '#VALUE!', /first column must be an assumption name/],
];

describe('bad inputs give the stated Excel error with a message', () => {
  beforeAll(() => useStore(sharedDataStore()));

  it('covers at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', async (_description, fn, args, code, message) => {
    const outcome = await callExcel(fn, ...args);
    expect(outcome).toEqual({ code, message: expect.stringMatching(message) });
  });
});

describe('errors inside a spill stay in their cell', () => {
  beforeAll(() => useStore(sharedDataStore()));

  it('a sensitivity range with one bad pct keeps the other results', async () => {
    const outcome = await callExcel(fx.creditLoss, [[0.1], [2], ['x'], [0.2]], 'net', null);
    if (!('value' in outcome)) throw new Error('expected a spill');
    const cells = outcome.value as any[][];
    expect(typeof cells[0][0]).toBe('number');
    expect(cells[1][0]).toMatchObject({ code: '#NUM!' });
    expect(cells[2][0]).toMatchObject({ code: '#VALUE!', message: expect.stringContaining('text "x"') });
    expect(typeof cells[3][0]).toBe('number');
  });
});
