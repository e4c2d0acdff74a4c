import * as z from 'zod/mini';
import { addYears, civilFromEpochDay, endOfMonth, epochDayFromCivil } from '../../core/dates/epochDay';
import { formatIsoDate } from '../../core/dates/isoDate';
import { FILING_LAG_DAYS } from '../staleness';
import { UpstreamError } from '../upstreamError';
import { moneyIn, parseJson, seriesFromPoints, sinceDay, todayUtc, trimBase } from './common';
import { redactUrl } from './http';
import type { HttpGet, Provider } from './types';

/**
 * FDIC BankFind `/api/financials` (no key): Call Report fields summed over every FDIC-insured
 * institution, per quarter-end report date, in ONE request per refresh using BankFind's
 * server-side aggregation:
 *
 *   GET {base}/api/financials?filters=<"REPDTE:[YYYYMMDD TO YYYYMMDD] AND NOT BKCLASS:(NC OR OI)">
 *       &agg_by=REPDTE&agg_sum_fields=EQ,LNATRES&agg_limit=1000&format=json
 *
 * The range runs from `since` (default: ten years back) to the last quarter end at least
 * FILING_LAG_DAYS old (an earlier quarter may be partly filed). BANK.EQUITY (EQ) and BANK.RESERVES
 * (LNATRES) read the same answer: concurrent fetches of the same URL share one request (see
 * `inFlight`). Values stay in THOUSANDS of USD, the catalogue's unit.
 *
 * Evidence (public client code, not FDIC's documentation):
 * - the agg_by / agg_sum_fields / agg_limit parameters and a `REPDTE:[A TO B]` range filter are
 *   used against /financials by several public clients;
 * - aggregated items are `data[].data` carrying `REPDTE` ("YYYYMMDD") and `sum_<FIELD>` numbers in
 *   thousands of USD (one client multiplies `sum_DEP` by 1000 to get dollars);
 * - "a sum is 0, not null, before an item was collected": a report date whose sum is 0 for the
 *   field is taken as not reported and skipped;
 * - `NOT BKCLASS:(NC OR OI)` (no non-insured institutions, no insured US branches of foreign banks)
 *   is reported to reproduce the Quarterly Banking Profile's "All FDIC-Insured Institutions" totals.
 *
 * UNVERIFIED against a live response (no recording exists; the tests use a hand-made body): the
 * envelope around the items (assumed like the per-institution answer: meta, data, totals), extra
 * keys on an item (e.g. a count; tolerated), the order of the items (sorted here), whether agg_limit
 * caps the report dates returned (an answer that fills it is refused as possibly cut short), and
 * whether sums come back as integers or floats.
 */

/** Without `since`, this many years of quarters. */
const DEFAULT_YEARS = 10;
/** Most report dates one answer may hold: 10 years is 40 quarters, all of BankFind (1984–) under 200. */
const AGG_LIMIT = 1000;
/** Catalogue entry → Call Report field (the entry's upstreamId). */
const FIELDS: Readonly<Record<string, 'EQ' | 'LNATRES'>> = { 'BANK.EQUITY': 'EQ', 'BANK.RESERVES': 'LNATRES' };
/** Insured institutions only, as the Quarterly Banking Profile counts them. */
const INSURED_ONLY = 'NOT BKCLASS:(NC OR OI)';

const aggregateSchema = z.object({
  data: z.array(z.object({ data: z.object({ REPDTE: z.string(), sum_EQ: z.number(), sum_LNATRES: z.number() }) })),
});
type Aggregate = z.infer<typeof aggregateSchema>;

/**
 * Requests in flight, by URL: BANK.EQUITY and BANK.RESERVES ask for the same URL, and when their
 * fetches overlap the second one waits on the first's request instead of making its own. An entry
 * is removed once its request settles, so a later fetch asks again (nothing is cached here). The
 * shared request runs with the first caller's `get` and `signal`.
 */
const inFlight = new Map<string, Promise<Aggregate>>();

function sharedGet(get: HttpGet, url: string, signal: AbortSignal | undefined, what: string): Promise<Aggregate> {
  let pending = inFlight.get(url);
  if (!pending) {
    pending = get(url, { signal, headers: { accept: 'application/json' } })
      .then((text) => parseJson(text, aggregateSchema, what))
      .finally(() => inFlight.delete(url));
    inFlight.set(url, pending);
  }
  return pending;
}

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
    const from = start ?? addYears(today, -DEFAULT_YEARS);
    const through = quarterEndOnOrBefore(today - FILING_LAG_DAYS);
    const what = `FDIC BankFind financials ${field}`;
    const source = `FDIC BankFind financials: ${field} summed over all FDIC-insured institutions`;
    const base = `${trimBase(context.baseUrl)}/api/financials`;
    // No quarter end in the range is filed yet: nothing to ask for.
    if (through < from) return { series: seriesFromPoints(entry, [], start, what), source, url: redactUrl(base) };

    const filters = `REPDTE:[${yyyymmdd(from)} TO ${yyyymmdd(through)}] AND ${INSURED_ONLY}`;
    const url = `${base}?filters=${encodeURIComponent(filters)}&agg_by=REPDTE&agg_sum_fields=EQ,LNATRES&agg_limit=${AGG_LIMIT}&format=json`;
    const body = await sharedGet(context.get, url, context.signal, what);
    if (body.data.length >= AGG_LIMIT) throw new UpstreamError('malformed', `${what}: ${body.data.length} report dates, as many as agg_limit allows: the answer may be cut short`);

    const points: Array<[number, number]> = [];
    for (const { data: item } of body.data) {
      const day = dayFromRepdte(item.REPDTE, what);
      if (day < from || day > through) throw new UpstreamError('malformed', `${what}: report date ${item.REPDTE} is outside the requested ${yyyymmdd(from)}–${yyyymmdd(through)}`);
      const sum = field === 'EQ' ? item.sum_EQ : item.sum_LNATRES;
      // A sum is 0, not null, for a report date no institution reported the item for.
      if (sum === 0) continue;
      points.push([day, moneyIn(sum, 'USD_THOUSANDS', entry)]);
    }
    return { series: seriesFromPoints(entry, points, start, what), source, url: redactUrl(url) };
  },
};

function yyyymmdd(day: number): string {
  return formatIsoDate(day).replace(/-/g, '');
}

/** Epoch day of a "YYYYMMDD" report date; anything else is 'malformed'. */
function dayFromRepdte(text: string, what: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const day = match ? epochDayFromCivil(Number(match[1]), Number(match[2]), Number(match[3])) : NaN;
  if (Number.isNaN(day)) throw new UpstreamError('malformed', `${what}: "${text.slice(0, 40)}" is not a YYYYMMDD report date`);
  return day;
}

/** The last day of a calendar quarter on or before `day`. */
function quarterEndOnOrBefore(day: number): number {
  const { year, month } = civilFromEpochDay(day);
  const end = endOfMonth(epochDayFromCivil(year, Math.ceil(month / 3) * 3, 1));
  return end === day ? day : epochDayFromCivil(year, Math.floor((month - 1) / 3) * 3 + 1, 1) - 1;
}
