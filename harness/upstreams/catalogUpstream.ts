/**
 * Seeds the mock upstream (mockUpstream.ts) so that it answers EVERY fetchable catalogue series
 * with plausible, current data in each provider's real body format, honouring each request's date
 * range: an incremental request gets only the overlap and newer rows.
 *
 * All values are MADE UP (deterministic: the same `through` gives the same bytes), shaped like the
 * recorded fixtures in ../shared/fixtures/ and the provider tests:
 *
 *   FRED        (keyed API and keyless fredgraph.csv, filed by FRED's frequency) the embedded snapshot's real history of each series, extended to `through` (weekly
 *               Wednesdays for WALCL/WDTGAL/WTREGEN, every weekday for daily series with "." on
 *               Fed holidays, every calendar day for IORB/DFEDTARU/DFEDTARL, the first of the month
 *               for M2SL up to the last month released); RRPONTSYAWARD follows DFEDTARL.
 *   NY Fed      reverse repo and repo (Standing Repo Facility) operation results per Fed business
 *               day, newest first, amounts in dollars; SOFR and EFFR reference rates (the FRED
 *               values above), all cut to startDate..endDate.
 *   Fiscal Data DTS table I rows (opening balance, deposits, withdrawals, closing balance) per
 *               business day from 2022-04-18, the Wednesday closing balance equal to WDTGAL;
 *               filter record_date:gte/lte, sort, page[number]/page[size] and the paging meta.
 *   FDIC        per quarter-end REPDTE, five invented institutions (CERT 90001–90005) whose EQ and
 *               LNATRES sum to about $2.5T and $232B (USD thousands) in the latest quarter filed;
 *               per institution (filters=REPDTE:YYYYMMDD, paged) or aggregated (agg_by=REPDTE,
 *               filters=REPDTE:[A TO B], agg_sum_fields: sum_EQ / sum_LNATRES per report date).
 *   Yahoo       daily bars per symbol stamped at the session open in the exchange's time zone
 *               (09:30 New York for shares and indices, 00:00 New York for GC=F, 00:00 UTC for
 *               BTC-USD, which trades every day), cut to period1..period2.
 *   GitHub raw  datasets/gold-prices monthly.csv and datasets/s-and-p-500 data.csv: the snapshot's
 *               monthly history plus the months since, as monthly averages of GC=F and ^GSPC.
 */
import { CATALOG } from '../../src/catalog/catalog';
import type { CatalogEntry } from '../../src/catalog/types';
import { addYears, civilFromEpochDay, dayOfWeek, daysInMonth, endOfMonth, epochDayFromCivil } from '../../src/core/dates/epochDay';
import { formatIsoDate, parseIsoDate } from '../../src/core/dates/isoDate';
import { definedAt } from '../../src/core/definedAt';
import type { HeldSeries } from '../../src/data/heldSeries';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { FDIC_PATH, FISCALDATA_PATH_SUFFIX, FREDGRAPH_PATH, FRED_OBSERVATIONS_PATH, NYFED_PATHS, YAHOO_CHART_PREFIX, type MockUpstream } from './mockUpstream';
import { readSharedFixture } from './sharedFixtures';

export interface CatalogUpstreamOptions {
  /** ISO date of the last business day with data, e.g. '2026-08-26'. */
  readonly through: string;
  /** The snapshot whose history the FRED and monthly series continue (default: the embedded one). */
  readonly snapshot?: readonly HeldSeries[];
}

export interface SeededCatalogUpstream {
  readonly through: string;
  /** Every path the seeded upstream answers, as the providers request them (to put latency on). */
  readonly paths: readonly string[];
  /** Catalogue id → ISO date of the last observation the upstream serves for it. */
  readonly lastDates: Readonly<Record<string, string>>;
  /** Catalogue id → the series' values as served (catalogue units), for checks. */
  readonly lastValues: Readonly<Record<string, number>>;
}

/** Where the two open datasets live under the provider's base URL (the mock's root). */
export const OPEN_DATASET_PATHS = { gold: '/gold-prices/main/data/monthly.csv', spx: '/s-and-p-500/main/data/data.csv' } as const;
const FISCALDATA_PATHS = [FISCALDATA_PATH_SUFFIX, `/services/api/fiscal_service${FISCALDATA_PATH_SUFFIX}`];

type Pair = readonly [day: number, value: number | null];

/**
 * FRED's own frequency of each catalogue FRED series (its series pages): the keyless CSV puts ids
 * of one frequency in one file and zips several files, so WALCL and WTREGEN come in two.
 */
const FRED_FREQUENCIES: Readonly<Record<string, string>> = {
  WALCL: 'Weekly, As of Wednesday',
  WDTGAL: 'Weekly, As of Wednesday',
  WTREGEN: 'Weekly, Ending Wednesday',
  M2SL: 'Monthly',
  IORB: 'Daily, 7-Day',
  DFEDTARU: 'Daily, 7-Day',
  DFEDTARL: 'Daily, 7-Day',
  ECBASSETSW: 'Weekly, As of Friday',
  JPNASSETS: 'Monthly',
  GDP: 'Quarterly',
};

const DAY_S = 86_400;

export function seedCatalogUpstream(upstream: MockUpstream, options: CatalogUpstreamOptions): SeededCatalogUpstream {
  const through = parseIsoDate(options.through);
  if (Number.isNaN(through)) throw new RangeError(`through must be an ISO date, got ${options.through}`);
  const snapshot = new Map((options.snapshot ?? embeddedSnapshotSeries()).map((item) => [item.series.id, item]));
  const realtime = formatIsoDate(nextFedBusinessDay(through));
  const lastDates: Record<string, string> = {};
  const lastValues: Record<string, number> = {};
  const paths: string[] = [];
  const note = (id: string, pairs: readonly Pair[]) => {
    const last = [...pairs].reverse().find(([, value]) => value !== null);
    if (last) {
      lastDates[id] = formatIsoDate(last[0]);
      lastValues[id] = last[1] as number;
    }
  };

  // ---- FRED ----
  const fred = new Map<string, Pair[]>();
  const fredEntries = CATALOG.filter((entry) => entry.source === 'FRED');
  const order = ['WALCL', 'TGA', 'RRP', 'SOFR', 'EFFR', 'IORB', 'FF.UPPER', 'FF.LOWER', 'RRP.AWARD', 'M2.US', 'TGA.D', 'TGA.WAVG'];
  const byId = (id: string) => CATALOG.find((entry) => entry.id === id) as CatalogEntry;
  const daily = new Map<string, Pair[]>();
  for (const id of order) {
    if (id === 'TGA.D') {
      daily.set(id, dailyTga(fred.get('TGA') as Pair[], through));
      continue;
    }
    const entry = byId(id);
    const pairs =
      id === 'TGA.WAVG' ? weekAverages(snapshotPairs(snapshot.get(id)), daily.get('TGA.D') as Pair[], through) : fredPairs(entry, snapshotPairs(snapshot.get(id)), through, fred);
    fred.set(id, pairs);
  }
  // Any other FRED series (added to the catalogue later): its snapshot history continued; GDP (not
  // shipped) continues the latest vintage of the recorded ALFRED answer.
  for (const entry of fredEntries) {
    if (fred.has(entry.id)) continue;
    fred.set(entry.id, fredPairs(entry, entry.upstreamId === 'GDP' ? latestGdpPairs() : snapshotPairs(snapshot.get(entry.id)), through, fred));
  }
  for (const entry of fredEntries) {
    const pairs = fred.get(entry.id);
    if (!pairs) throw new Error(`catalogUpstream: no FRED data made for ${entry.id}`);
    // The same observations through the keyed API and the keyless CSV, which files them by FRED's frequency.
    const frequency = FRED_FREQUENCIES[entry.upstreamId] ?? 'Daily';
    upstream.setFredSeries(
      entry.upstreamId,
      pairs.map(([day, value]) => [formatIsoDate(day), value] as const),
      { realtime, keyless: true, frequency },
    );
    note(entry.id, pairs);
  }
  paths.push(FRED_OBSERVATIONS_PATH, FREDGRAPH_PATH);

  // ---- NY Fed ----
  const asOf = (id: string) => asOfLookup(fred.get(id) as Pair[]);
  const rrp = asOf('RRP');
  const award = asOf('RRP.AWARD');
  const upper = asOf('FF.UPPER');
  const lower = asOf('FF.LOWER');
  const nyfedDays = fedBusinessDays(epochDayFromCivil(2014, 1, 2), through);
  const reverseRepo = nyfedDays.map((day) => reverseRepoOperation(day, (rrp(day) ?? 0) * 1e9, award(day) ?? lower(day) ?? 0));
  const repo = nyfedDays.flatMap((day) => repoOperations(day, upper(day) ?? 0));
  const srfDollars = new Map<number, number>();
  for (const op of repo) srfDollars.set(op.day, (srfDollars.get(op.day) ?? 0) + (op.json.totalAmtAccepted as number));
  note(
    'SRF',
    nyfedDays.map((day) => [day, (srfDollars.get(day) ?? 0) / 1e9] as const),
  );
  const sofrRows = (fred.get('SOFR') as Pair[])
    .filter(([day, value]) => value !== null && day >= definedAt(nyfedDays, 0, 'the NY Fed days'))
    .map(([day, value]) => sofrRow(day, value as number));
  const effrRows = (fred.get('EFFR') as Pair[])
    .filter(([day, value]) => value !== null && day >= definedAt(nyfedDays, 0, 'the NY Fed days'))
    .map(([day, value]) => effrRow(day, value as number, lower(day) ?? 0, upper(day) ?? 0));
  const inRange = (query: Readonly<Record<string, string>>) => {
    const start = query.startDate ? parseIsoDate(query.startDate) : -Infinity;
    const end = query.endDate ? parseIsoDate(query.endDate) : Infinity;
    return (day: number) => day >= start && day <= end && day <= through;
  };
  const operations = (ops: ReadonlyArray<{ day: number; json: Record<string, unknown> }>) => (query: Readonly<Record<string, string>>) => {
    const keep = inRange(query);
    // Newest first, as the NY Fed answers.
    return JSON.stringify({
      repo: {
        operations: ops
          .filter((op) => keep(op.day))
          .reverse()
          .map((op) => op.json),
      },
    });
  };
  const rates = (rows: ReadonlyArray<{ day: number; json: Record<string, unknown> }>) => (query: Readonly<Record<string, string>>) => {
    const keep = inRange(query);
    return JSON.stringify({
      refRates: rows
        .filter((row) => keep(row.day))
        .reverse()
        .map((row) => row.json),
    });
  };
  upstream.setHandler(NYFED_PATHS.reverseRepoResults, operations(reverseRepo));
  upstream.setHandler(NYFED_PATHS.repoResults, operations(repo));
  upstream.setHandler(NYFED_PATHS.sofr, rates(sofrRows));
  upstream.setHandler(NYFED_PATHS.effr, rates(effrRows));
  paths.push(NYFED_PATHS.reverseRepoResults, NYFED_PATHS.repoResults, NYFED_PATHS.sofr, NYFED_PATHS.effr);

  // ---- Treasury Fiscal Data (DTS) ----
  const dts = dtsRows(daily.get('TGA.D') as Pair[]);
  note(
    'TGA.D',
    (daily.get('TGA.D') as Pair[]).filter(([day]) => day >= DTS_FIRST_DAY),
  );
  const dtsMeta = (JSON.parse(readSharedFixture('fiscaldata', 'dts_operating_cash_balance.json')) as { meta: Record<string, unknown> }).meta;
  for (const path of FISCALDATA_PATHS) upstream.setHandler(path, (query) => dtsPage(dts, query, dtsMeta));
  paths.push(...FISCALDATA_PATHS);

  // ---- FDIC BankFind ----
  const fdic = fdicQuarters(through);
  const fdicEnvelope = JSON.parse(readSharedFixture('fdic', 'financials_CERT_REPDTE_EQ_LNATRES.reconstructed.json')) as { meta: { index: unknown } };
  upstream.setHandler(FDIC_PATH, (query) => fdicPage(fdic, query, fdicEnvelope.meta.index));
  const filed = [...fdic.keys()].sort();
  const lastQuarter = filed[filed.length - 1] as string;
  const lastRows = fdic.get(lastQuarter) as FdicRow[];
  const quarterDay = parseIsoDate(`${lastQuarter.slice(0, 4)}-${lastQuarter.slice(4, 6)}-${lastQuarter.slice(6)}`);
  note('BANK.EQUITY', [[quarterDay, lastRows.reduce((sum, row) => sum + row.EQ, 0)]]);
  note('BANK.RESERVES', [[quarterDay, lastRows.reduce((sum, row) => sum + row.LNATRES, 0)]]);
  paths.push(FDIC_PATH);

  // ---- Yahoo chart ----
  const aapl = JSON.parse(readSharedFixture('yahoo', 'chart_AAPL_1d_2020-08-31_2020-11-07_events.json')) as YahooBody;
  const bars = new Map<string, Bars>();
  for (const entry of CATALOG.filter((item) => item.source === 'Market prices')) {
    const spec = MARKETS[entry.upstreamId];
    if (!spec) throw new Error(`catalogUpstream: no market spec for ${entry.upstreamId}`);
    const series = marketBars(entry.upstreamId, spec, through);
    bars.set(entry.upstreamId, series);
    const path = `${YAHOO_CHART_PREFIX}${encodeURIComponent(entry.upstreamId)}`;
    upstream.setHandler(path, (query) => chartBody(entry.upstreamId, spec, series, query, aapl));
    paths.push(path);
    note(
      entry.id,
      series.days.map((day, i) => [day, definedAt(series.close, i, 'the closes')] as const),
    );
  }

  // ---- GitHub raw: the two open datasets ----
  const lastMonth = lastCompleteMonth(through);
  const gold = monthlyPairs(snapshot.get('GOLD.M'), bars.get('GC=F') as Bars, lastMonth);
  const spx = monthlyPairs(snapshot.get('SPX.M'), bars.get('^GSPC') as Bars, lastMonth);
  const goldCsv = 'Date,Price\n' + gold.map(([day, value]) => `${formatIsoDate(day).slice(0, 7)},${value.toFixed(3)}\n`).join('');
  const spxCsv =
    'Date,SP500,Dividend,Earnings,Consumer Price Index,Long Interest Rate,Real Price,Real Dividend,Real Earnings,PE10\n' +
    // Shiller's rows carry full dates; the FRED-era rows appended since 2023-07 are `YYYY-MM`.
    spx.map(([day, value]) => `${day < SHILLER_END ? formatIsoDate(day) : formatIsoDate(day).slice(0, 7)},${value.toFixed(2)},,,,,,,,\n`).join('');
  for (const [csvPath, body] of [
    [OPEN_DATASET_PATHS.gold, goldCsv],
    [OPEN_DATASET_PATHS.spx, spxCsv],
  ] as const) {
    // As the provider asks with the mock as base URL, and under GitHub's /datasets prefix.
    for (const path of [csvPath, `/datasets${csvPath}`]) upstream.setBody(path, body, 'text/plain; charset=utf-8');
    paths.push(csvPath, `/datasets${csvPath}`);
  }
  note('GOLD.M', gold);
  note('SPX.M', spx);

  return { through: options.through, paths, lastDates, lastValues };
}

// ---------------------------------------------------------------------------------------------
// Calendars

/** US federal holidays the Federal Reserve observes (a Sunday holiday moves to Monday; Saturday is not moved). */
function fedHolidays(year: number): Set<number> {
  const days = [
    epochDayFromCivil(year, 1, 1),
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    lastWeekday(year, 5, 1),
    ...(year >= 2021 ? [epochDayFromCivil(year, 6, 19)] : []),
    epochDayFromCivil(year, 7, 4),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 10, 1, 2),
    epochDayFromCivil(year, 11, 11),
    nthWeekday(year, 11, 4, 4),
    epochDayFromCivil(year, 12, 25),
  ];
  return new Set(days.map((day) => (dayOfWeek(day) === 0 ? day + 1 : day)));
}

/** NYSE holidays (Saturday → Friday, Sunday → Monday; no Columbus or Veterans Day; Good Friday). */
function nyseHolidays(year: number): Set<number> {
  const fixed = [epochDayFromCivil(year, 1, 1), ...(year >= 2022 ? [epochDayFromCivil(year, 6, 19)] : []), epochDayFromCivil(year, 7, 4), epochDayFromCivil(year, 12, 25)];
  const moved = fixed.map((day) => (dayOfWeek(day) === 0 ? day + 1 : dayOfWeek(day) === 6 ? day - 1 : day));
  return new Set([
    ...moved,
    nthWeekday(year, 1, 1, 3),
    nthWeekday(year, 2, 1, 3),
    easter(year) - 2,
    lastWeekday(year, 5, 1),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 11, 4, 4),
  ]);
}

const holidayCache = new Map<string, Set<number>>();
function isHoliday(day: number, calendar: 'fed' | 'nyse'): boolean {
  const { year } = civilFromEpochDay(day);
  const key = `${calendar}${year}`;
  let set = holidayCache.get(key);
  if (!set) holidayCache.set(key, (set = calendar === 'fed' ? fedHolidays(year) : nyseHolidays(year)));
  return set.has(day);
}

const isWeekday = (day: number) => dayOfWeek(day) !== 0 && dayOfWeek(day) !== 6;
const isFedBusinessDay = (day: number) => isWeekday(day) && !isHoliday(day, 'fed');

function fedBusinessDays(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = from; day <= to; day++) if (isFedBusinessDay(day)) days.push(day);
  return days;
}

function nextFedBusinessDay(day: number): number {
  let next = day + 1;
  while (!isFedBusinessDay(next)) next++;
  return next;
}

/** The n-th `weekday` (0 = Sunday) of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = epochDayFromCivil(year, month, 1);
  return first + ((weekday - dayOfWeek(first) + 7) % 7) + 7 * (n - 1);
}

function lastWeekday(year: number, month: number, weekday: number): number {
  const last = epochDayFromCivil(year, month, daysInMonth(year, month));
  return last - ((dayOfWeek(last) - weekday + 7) % 7);
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDayFromCivil(year, month, day);
}

/** Seconds east of UTC in New York on a day at a local hour (US rules since 2007). */
function newYorkOffsetSeconds(day: number, localHour: number): number {
  const { year } = civilFromEpochDay(day);
  const start = nthWeekday(year, 3, 0, 2);
  const end = nthWeekday(year, 11, 0, 1);
  const summer = (day > start || (day === start && localHour >= 2)) && (day < end || (day === end && localHour < 2));
  return summer ? -4 * 3600 : -5 * 3600;
}

/** The first of the last month whose monthly figure is out by `through` (the month before, once it has ended). */
function lastCompleteMonth(through: number): number {
  const { year, month } = civilFromEpochDay(through);
  return month === 1 ? epochDayFromCivil(year - 1, 12, 1) : epochDayFromCivil(year, month - 1, 1);
}

function addMonths(firstOfMonth: number, months: number): number {
  const { year, month } = civilFromEpochDay(firstOfMonth);
  const index = year * 12 + month - 1 + months;
  return epochDayFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function random(seedText: string): () => number {
  let seed = 2166136261;
  for (let i = 0; i < seedText.length; i++) seed = Math.imul(seed ^ seedText.charCodeAt(i), 16777619);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

// ---------------------------------------------------------------------------------------------
// FRED

function snapshotPairs(item: HeldSeries | undefined): Pair[] {
  if (!item) return [];
  return Array.from(item.series.days, (day, i) => [day, definedAt(item.series.values, i, 'the values')] as const);
}

function asOfLookup(pairs: readonly Pair[]): (day: number) => number | undefined {
  const known = pairs.filter(([, value]) => value !== null) as Array<readonly [number, number]>;
  return (day) => {
    let lo = 0;
    let hi = known.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (definedAt(known, mid)[0] <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : definedAt(known, lo - 1)[1];
  };
}

/** The days a FRED series publishes after `after`, up to `through` (a monthly one: the last month released). */
function fredCalendar(entry: CatalogEntry, after: number, through: number): Array<{ day: number; holiday: boolean }> {
  const out: Array<{ day: number; holiday: boolean }> = [];
  if (entry.frequency === 'W') {
    // On the weekday the series is dated (Wednesday for the H.4.1, Friday for the ECB's statement).
    const weekday = dayOfWeek(after);
    for (let day = after + 1; day <= through; day++) if (dayOfWeek(day) === weekday) out.push({ day, holiday: false });
  } else if (entry.frequency === 'M') {
    // M2SL comes out about four weeks after the month: a month is released once 25 days have passed.
    for (let month = addMonths(after, 1); endOfMonth(month) + 25 <= through; month = addMonths(month, 1)) out.push({ day: month, holiday: false });
  } else if (entry.frequency === 'Q') {
    // GDP's advance estimate comes about a month after the quarter: a quarter is out 30 days after its end.
    for (let quarter = addMonths(after, 3); endOfMonth(addMonths(quarter, 2)) + 30 <= through; quarter = addMonths(quarter, 3)) out.push({ day: quarter, holiday: false });
  } else if (entry.release === 'calendar-daily') {
    for (let day = after + 1; day <= through; day++) out.push({ day, holiday: false });
  } else {
    for (let day = after + 1; day <= through; day++) if (isWeekday(day)) out.push({ day, holiday: isHoliday(day, 'fed') });
  }
  return out;
}

/**
 * GDP as FRED serves it today: the open-ended (realtime_end 9999-12-31) row of each quarter in the
 * recorded ALFRED answer `fred_alfred/series_observations_GDP_all_vintages_output_type1_recorded-2025-01-20.json`
 * (real data to 2024-07-01; fredPairs continues it to `through`).
 */
function latestGdpPairs(): Pair[] {
  const body = JSON.parse(readSharedFixture('fred_alfred', 'series_observations_GDP_all_vintages_output_type1_recorded-2025-01-20.json')) as {
    observations: Array<{ date: string; value: string; realtime_end: string }>;
  };
  return body.observations.filter((row) => row.realtime_end === '9999-12-31').map((row) => [parseIsoDate(row.date), row.value === '.' ? null : Number(row.value)] as const);
}

/** The snapshot's history continued to `through`; RRP.AWARD (not in the snapshot) follows FF.LOWER. */
function fredPairs(entry: CatalogEntry, history: Pair[], through: number, made: ReadonlyMap<string, Pair[]>): Pair[] {
  const rand = random(`fred:${entry.id}`);
  const z = normal(rand);
  if (entry.id === 'RRP.AWARD') {
    const lower = asOfLookup(made.get('FF.LOWER') as Pair[]);
    return fredCalendar(entry, epochDayFromCivil(2013, 9, 22), through).map(({ day, holiday }) => [day, holiday ? null : (lower(day) ?? 0)] as const);
  }
  if (history.length === 0) throw new Error(`catalogUpstream: ${entry.id} has no snapshot history to continue`);
  const out = [...history];
  let last = definedAt(history, history.length - 1, 'the history')[1] as number;
  for (const { day, holiday } of fredCalendar(entry, definedAt(history, history.length - 1, 'the history')[0], through)) {
    if (holiday) {
      out.push([day, null]);
      continue;
    }
    last = nextValue(entry.id, last, z);
    out.push([day, last]);
  }
  return out;
}

function nextValue(id: string, last: number, z: () => number): number {
  switch (id) {
    case 'WALCL':
      return Math.round(last * (1 + 0.001 * z()));
    case 'TGA':
      return Math.round(Math.min(1_000_000, Math.max(600_000, last * (1 + 0.04 * z()))));
    case 'RRP':
      return round(Math.min(50, Math.max(0.05, last * Math.exp(0.3 * z()))), 3);
    case 'SOFR':
      return round(3.63 + 0.01 * Math.round(1.2 * z()), 2);
    case 'M2.US':
      return round(last * 1.0035, 1);
    case 'GDP':
      return round(last * 1.012, 3);
    default:
      // EFFR, IORB, the target range: administered or sticky rates stay put.
      return last;
  }
}

const DTS_FIRST_DAY = epochDayFromCivil(2022, 4, 18);
/** The fiscal year before the first DTS row, so month and fiscal-year totals start right. */
const DTS_PATH_START = epochDayFromCivil(2021, 10, 1);

/**
 * The daily TGA closing balance (USD millions) per Fed business day: equal to WDTGAL on Wednesdays,
 * in between a straight line plus noise.
 */
function dailyTga(weekly: readonly Pair[], through: number): Pair[] {
  const wednesdays = weekly.filter(([day, value]) => value !== null && day >= DTS_PATH_START - 14) as Array<readonly [number, number]>;
  const z = normal(random('dts'));
  const out: Pair[] = [];
  let w = 0;
  for (const day of fedBusinessDays(DTS_PATH_START, through)) {
    while (w + 1 < wednesdays.length && definedAt(wednesdays, w + 1)[0] <= day) w++;
    const [d0, v0] = definedAt(wednesdays, w, 'the Wednesdays');
    const next = wednesdays[w + 1];
    if (d0 === day) {
      out.push([day, v0]);
      continue;
    }
    const base = next ? v0 + (next[1] - v0) * ((day - d0) / (next[0] - d0)) : v0;
    out.push([day, Math.max(50_000, Math.round(base * (1 + 0.02 * z())))]);
  }
  return out;
}

/** WTREGEN: the snapshot's history, then the average of the daily balances of each week ending Wednesday. */
function weekAverages(history: Pair[], dailyPairs: readonly Pair[], through: number): Pair[] {
  const out = [...history];
  const lastHeld = definedAt(history, history.length - 1, 'the history')[0];
  for (let wednesday = lastHeld + 7; wednesday <= through; wednesday += 7) {
    const week = dailyPairs.filter(([day]) => day > wednesday - 7 && day <= wednesday).map(([, value]) => value as number);
    if (week.length) out.push([wednesday, Math.round(week.reduce((a, b) => a + b, 0) / week.length)]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// NY Fed

const mmddyy = (day: number) => {
  const { year, month, day: d } = civilFromEpochDay(day);
  return `${String(month).padStart(2, '0')}${String(d).padStart(2, '0')}${String(year % 100).padStart(2, '0')}`;
};

function reverseRepoOperation(day: number, dollars: number, rate: number): { day: number; json: Record<string, unknown> } {
  const date = formatIsoDate(day);
  const maturity = nextFedBusinessDay(day);
  const amount = Math.round(dollars / 1e6) * 1e6;
  const counterparties = amount === 0 ? 0 : Math.max(1, Math.min(110, Math.round(amount / 2e10)));
  return {
    day,
    json: {
      operationId: `RP ${mmddyy(day)} 2`,
      auctionStatus: 'Results',
      operationDate: date,
      settlementDate: date,
      maturityDate: formatIsoDate(maturity),
      operationType: 'Reverse Repo',
      operationMethod: 'Fixed Rate',
      settlementType: 'Same Day',
      termCalenderDays: maturity - day,
      term: 'Overnight',
      releaseTime: '12:45',
      closeTime: '13:15',
      note: '',
      lastUpdated: `${date} 13:15:42`,
      participatingCpty: counterparties,
      acceptedCpty: counterparties,
      totalAmtSubmitted: amount,
      totalAmtAccepted: amount,
      details: [{ securityType: 'Treasury', amtSubmitted: amount, amtAccepted: amount, percentOfferingRate: rate, percentAwardRate: rate }],
    },
  };
}

/** Standing repo operations: a morning one since 2025-06-26, and the afternoon one; take-up at month and quarter ends. */
function repoOperations(day: number, minimumBidRate: number): Array<{ day: number; json: Record<string, unknown> }> {
  const date = formatIsoDate(day);
  const maturity = nextFedBusinessDay(day);
  const rand = random(`srf:${date}`);
  const monthEnd = civilFromEpochDay(maturity).month !== civilFromEpochDay(day).month;
  const quarterEnd = monthEnd && civilFromEpochDay(day).month % 3 === 0;
  const afternoon = quarterEnd ? (5 + 25 * rand()) * 1e9 : monthEnd ? 3e9 * rand() : rand() < 0.05 ? 1e9 * rand() : 0;
  const operation = (n: number, release: string, close: string, dollars: number) => {
    const amount = Math.round(dollars / 1e6) * 1e6;
    const treasury = Math.round((amount * 0.7) / 1e6) * 1e6;
    const mbs = amount - treasury;
    return {
      day,
      json: {
        operationId: `RP ${mmddyy(day)} ${n}`,
        auctionStatus: 'Results',
        operationDate: date,
        settlementDate: date,
        maturityDate: formatIsoDate(maturity),
        operationType: 'Repo',
        operationMethod: 'Multiple Price',
        settlementType: 'Same Day',
        termCalenderDays: maturity - day,
        term: 'Overnight',
        releaseTime: release,
        closeTime: close,
        note: '',
        lastUpdated: `${date} ${close}:31`,
        operationLimit: 500_000_000_000,
        totalAmtSubmitted: amount,
        totalAmtAccepted: amount,
        details: [
          { securityType: 'Treasury', amtSubmitted: treasury, amtAccepted: treasury, minimumBidRate: minimumBidRate },
          { securityType: 'Agency', amtSubmitted: 0, amtAccepted: 0, minimumBidRate: minimumBidRate },
          { securityType: 'Mortgage-Backed', amtSubmitted: mbs, amtAccepted: mbs, minimumBidRate: minimumBidRate },
        ],
      },
    };
  };
  const ops = [];
  if (day >= epochDayFromCivil(2025, 6, 26)) ops.push(operation(1, '08:15', '08:30', 0));
  ops.push(operation(3, '13:30', '13:45', afternoon));
  return ops;
}

function sofrRow(day: number, rate: number): { day: number; json: Record<string, unknown> } {
  return {
    day,
    json: {
      effectiveDate: formatIsoDate(day),
      type: 'SOFR',
      percentRate: rate,
      percentPercentile1: round(rate - 0.04, 2),
      percentPercentile25: round(rate - 0.01, 2),
      percentPercentile75: round(rate + 0.06, 2),
      percentPercentile99: round(rate + 0.11, 2),
      volumeInBillions: 2800 + (day % 7) * 37,
      revisionIndicator: '',
    },
  };
}

function effrRow(day: number, rate: number, from: number, to: number): { day: number; json: Record<string, unknown> } {
  return {
    day,
    json: {
      effectiveDate: formatIsoDate(day),
      type: 'EFFR',
      percentRate: rate,
      percentPercentile1: round(rate - 0.03, 2),
      percentPercentile25: round(rate - 0.02, 2),
      percentPercentile75: rate,
      percentPercentile99: round(rate + 0.12, 2),
      targetRateFrom: from,
      targetRateTo: to,
      volumeInBillions: 100 + (day % 5) * 4,
      revisionIndicator: '',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Treasury Fiscal Data

interface DtsRow {
  readonly day: number;
  readonly json: Record<string, string>;
}

function dtsRows(closing: readonly Pair[]): DtsRow[] {
  const z = normal(random('dts-flows'));
  const rows: DtsRow[] = [];
  let opening = definedAt(closing, 0, 'the closing balances')[1] as number;
  let monthKey = '';
  let fiscalYear = 0;
  let monthOpen = opening;
  let yearOpen = opening;
  let monthDeposits = 0;
  let monthWithdrawals = 0;
  let yearDeposits = 0;
  let yearWithdrawals = 0;
  for (let i = 1; i < closing.length; i++) {
    const [day, value] = definedAt(closing, i, 'the closing balances');
    const close = value as number;
    const { year, month, day: dom } = civilFromEpochDay(day);
    const fy = month >= 10 ? year + 1 : year;
    if (fy !== fiscalYear) {
      fiscalYear = fy;
      yearOpen = opening;
      yearDeposits = 0;
      yearWithdrawals = 0;
    }
    const key = `${year}-${month}`;
    if (key !== monthKey) {
      monthKey = key;
      monthOpen = opening;
      monthDeposits = 0;
      monthWithdrawals = 0;
    }
    let deposits = Math.round(Math.abs(60_000 + 40_000 * z()));
    let withdrawals = opening + deposits - close;
    if (withdrawals < 10_000) {
      deposits += 10_000 - withdrawals;
      withdrawals = 10_000;
    }
    monthDeposits += deposits;
    monthWithdrawals += withdrawals;
    yearDeposits += deposits;
    yearWithdrawals += withdrawals;
    if (day >= DTS_FIRST_DAY) {
      const common = {
        table_nbr: 'I',
        table_nm: 'Operating Cash Balance',
        sub_table_name: 'Cash Balance Details',
      };
      const calendar = {
        record_fiscal_year: String(fy),
        record_fiscal_quarter: String(Math.floor(((month + 2) % 12) / 3) + 1),
        record_calendar_year: String(year),
        record_calendar_quarter: String(Math.ceil(month / 3)),
        record_calendar_month: String(month).padStart(2, '0'),
        record_calendar_day: String(dom).padStart(2, '0'),
      };
      const row = (line: number, account: string, today: number, monthValue: number, yearValue: number): DtsRow => ({
        day,
        json: {
          record_date: formatIsoDate(day),
          account_type: account,
          close_today_bal: 'null',
          open_today_bal: String(today),
          open_month_bal: String(monthValue),
          open_fiscal_year_bal: String(yearValue),
          ...common,
          src_line_nbr: String(line),
          ...calendar,
        },
      });
      rows.push(
        row(1, 'Treasury General Account (TGA) Opening Balance', opening, monthOpen, yearOpen),
        row(2, 'Total TGA Deposits (Table II)', deposits, monthDeposits, yearDeposits),
        row(3, 'Total TGA Withdrawals (Table II) (-)', withdrawals, monthWithdrawals, yearWithdrawals),
        row(4, 'Treasury General Account (TGA) Closing Balance', close, close, close),
      );
    }
    opening = close;
  }
  return rows;
}

/** One page of DTS rows: `filter` (record_date:gte|gt|lte|lt|eq:DATE, comma-separated), `sort`, `page[number]`, `page[size]`. */
function dtsPage(rows: readonly DtsRow[], query: Readonly<Record<string, string>>, metaTemplate: Record<string, unknown>): string {
  const conditions = (query.filter ?? '')
    .split(',')
    .filter(Boolean)
    .map((condition) => condition.split(':'));
  let kept = rows.filter((row) =>
    conditions.every(([field, op, value]) => {
      if (field !== 'record_date' || value === undefined) return true;
      const bound = parseIsoDate(value);
      return op === 'gte'
        ? row.day >= bound
        : op === 'gt'
          ? row.day > bound
          : op === 'lte'
            ? row.day <= bound
            : op === 'lt'
              ? row.day < bound
              : op === 'eq'
                ? row.day === bound
                : true;
    }),
  );
  if ((query.sort ?? '').startsWith('-record_date')) kept = [...kept].reverse();
  const size = Math.max(1, Number(query['page[size]'] ?? 100) || 100);
  const number = Math.max(1, Number(query['page[number]'] ?? 1) || 1);
  const pages = Math.max(1, Math.ceil(kept.length / size));
  const page = kept.slice((number - 1) * size, number * size).map((row) => row.json);
  const link = (n: number) => `&page%5Bnumber%5D=${n}&page%5Bsize%5D=${size}`;
  return JSON.stringify({
    data: page,
    meta: { ...metaTemplate, count: page.length, 'total-count': kept.length, 'total-pages': pages },
    links: { self: link(number), first: link(1), prev: number > 1 ? link(number - 1) : null, next: number < pages ? link(number + 1) : null, last: link(pages) },
  });
}

// ---------------------------------------------------------------------------------------------
// FDIC

interface FdicRow {
  readonly CERT: number;
  readonly REPDTE: string;
  readonly ASSET: number;
  readonly EQ: number;
  readonly LNATRES: number;
}

const FDIC_SHARES = [0.31, 0.24, 0.19, 0.15, 0.11];

/**
 * Quarter ends (YYYYMMDD) from 1992 whose Call Reports are on BankFind by `through`: 60 days after
 * the quarter end, the lag the provider waits (so the last quarter served is the last one asked).
 */
function fdicQuarters(through: number): Map<string, FdicRow[]> {
  const quarters: number[] = [];
  for (let year = 1992; ; year++) {
    let done = false;
    for (const month of [3, 6, 9, 12]) {
      const end = epochDayFromCivil(year, month, daysInMonth(year, month));
      if (end + 60 > through) {
        done = true;
        break;
      }
      quarters.push(end);
    }
    if (done) break;
  }
  const latest = definedAt(quarters, quarters.length - 1, 'the quarters');
  const out = new Map<string, FdicRow[]>();
  for (const quarter of quarters) {
    const years = (latest - quarter) / 365.25;
    const rand = random(`fdic:${quarter}`);
    const equity = (2.5e9 / 1.035 ** years) * (1 + 0.01 * (rand() - 0.5));
    const reserves = (2.32e8 / 1.06 ** years) * (1 + 0.02 * (rand() - 0.5));
    const repdte = formatIsoDate(quarter).replace(/-/g, '');
    const split = (total: number) => {
      const parts = FDIC_SHARES.map((share) => Math.round(total * share));
      parts[parts.length - 1] = definedAt(parts, parts.length - 1) + Math.round(total) - parts.reduce((a, b) => a + b, 0);
      return parts;
    };
    const eq = split(equity);
    const lnatres = split(reserves);
    out.set(
      repdte,
      FDIC_SHARES.map((_, i) => ({ CERT: 90001 + i, REPDTE: repdte, ASSET: Math.round(definedAt(eq, i) * 10.8), EQ: definedAt(eq, i), LNATRES: definedAt(lnatres, i) })),
    );
  }
  return out;
}

/**
 * `filters=REPDTE:YYYYMMDD`, `fields`, `limit`, `offset`: the FDIC envelope (meta.total, data[].data,
 * totals.count). With `agg_by=REPDTE`: one item per report date in `filters=REPDTE:[A TO B]` (all
 * when no range), with `count` and `sum_<FIELD>` for each of `agg_sum_fields`, newest first, at
 * most `agg_limit`. (Every invented institution is insured, so `NOT BKCLASS:(NC OR OI)` keeps all.)
 */
function fdicPage(quarters: ReadonlyMap<string, FdicRow[]>, query: Readonly<Record<string, string>>, index: unknown): string {
  if (query.agg_by === 'REPDTE') return fdicAggregate(quarters, query, index);
  const [, repdte] = /^REPDTE:(\d{8})$/.exec(query.filters ?? '') ?? [];
  const rows = repdte !== undefined ? (quarters.get(repdte) ?? []) : [...quarters.values()].flat();
  const fields = (query.fields ?? 'CERT,REPDTE,ASSET,EQ,LNATRES').split(',') as Array<keyof FdicRow>;
  const limit = Math.max(1, Math.min(10_000, Number(query.limit ?? 10) || 10));
  const offset = Math.max(0, Number(query.offset ?? 0) || 0);
  const page = rows.slice(offset, offset + limit).map((row) => {
    const data: Record<string, unknown> = {};
    for (const field of fields) if (field in row) data[field] = row[field];
    data.ID = `${row.CERT}_${row.REPDTE}`;
    return { data, score: 0 };
  });
  const parameters: Record<string, string> = {};
  for (const key of ['filters', 'fields', 'sort_by', 'sort_order', 'limit', 'offset', 'format']) if (query[key] !== undefined) parameters[key] = query[key];
  return JSON.stringify({ meta: { total: rows.length, parameters, index }, data: page, totals: { count: rows.length } });
}

/** The aggregated answer of fdicPage (hand-made layout: REPDTE, count and sum_<FIELD> per item). */
function fdicAggregate(quarters: ReadonlyMap<string, FdicRow[]>, query: Readonly<Record<string, string>>, index: unknown): string {
  const [, from, to] = /REPDTE:\[(\d{8}) TO (\d{8})\]/.exec(query.filters ?? '') ?? [];
  const fields = (query.agg_sum_fields ?? '').split(',').filter(Boolean) as Array<keyof FdicRow>;
  const limit = Math.max(1, Number(query.agg_limit ?? 10) || 10);
  const dates = [...quarters.keys()]
    .filter((repdte) => from === undefined || to === undefined || (repdte >= from && repdte <= to))
    .sort()
    .reverse();
  const data = dates.slice(0, limit).map((repdte) => {
    const rows = quarters.get(repdte) as FdicRow[];
    const item: Record<string, unknown> = { REPDTE: repdte, count: rows.length };
    for (const field of fields) item[`sum_${field}`] = rows.reduce((sum, row) => sum + (typeof row[field] === 'number' ? (row[field] as number) : 0), 0);
    return { data: item, score: 0 };
  });
  const parameters: Record<string, string> = {};
  for (const key of ['filters', 'agg_by', 'agg_sum_fields', 'agg_limit', 'format']) if (query[key] !== undefined) parameters[key] = query[key];
  return JSON.stringify({ meta: { total: data.length, parameters, index }, data, totals: { count: data.length } });
}

// ---------------------------------------------------------------------------------------------
// Yahoo chart

interface MarketSpec {
  readonly kind: 'session' | 'midnight' | 'crypto';
  /** Close on `through` (invented, plausible for August 2026). */
  readonly latest: number;
  /** Yearly drift of the log price, going back. */
  readonly growth: number;
  /** Daily volatility. */
  readonly vol: number;
  readonly exchangeName: string;
  readonly fullExchangeName: string;
  readonly instrumentType: string;
  readonly longName: string;
  readonly volume: number;
}

const MARKETS: Readonly<Record<string, MarketSpec>> = {
  'GC=F': {
    kind: 'midnight',
    latest: 4262.4,
    growth: 0.1,
    vol: 0.009,
    exchangeName: 'CMX',
    fullExchangeName: 'COMEX',
    instrumentType: 'FUTURE',
    longName: 'Gold Dec 26',
    volume: 180_000,
  },
  '^GSPC': {
    kind: 'session',
    latest: 7468.21,
    growth: 0.11,
    vol: 0.009,
    exchangeName: 'SNP',
    fullExchangeName: 'SNP',
    instrumentType: 'INDEX',
    longName: 'S&P 500',
    volume: 2_600_000_000,
  },
  '^NDX': {
    kind: 'session',
    latest: 26_310.5,
    growth: 0.16,
    vol: 0.011,
    exchangeName: 'NIM',
    fullExchangeName: 'Nasdaq GIDS',
    instrumentType: 'INDEX',
    longName: 'NASDAQ 100',
    volume: 1_400_000_000,
  },
  QQQ: {
    kind: 'session',
    latest: 641.27,
    growth: 0.16,
    vol: 0.011,
    exchangeName: 'NMS',
    fullExchangeName: 'NasdaqGS',
    instrumentType: 'ETF',
    longName: 'Invesco QQQ Trust, Series 1',
    volume: 45_000_000,
  },
  NVDA: {
    kind: 'session',
    latest: 186.35,
    growth: 0.45,
    vol: 0.028,
    exchangeName: 'NMS',
    fullExchangeName: 'NasdaqGS',
    instrumentType: 'EQUITY',
    longName: 'NVIDIA Corporation',
    volume: 190_000_000,
  },
  IGV: {
    kind: 'session',
    latest: 112.8,
    growth: 0.12,
    vol: 0.014,
    exchangeName: 'PCX',
    fullExchangeName: 'NYSEArca',
    instrumentType: 'ETF',
    longName: 'iShares Expanded Tech-Software Sector ETF',
    volume: 3_000_000,
  },
  XLP: {
    kind: 'session',
    latest: 80.52,
    growth: 0.05,
    vol: 0.007,
    exchangeName: 'PCX',
    fullExchangeName: 'NYSEArca',
    instrumentType: 'ETF',
    longName: 'Consumer Staples Select Sector SPDR Fund',
    volume: 9_000_000,
  },
  XLY: {
    kind: 'session',
    latest: 110.6,
    growth: 0.09,
    vol: 0.012,
    exchangeName: 'PCX',
    fullExchangeName: 'NYSEArca',
    instrumentType: 'ETF',
    longName: 'Consumer Discretionary Select Sector SPDR Fund',
    volume: 4_500_000,
  },
  OWL: {
    kind: 'session',
    latest: 17.48,
    growth: 0.08,
    vol: 0.022,
    exchangeName: 'NYQ',
    fullExchangeName: 'NYSE',
    instrumentType: 'EQUITY',
    longName: 'Blue Owl Capital Inc.',
    volume: 6_000_000,
  },
  AXP: {
    kind: 'session',
    latest: 329.9,
    growth: 0.13,
    vol: 0.015,
    exchangeName: 'NYQ',
    fullExchangeName: 'NYSE',
    instrumentType: 'EQUITY',
    longName: 'American Express Company',
    volume: 2_800_000,
  },
  'BTC-USD': {
    kind: 'crypto',
    latest: 111_850.4,
    growth: 0.6,
    vol: 0.03,
    exchangeName: 'CCC',
    fullExchangeName: 'CCC',
    instrumentType: 'CRYPTOCURRENCY',
    longName: 'Bitcoin USD',
    volume: 45_000_000_000,
  },
};

interface Bars {
  readonly days: number[];
  readonly timestamps: number[];
  readonly open: number[];
  readonly high: number[];
  readonly low: number[];
  readonly close: number[];
  readonly volume: number[];
}

/** The Unix second a day's bar is stamped with: the session open at the exchange. */
function barTimestamp(spec: MarketSpec, day: number): number {
  if (spec.kind === 'crypto') return day * DAY_S;
  const hour = spec.kind === 'session' ? 9.5 : 0;
  return day * DAY_S + hour * 3600 - newYorkOffsetSeconds(day, Math.floor(hour));
}

/** Eleven years of daily bars ending `through`, walked back from the latest close. */
function marketBars(symbol: string, spec: MarketSpec, through: number): Bars {
  const first = addYears(through, -11);
  const days: number[] = [];
  for (let day = first; day <= through; day++) {
    if (spec.kind === 'crypto' || (isWeekday(day) && !isHoliday(day, 'nyse'))) days.push(day);
  }
  const z = normal(random(`yahoo:${symbol}`));
  const perDay = spec.growth / (spec.kind === 'crypto' ? 365 : 252);
  const closes = new Array<number>(days.length);
  let price = spec.latest;
  for (let i = days.length - 1; i >= 0; i--) {
    closes[i] = round(price, 2);
    price = price / Math.exp(perDay + spec.vol * z());
  }
  const bars: Bars = { days, timestamps: days.map((day) => barTimestamp(spec, day)), open: [], high: [], low: [], close: closes, volume: [] };
  for (let i = 0; i < days.length; i++) {
    const close = definedAt(closes, i, 'the closes');
    const open = round(i === 0 ? close : definedAt(closes, i - 1, 'the closes') * (1 + 0.2 * spec.vol * z()), 2);
    bars.open.push(open);
    bars.high.push(round(Math.max(open, close) * (1 + Math.abs(0.4 * spec.vol * z())), 2));
    bars.low.push(round(Math.min(open, close) * (1 - Math.abs(0.4 * spec.vol * z())), 2));
    bars.volume.push(Math.round(spec.volume * (1 + 0.25 * Math.abs(z()))));
  }
  return bars;
}

interface YahooBody {
  chart: { result: Array<{ meta: Record<string, unknown> }> };
}

/** The exchange's trading periods on the day of `nowSeconds` (what `currentTradingPeriod` describes). */
function tradingPeriods(spec: MarketSpec, nowSeconds: number): { pre: Period; regular: Period; post: Period; gmtoffset: number; timezone: string } {
  if (spec.kind === 'crypto') {
    const start = Math.floor(nowSeconds / DAY_S) * DAY_S;
    const period = (from: number, to: number): Period => ({ timezone: 'UTC', start: from, end: to, gmtoffset: 0 });
    return { pre: period(start, start), regular: period(start, start + DAY_S - 60), post: period(start + DAY_S - 60, start + DAY_S - 60), gmtoffset: 0, timezone: 'UTC' };
  }
  const offset = newYorkOffsetSeconds(Math.floor((nowSeconds - 5 * 3600) / DAY_S), 12);
  const day = Math.floor((nowSeconds + offset) / DAY_S);
  const at = (hour: number) => day * DAY_S + hour * 3600 - offset;
  const timezone = offset === -4 * 3600 ? 'EDT' : 'EST';
  const period = (from: number, to: number): Period => ({ timezone, start: at(from), end: at(to), gmtoffset: offset });
  return spec.kind === 'session'
    ? { pre: period(4, 9.5), regular: period(9.5, 16), post: period(16, 20), gmtoffset: offset, timezone }
    : { pre: period(0, 0), regular: period(0, 17), post: period(17, 17), gmtoffset: offset, timezone };
}

interface Period {
  readonly timezone: string;
  readonly start: number;
  readonly end: number;
  readonly gmtoffset: number;
}

/** `interval=1d&period1=…&period2=…`: the AAPL recording's layout with this symbol's bars in range. */
function chartBody(symbol: string, spec: MarketSpec, bars: Bars, query: Readonly<Record<string, string>>, template: YahooBody): string {
  const period1 = Number(query.period1 ?? 0);
  const period2 = Number(query.period2 ?? Math.floor(Date.now() / 1000));
  const indices: number[] = [];
  for (const [i, timestamp] of bars.timestamps.entries()) if (timestamp >= period1 && timestamp < period2) indices.push(i);
  const pick = (values: number[]) => indices.map((i) => values[i]);
  const periods = tradingPeriods(spec, period2);
  const lastIndex = indices.at(-1) ?? bars.close.length - 1;
  const [firstIndex] = indices;
  const previous = firstIndex !== undefined && firstIndex > 0 ? bars.close[firstIndex - 1] : bars.close[0];
  const meta = {
    ...definedAt(template.chart.result, 0, 'the recorded chart results').meta,
    currency: 'USD',
    symbol,
    exchangeName: spec.exchangeName,
    fullExchangeName: spec.fullExchangeName,
    instrumentType: spec.instrumentType,
    firstTradeDate: bars.timestamps[0],
    regularMarketTime: definedAt(bars.timestamps, lastIndex, 'the timestamps') + (spec.kind === 'session' ? 6.5 * 3600 : spec.kind === 'crypto' ? DAY_S - 60 : 17 * 3600),
    hasPrePostMarketData: spec.kind === 'session',
    gmtoffset: periods.gmtoffset,
    timezone: periods.timezone,
    exchangeTimezoneName: spec.kind === 'crypto' ? 'UTC' : 'America/New_York',
    regularMarketPrice: bars.close[lastIndex],
    fiftyTwoWeekHigh: Math.max(...bars.high.slice(-252)),
    fiftyTwoWeekLow: Math.min(...bars.low.slice(-252)),
    regularMarketDayHigh: bars.high[lastIndex],
    regularMarketDayLow: bars.low[lastIndex],
    regularMarketVolume: bars.volume[lastIndex],
    longName: spec.longName,
    shortName: spec.longName,
    chartPreviousClose: previous,
    priceHint: 2,
    currentTradingPeriod: { pre: periods.pre, regular: periods.regular, post: periods.post },
    dataGranularity: query.interval ?? '1d',
    range: '',
  };
  const result =
    indices.length === 0
      ? { meta, indicators: { quote: [{}] } }
      : {
          meta,
          timestamp: pick(bars.timestamps),
          indicators: {
            quote: [{ low: pick(bars.low), close: pick(bars.close), volume: pick(bars.volume), open: pick(bars.open), high: pick(bars.high) }],
            adjclose: [{ adjclose: pick(bars.close) }],
          },
        };
  return JSON.stringify({ chart: { result: [result], error: null } });
}

// ---------------------------------------------------------------------------------------------
// Open datasets

/** Shiller's own rows end here; later rows of data.csv are FRED monthly means written `YYYY-MM`. */
const SHILLER_END = epochDayFromCivil(2023, 7, 1);

/** The snapshot's monthly history, then each later complete month's average of the daily closes. */
function monthlyPairs(held: HeldSeries | undefined, daily: Bars, lastMonth: number): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = held ? Array.from(held.series.days, (day, i) => [day, definedAt(held.series.values, i, 'the values')] as const) : [];
  const lastHeld = out.at(-1);
  let month = lastHeld ? addMonths(lastHeld[0], 1) : addMonths(lastMonth, -24);
  for (; month <= lastMonth; month = addMonths(month, 1)) {
    const end = endOfMonth(month);
    const closes = daily.days.flatMap((day, i) => (day >= month && day <= end ? [definedAt(daily.close, i, 'the closes')] : []));
    if (closes.length) out.push([month, round(closes.reduce((a, b) => a + b, 0) / closes.length, 2)]);
  }
  return out;
}
