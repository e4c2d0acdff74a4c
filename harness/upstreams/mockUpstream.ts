/**
 * A stand-in for every upstream the providers call, on 127.0.0.1 (port 0), for tests with no
 * network. Routes by path, as the real hosts do:
 *
 *   /fred/series/observations                       FRED (series data set per series_id, filtered by observation_start/_end)
 *   /graph/fredgraph.csv                            FRED's keyless CSV (series set with `keyless: true`; `id=A,B`, `cosd`
 *                                                   per id; one CSV per FRED frequency, a ZIP of them when mixed; an unknown
 *                                                   id is HTTP 404 with FRED's HTML page from shared/fixtures)
 *   /api/rates/…, /api/rp/…                         NY Fed markets API (recorded bodies)
 *   …/v1/accounting/dts/operating_cash_balance      Treasury Fiscal Data (recorded body)
 *   /api/financials                                 FDIC BankFind (recorded body; with agg_by=REPDTE, its rows summed per report date)
 *   /v8/finance/chart/{symbol}                      Yahoo chart (recorded bodies for BTC-USD and AAPL)
 *   /products/BTC-USD/candles                       Coinbase Exchange (shared/fixtures/crypto, cut to start..end)
 *   /0/public/OHLC                                  Kraken (shared/fixtures/crypto, rows after `since`)
 *   ALFRED: observations with realtime_start/_end or output_type, /fred/series/vintagedates,
 *   /graph/alfredgraph.csv                          the recorded GDP vintages (alfredUpstream.ts)
 *
 * Recorded bodies come from ../shared/fixtures/<provider>/ (INDEX.md there says what each answers);
 * `setHandler` replaces a route with a function of the request's query (e.g. bodies generated for
 * the requested date range: harness/upstreams/catalogUpstream.ts).
 * Faults are programmed per path (status, Retry-After, latency, reset mid-body, truncation, wrong
 * shape, empty list, scaled values, oversize, chunked), optionally for the next N requests only,
 * and every request is logged (method, path, query) so tests can count them and check `since`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { zipSync } from 'fflate';
import { ALFREDGRAPH_PATH, ALFRED_VINTAGE_DATES_PATH, alfredGraph, alfredObservations, alfredVintageDates, isVintageRequest } from './alfredUpstream';
import { readSharedFixture } from './sharedFixtures';

export const FRED_OBSERVATIONS_PATH = '/fred/series/observations';
export const FREDGRAPH_PATH = '/graph/fredgraph.csv';
export const NYFED_PATHS = {
  sofr: '/api/rates/secured/sofr/search.json',
  effr: '/api/rates/unsecured/effr/search.json',
  latestRates: '/api/rates/all/latest.json',
  repoResults: '/api/rp/repo/all/results/search.json',
  reverseRepoResults: '/api/rp/reverserepo/all/results/search.json',
} as const;
export const FISCALDATA_PATH_SUFFIX = '/v1/accounting/dts/operating_cash_balance';
export const FDIC_PATH = '/api/financials';
export const YAHOO_CHART_PREFIX = '/v8/finance/chart/';
export const COINBASE_BTC_CANDLES_PATH = '/products/BTC-USD/candles';
export const KRAKEN_OHLC_PATH = '/0/public/OHLC';

/** What can go wrong at a path. Several may combine (latency + status, scale + truncate…). */
export interface MockFault {
  /** Answer with this status (body: `body`, else a short JSON error). */
  readonly status?: number;
  /** Retry-After header value (e.g. "7"), with any status. */
  readonly retryAfter?: string;
  /** Wait this long before the headers. */
  readonly latencyMs?: number;
  /** Send the headers and half the body, then reset the connection. */
  readonly resetMidBody?: boolean;
  /** Send only the first half of the body, framed as complete (Content-Length of the half). */
  readonly truncate?: boolean;
  /** A well-formed JSON body of the wrong shape. */
  readonly wrongShape?: boolean;
  /** The route's usual body with its observation list empty. */
  readonly emptyObservations?: boolean;
  /** Multiply every observation value by this (e.g. 1000: a unit switch upstream). */
  readonly scale?: number;
  /** Append this many spaces to the body (oversize, still valid JSON). */
  readonly padBytes?: number;
  /** No Content-Length: the body goes chunked, so only counting bytes can catch its size. */
  readonly chunked?: boolean;
  /** Replace the body entirely. */
  readonly body?: string;
  /** Apply to the next N requests only, then clear (default: until cleared). */
  readonly times?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The raw request target. */
  readonly target: string;
}

/** What a handler answers: a 200 JSON body, or a status, body and content type of its own. */
export type MockHandlerAnswer = string | { readonly status?: number; readonly body: string; readonly contentType?: string };
/** Answers a request from its (decoded) query parameters and path. */
export type MockHandler = (query: Readonly<Record<string, string>>, pathname: string) => MockHandlerAnswer;

export interface FredSeriesOptions {
  /** realtime_start/_end of the API's answer (default 2026-11-23). */
  readonly realtime?: string;
  /**
   * Also served by the keyless CSV download (default: API only, so a test of the keyed path sees
   * its fallback fail as for an unknown id, unless it asks for the keyless path).
   */
  readonly keyless?: boolean;
  /** FRED's frequency label, which decides the CSV file of a keyless answer (default "Daily"). */
  readonly frequency?: string;
}

export interface MockUpstream {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  requestsTo(pathname: string): RecordedRequest[];
  /**
   * The observations FRED serves for `seriesId`, as (ISO date, value) pairs; null → ".".
   * `realtime` is the realtime_start/_end FRED stamps on the answer (default 2026-11-23).
   */
  setFredSeries(seriesId: string, pairs: ReadonlyArray<readonly [string, number | null]>, options?: FredSeriesOptions): void;
  /** A fixed body for a path (overrides the route and any handler). */
  setBody(pathname: string, body: string, contentType?: string): void;
  /** A handler for a path, matched as requested or percent-decoded (overrides the route). */
  setHandler(pathname: string, handler: MockHandler): void;
  /** ALFRED's cap on vintage dates per request (default 2,000, as ALFRED); lower it to make GDP's 395 split. */
  setVintageCap(cap: number): void;
  /** Programs (or with undefined clears) the fault at a path. */
  fault(pathname: string, fault: MockFault | undefined): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/** FRED's frequency label as a ZIP member name: "Weekly, As of Wednesday" → "weekly,_as_of_wednesday.csv". */
export function fredGraphMemberName(frequency: string): string {
  return `${frequency.toLowerCase().replace(/ /g, '_')}.csv`;
}

/**
 * One fredgraph CSV in the current format: `observation_date,A,B`, rows on the union of the
 * columns' dates, ascending, a missing value an empty cell.
 */
export function fredGraphCsv(columns: ReadonlyArray<readonly [id: string, pairs: ReadonlyArray<readonly [string, number | null]>]>): string {
  const dates = [...new Set(columns.flatMap(([, pairs]) => pairs.map(([date]) => date)))].sort();
  const byDate = columns.map(([, pairs]) => new Map(pairs));
  const lines = dates.map((date) => [date, ...byDate.map((values) => values.get(date) ?? '')].map((cell) => (cell === null ? '' : String(cell))).join(','));
  return `observation_date,${columns.map(([id]) => id).join(',')}\n${lines.map((line) => `${line}\n`).join('')}`;
}

/**
 * A FRED `series/observations` JSON body in FRED's own layout: values as strings, "." for missing.
 * @example
 * fredObservationsBody([['2026-01-07', 6581234], ['2026-01-14', null]]) // {"…","count":2,"observations":[{"date":"2026-01-07","value":"6581234",…},{…"value":"."}]}
 */
export function fredObservationsBody(
  pairs: ReadonlyArray<readonly [string, number | null]>,
  options: { observationStart?: string; observationEnd?: string; realtime?: string } = {},
): string {
  const realtime = options.realtime ?? '2026-11-23';
  return JSON.stringify({
    realtime_start: realtime,
    realtime_end: realtime,
    observation_start: options.observationStart ?? '1600-01-01',
    observation_end: options.observationEnd ?? '9999-12-31',
    units: 'lin',
    output_type: 1,
    file_type: 'json',
    order_by: 'observation_date',
    sort_order: 'asc',
    count: pairs.length,
    offset: 0,
    limit: 100000,
    observations: pairs.map(([date, value]) => ({
      realtime_start: realtime,
      realtime_end: realtime,
      date,
      value: value === null ? '.' : String(value),
    })),
  });
}

/**
 * The reconstructed FDIC body's rows aggregated as the provider asks (`agg_by=REPDTE`,
 * `agg_sum_fields`, `filters=REPDTE:[YYYYMMDD TO YYYYMMDD] …`): one item per report date in the
 * range, `sum_<FIELD>` per field asked (a null adds 0), newest first, in the fixture's envelope.
 * HAND-MADE like the fixture itself: the aggregated layout follows public client code, not a
 * recording.
 */
export function fdicAggregateBody(recorded: string, query: Readonly<Record<string, string>>): string {
  const body = JSON.parse(recorded) as { meta: Record<string, unknown>; data: Array<{ data: Record<string, unknown> }>; totals: Record<string, unknown> };
  const [, from, to] = /REPDTE:\[(\d{8}) TO (\d{8})\]/.exec(query.filters ?? '') ?? [];
  const fields = (query.agg_sum_fields ?? '').split(',').filter(Boolean);
  const sums = new Map<string, { count: number; [sum: string]: number }>();
  for (const { data: row } of body.data) {
    const repdte = String(row.REPDTE);
    if (from !== undefined && to !== undefined && (repdte < from || repdte > to)) continue;
    const item = sums.get(repdte) ?? { count: 0 };
    item.count++;
    for (const field of fields) item[`sum_${field}`] = (item[`sum_${field}`] ?? 0) + (typeof row[field] === 'number' ? (row[field] as number) : 0);
    sums.set(repdte, item);
  }
  const data = [...sums.entries()].sort(([a], [b]) => (a < b ? 1 : -1)).map(([REPDTE, item]) => ({ data: { REPDTE, ...item }, score: 0 }));
  return JSON.stringify({ ...body, meta: { ...body.meta, total: data.length }, data, totals: { count: data.length } });
}

/** FRED's error body (note the two spaces after "Bad Request."). */
export function fredErrorBody(code: number, message: string): string {
  return JSON.stringify({ error_code: code, error_message: message });
}

/** A URL on 127.0.0.1 where nothing listens: the upstream is down. */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const VALUE_KEYS = new Set(['value', 'percentRate', 'totalAmtAccepted', 'open_today_bal', 'close_today_bal', 'EQ', 'LNATRES', 'sum_EQ', 'sum_LNATRES', 'close', 'adjclose']);
const LIST_KEYS = new Set(['observations', 'refRates', 'operations', 'data', 'timestamp']);

/** Every observation value in a parsed body multiplied by `factor` (strings stay strings). */
function scaleValues(json: unknown, factor: number): unknown {
  if (Array.isArray(json)) return json.map((item) => scaleValues(item, factor));
  if (json === null || typeof json !== 'object') return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (VALUE_KEYS.has(key) && typeof value === 'number') out[key] = value * factor;
    else if (VALUE_KEYS.has(key) && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) out[key] = String(Number(value) * factor);
    else if (VALUE_KEYS.has(key) && Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'number' ? v * factor : v));
    else out[key] = scaleValues(value, factor);
  }
  return out;
}

/** The body with every observation list emptied (and FRED's count set to 0). */
function emptyLists(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(emptyLists);
  if (json === null || typeof json !== 'object') return json;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (LIST_KEYS.has(key) && Array.isArray(value)) out[key] = [];
    else if (key === 'count' && typeof value === 'number') out[key] = 0;
    else out[key] = emptyLists(value);
  }
  return out;
}

function safeDecode(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

interface Answer {
  status: number;
  body: string;
  contentType: string;
  /** A binary body (a ZIP), sent instead of `body`. */
  bytes?: Buffer;
}

/** Starts the mock on 127.0.0.1:`port` (0: any free port). */
export async function startMockUpstream(port = 0): Promise<MockUpstream> {
  const requests: RecordedRequest[] = [];
  const fredSeries = new Map<string, { pairs: ReadonlyArray<readonly [string, number | null]> } & FredSeriesOptions>();
  const handlers = new Map<string, MockHandler>();
  const bodies = new Map<string, { body: string; contentType: string }>();
  const faults = new Map<string, { fault: MockFault; remaining: number }>();
  const timers = new Set<NodeJS.Timeout>();
  let vintageCap = 2000;

  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const json = (status: number, body: string): Answer => ({ status, body, contentType: 'application/json; charset=utf-8' });

  const route = (pathname: string, query: Record<string, string>): Answer => {
    const fixed = bodies.get(pathname);
    if (fixed) return { status: 200, ...fixed };
    const handler = handlers.get(pathname) ?? handlers.get(safeDecode(pathname));
    if (handler) {
      const answer = handler(query, pathname);
      return typeof answer === 'string'
        ? json(200, answer)
        : { status: answer.status ?? 200, body: answer.body, contentType: answer.contentType ?? 'application/json; charset=utf-8' };
    }
    if (pathname === FRED_OBSERVATIONS_PATH || pathname === ALFRED_VINTAGE_DATES_PATH) {
      if (!query.api_key) return json(400, readSharedFixture('fred', 'error_400_api_key_not_registered.reconstructed.json'));
    }
    if (pathname === ALFRED_VINTAGE_DATES_PATH) return alfredVintageDates(query);
    if (pathname === ALFREDGRAPH_PATH) return alfredGraph(query);
    if (pathname === FRED_OBSERVATIONS_PATH && isVintageRequest(query)) return alfredObservations(query, vintageCap);
    if (pathname === FRED_OBSERVATIONS_PATH) {
      const id = query.series_id ?? '';
      const seeded = fredSeries.get(id);
      if (!seeded) {
        const recorded = `series_observations_${id}.json`;
        try {
          return json(200, readSharedFixture('fred', recorded));
        } catch {
          return json(400, fredErrorBody(400, 'Bad Request.  The series does not exist.'));
        }
      }
      const start = query.observation_start ?? '0000-00-00';
      const end = query.observation_end ?? '9999-99-99';
      const kept = seeded.pairs.filter(([date]) => date >= start && date <= end);
      return json(200, fredObservationsBody(kept, { observationStart: query.observation_start, observationEnd: query.observation_end, realtime: seeded.realtime }));
    }
    if (pathname === FREDGRAPH_PATH) return fredGraph(query);
    if (pathname === NYFED_PATHS.sofr) return json(200, readSharedFixture('nyfed', 'rates_secured_sofr_search.json'));
    if (pathname === NYFED_PATHS.effr) return json(200, readSharedFixture('nyfed', 'rates_unsecured_effr_search.json'));
    if (pathname === NYFED_PATHS.latestRates) return json(200, readSharedFixture('nyfed', 'rates_all_latest_refRates_raw.json'));
    if (pathname === NYFED_PATHS.repoResults || pathname === NYFED_PATHS.reverseRepoResults) {
      return json(200, readSharedFixture('nyfed', 'rp_all_all_results_last_500_TRIMMED_80ops.json'));
    }
    if (pathname.endsWith(FISCALDATA_PATH_SUFFIX)) return json(200, readSharedFixture('fiscaldata', 'dts_operating_cash_balance.json'));
    if (pathname === FDIC_PATH) {
      const recorded = readSharedFixture('fdic', 'financials_CERT_REPDTE_EQ_LNATRES.reconstructed.json');
      return json(200, query.agg_by === 'REPDTE' ? fdicAggregateBody(recorded, query) : recorded);
    }
    if (pathname === COINBASE_BTC_CANDLES_PATH) {
      const start = query.start ? Date.parse(query.start) / 1000 : -Infinity;
      const end = query.end ? Date.parse(query.end) / 1000 : Infinity;
      const rows = JSON.parse(readSharedFixture('crypto', 'coinbase_exchange_candles_BTC-USD_86400_recorded_reindented.fixture.json')) as Array<[time: number, ...rest: number[]]>;
      return json(200, JSON.stringify(rows.filter(([time]) => time >= start && time <= end)));
    }
    if (pathname === KRAKEN_OHLC_PATH) {
      const body = JSON.parse(readSharedFixture('crypto', 'kraken_OHLC_XBTUSD_1440_recorded_reindented.fixture.json')) as { result: Record<string, unknown> };
      if (query.pair !== 'XBTUSD') return json(200, JSON.stringify({ error: ['EQuery:Unknown asset pair'] }));
      const since = Number(query.since ?? -Infinity);
      body.result.XXBTZUSD = (body.result.XXBTZUSD as Array<[time: number, ...rest: unknown[]]>).filter(([time]) => time > since);
      return json(200, JSON.stringify(body));
    }
    if (pathname.startsWith(YAHOO_CHART_PREFIX)) {
      const symbol = decodeURIComponent(pathname.slice(YAHOO_CHART_PREFIX.length));
      if (symbol === 'BTC-USD') return json(200, readSharedFixture('yahoo', 'chart_BTC-USD_1d_2020-01-01_2020-01-03.json'));
      if (symbol === 'AAPL') return json(200, readSharedFixture('yahoo', 'chart_AAPL_1d_2020-08-31_2020-11-07_events.json'));
      return json(404, JSON.stringify({ chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } } }));
    }
    return json(404, JSON.stringify({ error: `mock upstream has no route for ${pathname}` }));
  };

  /**
   * fredgraph.csv as FRED answers it: `cosd` one date per id (or one for all), a date past a
   * series' end ignored (the whole series comes back, as FRED does); the ids grouped by FRED
   * frequency into one CSV each, several of them zipped with a README.
   */
  const fredGraph = (query: Record<string, string>): Answer => {
    const ids = (query.id ?? '').split(',').filter(Boolean);
    const starts = (query.cosd ?? '').split(',');
    const known = ids.map((id) => fredSeries.get(id));
    if (ids.length === 0 || known.some((item) => !item?.keyless)) {
      return { status: 404, body: readSharedFixture('fred', 'fredgraph_404_unknown_series_NGDPSAXDCCHQ.TRIMMED.html'), contentType: 'text/html; charset=UTF-8' };
    }
    const groups = new Map<string, Array<readonly [string, ReadonlyArray<readonly [string, number | null]>]>>();
    ids.forEach((id, i) => {
      const item = known[i]!;
      const start = (starts.length === 1 ? starts[0] : starts[i]) || '0000-00-00';
      const last = item.pairs.at(-1)?.[0] ?? '';
      const pairs = start > last ? item.pairs : item.pairs.filter(([date]) => date >= start);
      const frequency = item.frequency ?? 'Daily';
      groups.set(frequency, [...(groups.get(frequency) ?? []), [id, pairs] as const]);
    });
    if (groups.size === 1) return { status: 200, body: fredGraphCsv([...groups.values()][0]!), contentType: 'text/csv' };
    const members: Record<string, Uint8Array> = { 'README.txt': Buffer.from('Mock FRED download: one CSV per frequency.\n') };
    for (const [frequency, columns] of groups) members[fredGraphMemberName(frequency)] = Buffer.from(fredGraphCsv(columns));
    return { status: 200, body: '', bytes: Buffer.from(zipSync(members)), contentType: 'application/zip' };
  };

  /** The fault for this request, counting down `times`. */
  const takeFault = (pathname: string): MockFault | undefined => {
    const programmed = faults.get(pathname);
    if (!programmed) return undefined;
    if (programmed.remaining !== Infinity && --programmed.remaining <= 0) faults.delete(pathname);
    return programmed.fault;
  };

  const transform = (answer: Answer, fault: MockFault): Answer => {
    let body = answer.body;
    if (fault.body !== undefined) body = fault.body;
    else if (fault.wrongShape) body = JSON.stringify({ seriess: [{ id: 'WALCL', title: 'not observations' }], results: { items: 3 } });
    else if (fault.emptyObservations || fault.scale !== undefined) {
      let parsed: unknown = JSON.parse(body);
      if (fault.emptyObservations) parsed = emptyLists(parsed);
      if (fault.scale !== undefined) parsed = scaleValues(parsed, fault.scale);
      body = JSON.stringify(parsed);
    }
    if (fault.padBytes) body = body + ' '.repeat(fault.padBytes);
    const status = fault.status ?? answer.status;
    if (fault.status !== undefined && fault.body === undefined && fault.status >= 400) body = JSON.stringify({ error: `mock fault ${fault.status}` });
    const replaced = body !== answer.body || status !== answer.status;
    return { ...answer, status, body, bytes: replaced ? undefined : answer.bytes };
  };

  const server = http.createServer((req, res) => {
    res.on('error', () => undefined);
    const target = req.url ?? '/';
    const url = new URL(target, 'http://mock.invalid');
    const query: Record<string, string> = {};
    for (const [key, value] of url.searchParams) query[key] = value;
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, target });
    const fault = takeFault(url.pathname);
    void (async () => {
      if (fault?.latencyMs) await later(fault.latencyMs);
      if (res.destroyed || res.writableEnded) return;
      const answer = fault ? transform(route(url.pathname, query), fault) : route(url.pathname, query);
      const bytes = answer.bytes ?? Buffer.from(answer.body, 'utf8');
      const headers: Record<string, string> = { 'Content-Type': answer.contentType };
      if (fault?.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
      if (fault?.resetMidBody) {
        res.writeHead(answer.status, { ...headers, 'Content-Length': String(bytes.length) });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
        await later(20);
        const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
        if (socket.resetAndDestroy) socket.resetAndDestroy();
        else socket.destroy();
        return;
      }
      const sent = fault?.truncate ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes;
      if (fault?.chunked) {
        res.writeHead(answer.status, headers);
        for (let at = 0; at < sent.length && !res.destroyed; at += 16_384) res.write(sent.subarray(at, at + 16_384));
        res.end();
        return;
      }
      res.writeHead(answer.status, { ...headers, 'Content-Length': String(sent.length) });
      res.end(sent);
    })();
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    requests,
    requestsTo: (pathname) => requests.filter((request) => request.path === pathname),
    setFredSeries: (seriesId, pairs, options = {}) => void fredSeries.set(seriesId, { ...options, pairs: [...pairs] }),
    setBody: (pathname, body, contentType = 'application/json; charset=utf-8') => void bodies.set(pathname, { body, contentType }),
    setHandler: (pathname, handler) => void handlers.set(pathname, handler),
    setVintageCap: (cap) => {
      vintageCap = cap;
    },
    fault: (pathname, fault) => {
      if (fault) faults.set(pathname, { fault, remaining: fault.times ?? Infinity });
      else faults.delete(pathname);
    },
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
