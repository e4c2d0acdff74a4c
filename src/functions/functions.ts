/* eslint-disable @typescript-eslint/no-explicit-any -- Excel passes raw cell values; args.ts coerces them. */
/**
 * The Excel edge: one thin wrapper per custom function. custom-functions-metadata reads these doc
 * comments to build functions.json (names, parameters, help) and appends the
 * CustomFunctions.associate calls at build time. Arguments are declared `any` because Excel hands
 * over raw cell values (null when omitted); coercion and messages live in args.ts, the maths in
 * src/core, and errors are translated once in excelErrors.ts. Each function streams (streaming.ts):
 * it answers at once and again whenever a series it read is refreshed.
 */
import { streamAnswer } from './streaming';

/**
 * Net liquidity in USD billions: Fed total assets (WALCL) − Treasury General Account (WDTGAL) − overnight reverse repo (RRPONTSYD), as of the Wednesday on or before the date; latest when omitted.
 * @customfunction LIQ.INDEX
 * @helpurl https://localhost:3000/help.html#LIQ.INDEX
 * @param {any} [date] Date (serial or ISO text "2025-12-24"); omitted = latest.
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function liqIndex(date: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'liqIndex', date);
}

/**
 * Net liquidity and its components over time, USD billions: a header row, then date · net liquidity · Fed assets · TGA · RRP.
 * @customfunction LIQ.SERIES
 * @helpurl https://localhost:3000/help.html#LIQ.SERIES
 * @param {any} [start] First date; omitted = from the start of the data.
 * @param {any} [end] Last date; omitted = to the end of the data.
 * @param {any} [frequency] "W" (Wednesdays, default) or "D" (daily TGA from the Daily Treasury Statement).
 * @param {any} [max_rows] Largest number of rows to spill (default 5000).
 * @param {CustomFunctions.StreamingInvocation<any[][]>} invocation Excel's handle for the streamed result.
 */
export function liqSeries(start: any, end: any, frequency: any, max_rows: any, invocation: CustomFunctions.StreamingInvocation<any[][]>): void {
  streamAnswer(invocation, 'liqSeries', start, end, frequency, max_rows);
}

/**
 * Repo-market stress in basis points: SOFR − top of the fed-funds target range (default) or SOFR − IORB. Positive = cash is tight.
 * @customfunction LIQ.STRESS
 * @helpurl https://localhost:3000/help.html#LIQ.STRESS
 * @param {any} [date] Date; omitted = latest SOFR.
 * @param {any} [measure] "UPPER" (top of the range, default) or "IORB".
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function liqStress(date: any, measure: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'liqStress', date, measure);
}

/**
 * Standing Repo Facility take-up on a day, USD billions (0 on days with no use).
 * @customfunction LIQ.SRF
 * @helpurl https://localhost:3000/help.html#LIQ.SRF
 * @param {any} [date] Date; omitted = latest operation day.
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function liqSrf(date: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'liqSrf', date);
}

/**
 * M2 money supply growth over 12 months, as a fraction (0.046 = 4.6%).
 * @customfunction LIQ.M2.YOY
 * @helpurl https://localhost:3000/help.html#LIQ.M2.YOY
 * @param {any} [country] "US" (default) or "CN".
 * @param {any} [date] Date; omitted = latest month.
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function liqM2Yoy(country: any, date: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'liqM2Yoy', country, date);
}

/**
 * Pearson correlation of daily log returns of two tickers over the last `window` return pairs (dates both have) ending at the date.
 * @customfunction LIQ.CORR
 * @helpurl https://localhost:3000/help.html#LIQ.CORR
 * @param {any} a First ticker, e.g. "BTC".
 * @param {any} b Second ticker, e.g. "NDX".
 * @param {any} [window] Number of return pairs (default 90, at least 3).
 * @param {any} [date] End date; omitted = latest common date.
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function liqCorr(a: any, b: any, window: any, date: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'liqCorr', a, b, window, date);
}

/**
 * Beta of a's daily log returns on b's, cov(a,b)/var(b), over the last `window` return pairs ending at the date.
 * @customfunction LIQ.BETA
 * @helpurl https://localhost:3000/help.html#LIQ.BETA
 * @param {any} a Ticker whose beta is measured, e.g. "BTC".
 * @param {any} b Benchmark ticker, e.g. "NDX".
 * @param {any} [window] Number of return pairs (default 90, at least 3).
 * @param {any} [date] End date; omitted = latest common date.
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function liqBeta(a: any, b: any, window: any, date: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'liqBeta', a, b, window, date);
}

/**
 * Any catalogue series as a header row, then date · value in the series' published units (e.g. WALCL in USD millions, RRP in USD billions, SOFR in percent).
 * @customfunction LIQ.DATA
 * @helpurl https://localhost:3000/help.html#LIQ.DATA
 * @param {any} id Series id, e.g. "WALCL", "SOFR", "M2.US" (FRED ids such as "RRPONTSYD" work too).
 * @param {any} [start] First date; omitted = from the start.
 * @param {any} [end] Last date; omitted = to the end.
 * @param {any} [transform] "chg" (change), "pch" (% change), "pc1" (% change from a year ago) or "log".
 * @param {any} [max_rows] Largest number of rows to spill (default 5000).
 * @param {CustomFunctions.StreamingInvocation<any[][]>} invocation Excel's handle for the streamed result.
 */
export function liqData(id: any, start: any, end: any, transform: any, max_rows: any, invocation: CustomFunctions.StreamingInvocation<any[][]>): void {
  streamAnswer(invocation, 'liqData', id, start, end, transform, max_rows);
}

/**
 * AI credit-loss scenario for a share of US knowledge workers displaced: capital hit as a fraction of bank equity (default), or losses in USD billions, or the audit table. A range of pct values spills one result each.
 * @customfunction CREDIT.LOSS
 * @helpurl https://localhost:3000/help.html#CREDIT.LOSS
 * @param {any[][]} pct Share of knowledge workers displaced, 0–1 (e.g. 0.2); a range for a sensitivity table.
 * @param {any} [output] "capital_hit" (fraction, default), "consumer", "mortgage", "gross", "net" (USD billions) or "table".
 * @param {any[][]} [assumptions] Two-column range of name/value overrides (see CREDIT.ASSUMPTIONS).
 * @param {CustomFunctions.StreamingInvocation<any[][]>} invocation Excel's handle for the streamed result.
 */
export function creditLoss(pct: any[][], output: any, assumptions: any[][], invocation: CustomFunctions.StreamingInvocation<any[][]>): void {
  streamAnswer(invocation, 'creditLoss', pct, output, assumptions);
}

/**
 * Every credit-loss assumption: name · default value · meaning · source · units. Copy, edit and pass as CREDIT.LOSS's assumptions.
 * @customfunction CREDIT.ASSUMPTIONS
 * @helpurl https://localhost:3000/help.html#CREDIT.ASSUMPTIONS
 * @param {CustomFunctions.StreamingInvocation<any[][]>} invocation Excel's handle for the streamed result.
 */
export function creditAssumptions(invocation: CustomFunctions.StreamingInvocation<any[][]>): void {
  streamAnswer(invocation, 'creditAssumptions');
}

/**
 * Price of a ticker in troy ounces of gold (price ÷ gold in USD per ounce), as of the date; latest when omitted. M2 gives US M2 (USD billions) in ounces; USD gives ounces per dollar.
 * @customfunction RATIO.GOLD
 * @helpurl https://localhost:3000/help.html#RATIO.GOLD
 * @param {any} ticker SPX, NDX, QQQ, BTC, NVDA, IGV, XLP, XLY, OWL, AXP, M2 or USD.
 * @param {any} [date] Date; omitted = latest.
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function ratioGold(ticker: any, date: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'ratioGold', ticker, date);
}

/**
 * A ticker priced in ounces of gold over time: a header row, then date · ratio.
 * @customfunction RATIO.GOLD.SERIES
 * @helpurl https://localhost:3000/help.html#RATIO.GOLD.SERIES
 * @param {any} ticker SPX, NDX, QQQ, BTC, NVDA, IGV, XLP, XLY, OWL, AXP, M2 or USD.
 * @param {any} [start] First date; omitted = from the start.
 * @param {any} [end] Last date; omitted = to the end.
 * @param {any} [frequency] "D" (each observation, default), "W" (Wednesdays) or "M" (last observation of each month).
 * @param {any} [max_rows] Largest number of rows to spill (default 5000).
 * @param {CustomFunctions.StreamingInvocation<any[][]>} invocation Excel's handle for the streamed result.
 */
export function ratioGoldSeries(ticker: any, start: any, end: any, frequency: any, max_rows: any, invocation: CustomFunctions.StreamingInvocation<any[][]>): void {
  streamAnswer(invocation, 'ratioGoldSeries', ticker, start, end, frequency, max_rows);
}

/**
 * Price ratio of two tickers as of the date, e.g. XLP/XLY, IGV/QQQ, OWL/IGV.
 * @customfunction RATIO.PAIR
 * @helpurl https://localhost:3000/help.html#RATIO.PAIR
 * @param {any} numerator Ticker on top.
 * @param {any} denominator Ticker below.
 * @param {any} [date] Date; omitted = latest.
 * @param {CustomFunctions.StreamingInvocation<number>} invocation Excel's handle for the streamed result.
 */
export function ratioPair(numerator: any, denominator: any, date: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  streamAnswer(invocation, 'ratioPair', numerator, denominator, date);
}
