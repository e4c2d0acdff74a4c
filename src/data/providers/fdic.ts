import * as z from 'zod/mini';
import { addYears, civilFromEpochDay, endOfMonth, epochDayFromCivil } from '../../core/dates/epochDay';
import { formatIsoDate } from '../../core/dates/isoDate';
import { UpstreamError } from '../upstreamError';
import { moneyIn, parseJson, seriesFromPoints, sinceDay, todayUtc, trimBase } from './common';
import { redactUrl } from './http';
import type { Provider } from './types';

/**
 * FDIC BankFind `/api/financials` (no key): one Call Report field summed over every insured
 * institution, per quarter-end report date. Values are THOUSANDS of USD, as the catalogue holds
 * them; a bank that reports null (or nothing) for the field adds 0.
 */

/** Without `since`, this many years of quarters. */
const DEFAULT_YEARS = 10;
/**
 * A quarter is asked for once this many days have passed since its end: Call Reports are due 30–35
 * days after quarter end and BankFind has them about two months after. Asking earlier risks
 * summing a partly filed quarter.
 */
const FILING_LAG_DAYS = 60;
const PAGE_SIZE = 10000;
/** Catalogue entry → Call Report field (the entry's upstreamId). */
const FIELDS: Readonly<Record<string, 'EQ' | 'LNATRES'>> = { 'BANK.EQUITY': 'EQ', 'BANK.RESERVES': 'LNATRES' };

const amount = z.optional(z.nullable(z.number()));
const pageSchema = z.object({
  meta: z.object({ total: z.number() }),
  data: z.array(z.object({ data: z.object({ REPDTE: z.string(), EQ: amount, LNATRES: amount }) })),
});

export const fdicProvider: Provider = {
  name: 'fdic',
  defaultBaseUrl: 'https://banks.data.fdic.gov',
  requestsPerSecond: 2,
  supports: (entry) => entry.source === 'FDIC' && FIELDS[entry.id] !== undefined,
  async fetch(entry, since, context) {
    const field = FIELDS[entry.id];
    if (!field) throw new UpstreamError('unsupported', `the FDIC provider does not serve ${entry.id}`);
    const start = sinceDay(since);
    const today = todayUtc(context.now);
    const what = `FDIC BankFind financials ${field}`;
    const pageUrl = (repdte: string, offset: number) =>
      `${trimBase(context.baseUrl)}/api/financials?filters=REPDTE:${repdte}&fields=REPDTE,EQ,LNATRES&limit=${PAGE_SIZE}&offset=${offset}&format=json`;
    const points: Array<[number, number]> = [];
    let firstUrl: string | undefined;
    for (let quarter = quarterEndOnOrAfter(start ?? addYears(today, -DEFAULT_YEARS)); quarter + FILING_LAG_DAYS <= today; quarter = nextQuarterEnd(quarter)) {
      const repdte = formatIsoDate(quarter).replace(/-/g, '');
      let total = 0;
      let seen = 0;
      let expected = 0;
      do {
        const url = pageUrl(repdte, seen);
        firstUrl ??= url;
        const body = parseJson(await context.get(url, { signal: context.signal, headers: { accept: 'application/json' } }), pageSchema, what);
        expected = body.meta.total;
        if (expected > 0 && body.data.length === 0) throw new UpstreamError('malformed', `${what}: ${repdte} has ${expected} institutions but offset ${seen} returned none`);
        for (const { data: row } of body.data) {
          if (row.REPDTE !== repdte) throw new UpstreamError('malformed', `${what}: asked for report date ${repdte}, got ${row.REPDTE}`);
          total += row[field] ?? 0;
        }
        seen += body.data.length;
      } while (seen < expected);
      // No institution for a report date: that quarter is not filed yet, nor is any later one.
      if (expected === 0) break;
      points.push([quarter, moneyIn(total, 'USD_THOUSANDS', entry)]);
    }
    return {
      series: seriesFromPoints(entry, points, start, what),
      source: `FDIC BankFind financials: ${field} summed over all insured institutions`,
      url: redactUrl(firstUrl ?? `${trimBase(context.baseUrl)}/api/financials`),
    };
  },
};

/** The last day of the calendar quarter that contains `day`. */
function quarterEndOnOrAfter(day: number): number {
  const { year, month } = civilFromEpochDay(day);
  return endOfMonth(epochDayFromCivil(year, Math.ceil(month / 3) * 3, 1));
}

function nextQuarterEnd(quarterEnd: number): number {
  return quarterEndOnOrAfter(quarterEnd + 1);
}
