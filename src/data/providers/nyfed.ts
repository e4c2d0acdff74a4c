import * as z from 'zod/mini';
import type { CatalogEntry } from '../../catalog/types';
import { addYears } from '../../core/dates/epochDay';
import { formatIsoDate } from '../../core/dates/isoDate';
import { UpstreamError } from '../upstreamError';
import { dayFromIso, moneyIn, parseJson, requireCatalogUnits, seriesFromPoints, sinceDay, todayUtc, trimBase } from './common';
import { redactUrl } from './http';
import type { Provider } from './types';

/**
 * NY Fed markets API (no key). Primary source of SRF (repo operation results); keyless fallback
 * for SOFR, EFFR, RRP and RRP.AWARD, which FRED also serves. Operation amounts are WHOLE DOLLARS
 * (2290023000000 = $2.29 trillion) and are summed per operation date, then converted to the
 * catalogue unit (billions); rates are percent, as JSON numbers, newest first.
 */

/** Without `since`, ask for this many years: the search endpoints need a start date. */
const DEFAULT_YEARS = 5;

type Route =
  | { readonly kind: 'sum'; readonly path: string; readonly operationType: 'Repo' | 'Reverse Repo'; readonly label: string }
  | { readonly kind: 'award'; readonly path: string; readonly label: string }
  | { readonly kind: 'rate'; readonly path: string; readonly rateType: string; readonly label: string };

const REPO_RESULTS = '/api/rp/repo/all/results/search.json';
const REVERSE_REPO_RESULTS = '/api/rp/reverserepo/all/results/search.json';

const ROUTES: Readonly<Record<string, Route>> = {
  SRF: { kind: 'sum', path: REPO_RESULTS, operationType: 'Repo', label: 'repo operation results, overnight, summed per day' },
  RRP: { kind: 'sum', path: REVERSE_REPO_RESULTS, operationType: 'Reverse Repo', label: 'reverse repo operation results, overnight, summed per day' },
  'RRP.AWARD': { kind: 'award', path: REVERSE_REPO_RESULTS, label: 'reverse repo award rate' },
  SOFR: { kind: 'rate', path: '/api/rates/secured/sofr/search.json', rateType: 'SOFR', label: 'SOFR reference rate' },
  EFFR: { kind: 'rate', path: '/api/rates/unsecured/effr/search.json', rateType: 'EFFR', label: 'EFFR reference rate' },
};

/**
 * One operation of `{"repo":{"operations":[…]}}`. Repo and reverse repo rows carry different keys
 * (operationLimit vs participatingCpty; minimumBidRate vs percentAwardRate), hence the optionals.
 */
const operationSchema = z.object({
  operationDate: z.string(),
  operationType: z.string(),
  auctionStatus: z.optional(z.string()),
  term: z.optional(z.string()),
  totalAmtAccepted: z.optional(z.number()),
  details: z.optional(z.array(z.object({ percentAwardRate: z.optional(z.number()) }))),
});
const resultsSchema = z.object({ repo: z.object({ operations: z.array(operationSchema) }) });

/** Reference rates; SOFRAI rows have no percentRate (they carry averages and an index instead). */
const ratesSchema = z.object({
  refRates: z.array(z.object({ effectiveDate: z.string(), type: z.string(), percentRate: z.optional(z.number()) })),
});

type Operation = z.infer<typeof operationSchema>;

export const nyfedProvider: Provider = {
  name: 'nyfed',
  label: 'NY Fed markets API',
  defaultBaseUrl: 'https://markets.newyorkfed.org',
  requestsPerSecond: 4,
  supports: (entry) => Object.prototype.hasOwnProperty.call(ROUTES, entry.id),
  async fetch(entry, since, context) {
    const route = ROUTES[entry.id];
    if (!route) throw new UpstreamError('unsupported', `the NY Fed provider does not serve ${entry.id}`);
    const start = sinceDay(since);
    const today = todayUtc(context.now);
    const startDate = since ?? formatIsoDate(addYears(today, -DEFAULT_YEARS));
    const url = `${trimBase(context.baseUrl)}${route.path}?startDate=${startDate}&endDate=${formatIsoDate(today)}`;
    const what = `NY Fed ${route.label}`;
    const text = await context.get(url, { signal: context.signal, headers: { accept: 'application/json' } });
    const points = route.kind === 'rate' ? ratePoints(text, route.rateType, entry, what) : operationPoints(text, route, entry, what);
    return { series: seriesFromPoints(entry, points, start, what), source: `NY Fed markets API: ${route.label}`, url: redactUrl(url) };
  },
};

function ratePoints(text: string, rateType: string, entry: CatalogEntry, what: string): Array<[number, number]> {
  requireCatalogUnits(entry, 'PERCENT');
  const points: Array<[number, number]> = [];
  for (const row of parseJson(text, ratesSchema, what).refRates) {
    if (row.type !== rateType || row.percentRate === undefined) continue;
    points.push([dayFromIso(row.effectiveDate, what), row.percentRate]);
  }
  return points;
}

/**
 * Only completed ("Results") overnight operations count: the series are ON RRP (FRED RRPONTSYD is
 * overnight) and the overnight Standing Repo Facility; term operations (a few small-value
 * exercises, e.g. 2023-03-08) are left out. Days with operations but nothing accepted are 0.
 */
function operationPoints(text: string, route: Extract<Route, { kind: 'sum' | 'award' }>, entry: CatalogEntry, what: string): Array<[number, number]> {
  const operationType = route.kind === 'sum' ? route.operationType : 'Reverse Repo';
  const counted = (operation: Operation) =>
    operation.operationType === operationType && (operation.auctionStatus ?? 'Results') === 'Results' && (operation.term ?? 'Overnight') === 'Overnight';
  const operations = parseJson(text, resultsSchema, what).repo.operations.filter(counted);
  if (route.kind === 'award') {
    requireCatalogUnits(entry, 'PERCENT');
    const byDay = new Map<number, number>();
    for (const operation of operations) {
      const rate = operation.details?.find((detail) => detail.percentAwardRate !== undefined)?.percentAwardRate;
      const day = dayFromIso(operation.operationDate, what);
      if (rate !== undefined && !byDay.has(day)) byDay.set(day, rate);
    }
    return [...byDay];
  }
  const dollarsByDay = new Map<number, number>();
  for (const operation of operations) {
    if (operation.totalAmtAccepted === undefined) continue;
    const day = dayFromIso(operation.operationDate, what);
    dollarsByDay.set(day, (dollarsByDay.get(day) ?? 0) + operation.totalAmtAccepted);
  }
  return [...dollarsByDay].map(([day, dollars]) => [day, moneyIn(dollars, 'USD', entry)]);
}
