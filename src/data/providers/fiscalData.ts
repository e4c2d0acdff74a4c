import * as z from 'zod/mini';
import { UpstreamError } from '../upstreamError';
import { dayFromIso, moneyIn, numberFromText, parseJson, seriesFromPoints, sinceDay, trimBase } from './common';
import { redactUrl } from './http';
import type { Provider } from './types';

/**
 * Treasury Fiscal Data, Daily Treasury Statement table I (`dts/operating_cash_balance`), no key:
 * the TGA closing balance per business day, in MILLIONS of USD (meta.dataFormats "$1,000,000").
 * Every value is a string, and a missing one is the literal string "null".
 */

/** Since 2022-04-18 the closing balance is this row's `open_today_bal` (its `close_today_bal` is "null"). */
const CLOSING_ROW = 'Treasury General Account (TGA) Closing Balance';
/** Before that, DTS reported the TGA as the "Federal Reserve Account" row's `close_today_bal`. */
const LEGACY_ROW = 'Federal Reserve Account';
/**
 * Without `since`, start where the current row names begin. Older statements name their rows
 * differently (and split the cash across several accounts), so a full-history request would mostly
 * fetch rows this provider cannot use; the legacy row is still read when asked for explicitly.
 */
const DEFAULT_START = '2022-04-18';
const PAGE_SIZE = 10000;
/** 10,000 rows a page at 4 rows a day is ten years a page: more pages than this is a runaway. */
const MAX_PAGES = 50;

const pageSchema = z.object({
  data: z.array(
    z.object({
      record_date: z.string(),
      account_type: z.string(),
      open_today_bal: z.optional(z.string()),
      close_today_bal: z.optional(z.string()),
    }),
  ),
  meta: z.object({ 'total-pages': z.number() }),
});

export const fiscalDataProvider: Provider = {
  name: 'fiscaldata',
  defaultBaseUrl: 'https://api.fiscaldata.treasury.gov/services/api/fiscal_service',
  requestsPerSecond: 4,
  supports: (entry) => entry.id === 'TGA.D',
  async fetch(entry, since, context) {
    const start = sinceDay(since);
    const what = 'Treasury Fiscal Data DTS operating cash balance';
    const pageUrl = (page: number) =>
      `${trimBase(context.baseUrl)}/v1/accounting/dts/operating_cash_balance?filter=record_date:gte:${since ?? DEFAULT_START}` +
      `&page[number]=${page}&page[size]=${PAGE_SIZE}&sort=record_date`;
    const closing = new Map<number, number>();
    const legacy = new Map<number, number>();
    for (let page = 1, pages = 1; page <= pages; page++) {
      const text = await context.get(pageUrl(page), { signal: context.signal, headers: { accept: 'application/json' } });
      const body = parseJson(text, pageSchema, what);
      pages = body.meta['total-pages'];
      if (pages > MAX_PAGES) throw new UpstreamError('malformed', `${what}: ${pages} pages of ${PAGE_SIZE} rows is more than this series can have`);
      for (const row of body.data) {
        const account = row.account_type.trim();
        const [target, text] = account === CLOSING_ROW ? [closing, row.open_today_bal] : account === LEGACY_ROW ? [legacy, row.close_today_bal] : [undefined, undefined];
        if (!target || text === undefined) continue;
        const millions = numberFromText(text, `${what} ${row.record_date}`);
        if (millions !== undefined) target.set(dayFromIso(row.record_date, what), moneyIn(millions, 'USD_MILLIONS', entry));
      }
    }
    for (const [day, value] of legacy) if (!closing.has(day)) closing.set(day, value);
    return {
      series: seriesFromPoints(entry, [...closing], start, what),
      source: 'US Treasury Fiscal Data, Daily Treasury Statement: TGA closing balance',
      url: redactUrl(pageUrl(1)),
    };
  },
};
