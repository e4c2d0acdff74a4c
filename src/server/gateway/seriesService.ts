/**
 * What the gateway answers for a series, and when it asks an upstream.
 *
 * Held data comes from, in order: memory → the on-disk cache → the data folder → the embedded
 * snapshot (public series only). When what is held is stale (isStale, by the series' cadence) and a
 * provider can fetch it, one refresh runs — however many callers ask at once, they share its
 * promise — through withRetry, each HTTP request it makes spaced by the provider's rate limiter,
 * asking only from the last held date minus an overlap. A batch is checked (units, emptiness, plausibility) before it is merged; the
 * cache is written only with a merged, checked series. Any failure leaves held data as it was and
 * is answered as `stale` with the reason.
 *
 * A request never waits longer than the answer deadline (ANSWER_DEADLINE_MS, 8 s by default) for
 * an upstream: with its defaults a hung upstream costs 4 × 15 s timeouts plus back-off (63.6 s
 * measured), a `Retry-After: 120` three 30 s waits (90.1 s), while the add-in gives up after 30 s
 * (gatewayClient.ts). Past the deadline the request is answered from what is held, stale, with
 * the reason, and the refresh goes on: its result lands in memory and the cache for the next
 * request. Holding nothing, the request fails with AnswerDeadlineError (504 with a JSON reason).
 */
import { setMaxListeners } from 'node:events';
import { CATALOG, CATALOG_VERSION } from '../../catalog/catalog';
import { findSeries } from '../../catalog/lookup';
import type { CatalogEntry } from '../../catalog/types';
import { formatIsoDate, parseIsoDate } from '../../core/dates/isoDate';
import { mergeSeries } from '../../core/series/mergeSeries';
import { createSeries, lastDay, type Series } from '../../core/series/series';
import { sliceDays } from '../../core/series/sliceDays';
import type { CatalogResponse, SeriesResponse } from '../../data/gatewayProtocol';
import type { HeldSeries } from '../../data/heldSeries';
import { checkPlausible } from '../../data/plausibility';
import { createRateLimiter, type RateLimited } from '../../data/providers/rateLimiter';
import type { HttpGet, Provider, ProviderResult } from '../../data/providers/types';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../../data/retry';
import { embeddedSnapshotSeries } from '../../data/snapshot/embeddedSnapshot';
import { incrementalSince, isStale } from '../../data/staleness';
import { UpstreamError } from '../../data/upstreamError';
import { DEFAULT_ANSWER_DEADLINE_MS, apiKeyVariable, providerVariablePrefix, secretValues, type GatewayConfig } from './config';
import { createHeldSources } from './heldSources';
import { createRedactor } from './redact';
import { createSeriesCache, type SeriesCache } from './seriesCache';

/** Time as the service sees it; tests pass a fake whose sleep advances now. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface SeriesServiceOptions {
  readonly config: GatewayConfig;
  readonly providers: readonly Provider[];
  /** Providers able to fetch an entry, preferred first; default: those whose `supports` says so, in order. */
  readonly providersFor?: (entry: CatalogEntry) => readonly Provider[];
  readonly get: HttpGet;
  readonly clock: Clock;
  /** One line per event; secrets are scrubbed before it is called. */
  readonly log: (line: string) => void;
  /** The embedded snapshot (default: the one shipped in the add-in). */
  readonly snapshot?: () => readonly HeldSeries[];
  readonly retry?: RetryPolicy;
  /** After a failed refresh, how long answers come from what is held without asking again (ms). */
  readonly failureRecheckMs?: number;
  readonly cache?: SeriesCache;
  /** How long a request waits for an upstream refresh (default: config.answerDeadlineMs, else 8 s). */
  readonly answerDeadlineMs?: number;
  /** Starts the deadline (default: a real, unref'd timer; tests pass one they fire themselves). */
  readonly deadlineTimer?: DeadlineTimer;
}

/**
 * A one-shot timer for the answer deadline. It is not `Clock.sleep`: the tests' fake clock makes
 * every sleep return at once (so retries cost no time), which would make every deadline pass at once.
 */
export type DeadlineTimer = (ms: number) => { readonly elapsed: Promise<void>; cancel(): void };

export const realDeadlineTimer: DeadlineTimer = (ms) => {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => {
    handle = setTimeout(resolve, ms);
    // A pending deadline must not keep a process (a test, the CLI) alive.
    (handle as { unref?: () => void }).unref?.();
  });
  return { elapsed, cancel: () => clearTimeout(handle) };
};

/**
 * Nothing is held for the series and its upstream refresh did not finish within the deadline; the
 * refresh goes on in the background. The routes answer 504 with this message and Retry-After.
 */
export class AnswerDeadlineError extends Error {
  constructor(
    readonly seriesId: string,
    readonly deadlineMs: number,
  ) {
    super(
      `${seriesId} is not held yet and its source did not answer within ${formatSeconds(deadlineMs)}; ` +
        'the gateway keeps asking in the background, ask again in a few seconds',
    );
    this.name = 'AnswerDeadlineError';
  }
}

/** Whether the gateway can fetch a provider's series, for the start-up summary. */
export interface ProviderStatus {
  /** e.g. `FRED`. */
  readonly name: string;
  readonly baseUrl: string;
  /** The key's variable when the provider needs one. */
  readonly keyVariable?: string;
  /** False when a key is needed and missing. */
  readonly configured: boolean;
  /** Catalogue ids this provider serves. */
  readonly seriesIds: readonly string[];
  /** Of those, the ids no configured provider can fetch (answered from the cache/snapshot only). */
  readonly heldOnlyIds: readonly string[];
}

export interface SeriesService {
  /**
   * The series (refreshed first when stale and fetchable), cut at `since` (ISO date, inclusive).
   * Throws RangeError for an id that is not exactly a catalogue id or a malformed `since`;
   * upstream failures never throw, they answer `stale` with the reason.
   */
  getSeries(id: string, since?: string, requestKeys?: RequestKeys): Promise<SeriesResponse>;
  /** One cheap upstream request with `key`, to tell a user whether their key works. */
  checkKey(providerName: string, key: string): Promise<{ ok: boolean; message: string }>;
  catalog(): CatalogResponse;
  providerStatus(): ProviderStatus[];
  /** Cancels in-flight upstream requests (their callers get held data, stale). */
  close(): void;
}

/**
 * Keys a client sent with its request (its own, kept on its machine), by variable name
 * (FRED_API_KEY). Used only where the gateway has no key of its own, never stored or logged.
 */
export type RequestKeys = ReadonlyMap<string, string>;

export const DEFAULT_FAILURE_RECHECK_MS = 60_000;
const LATE: unique symbol = Symbol('late');
/** `retrievedAt` when nothing is held: the protocol needs a timestamp, and this one says "never". */
const NEVER = new Date(0).toISOString();

type HeldOrigin = 'upstream' | 'cache' | 'snapshot';

interface Held {
  readonly series: Series;
  readonly source: string;
  readonly retrievedAt: string;
  readonly retrievedAtMs: number;
  readonly origin: HeldOrigin;
}

interface SeriesState {
  held?: Held;
  /** The last refresh failed, and why; cleared by a successful one. */
  failure?: { readonly atMs: number; readonly reason: string };
}

type RefreshOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function createSeriesService(options: SeriesServiceOptions): SeriesService {
  const { config, clock } = options;
  const redact = createRedactor(secretValues(config));
  const log = (line: string): void => options.log(redact(line));
  const cache = options.cache ?? createSeriesCache({ dir: config.cacheDir, log });
  const sources = createHeldSources({ dataDir: config.dataDir, snapshot: options.snapshot ?? embeddedSnapshotSeries, log });
  const providersFor = options.providersFor ?? ((entry: CatalogEntry) => options.providers.filter((provider) => provider.supports(entry)));
  const retry = options.retry ?? DEFAULT_RETRY;
  const failureRecheckMs = options.failureRecheckMs ?? DEFAULT_FAILURE_RECHECK_MS;
  const answerDeadlineMs = options.answerDeadlineMs ?? config.answerDeadlineMs ?? DEFAULT_ANSWER_DEADLINE_MS;
  const deadlineTimer = options.deadlineTimer ?? realDeadlineTimer;
  const shutdown = new AbortController();
  // Every in-flight upstream request listens to it: a full refresh has more than Node's default 10.
  setMaxListeners(0, shutdown.signal);

  const states = new Map<string, SeriesState>();
  const loading = new Map<string, Promise<void>>();
  const refreshing = new Map<string, Promise<RefreshOutcome>>();
  const limiters = new Map<Provider, RateLimited>();

  const keyFor = (provider: Provider, requestKeys?: RequestKeys): string | undefined =>
    provider.keyVariable ? (config.apiKeys[apiKeyVariable(provider)]?.reveal() ?? requestKeys?.get(apiKeyVariable(provider))) : undefined;
  const missingKey = (provider: Provider, requestKeys?: RequestKeys): string | undefined =>
    provider.keyVariable && keyFor(provider, requestKeys) === undefined ? apiKeyVariable(provider) : undefined;
  /** Scrubs configured keys and the request's own keys. */
  const scrubberFor = (requestKeys?: RequestKeys) => (requestKeys?.size ? createRedactor([...secretValues(config), ...requestKeys.values()]) : redact);
  const baseUrlFor = (provider: Provider): string => config.baseUrls[providerVariablePrefix(provider.name)] ?? provider.defaultBaseUrl;
  const displayName = (provider: Provider): string => providerVariablePrefix(provider.name);

  const limiterFor = (provider: Provider): RateLimited => {
    let limiter = limiters.get(provider);
    if (!limiter) {
      limiter = createRateLimiter(provider.requestsPerSecond, clock);
      limiters.set(provider, limiter);
    }
    return limiter;
  };

  const entryFor = (id: string): CatalogEntry => {
    const entry = findSeries(id);
    if (!entry || entry.id !== id) throw new RangeError(`unknown catalogue series ${JSON.stringify(id)}`);
    return entry;
  };

  const stateFor = (id: string): SeriesState => {
    let state = states.get(id);
    if (!state) {
      state = {};
      states.set(id, state);
    }
    return state;
  };

  const fromHeldSeries = (item: HeldSeries, origin: HeldOrigin): Held => ({
    series: item.series,
    source: item.source,
    retrievedAt: item.retrievedAt,
    retrievedAtMs: Number.isNaN(Date.parse(item.retrievedAt)) ? 0 : Date.parse(item.retrievedAt),
    origin,
  });

  /** Fills memory from the cache, the data folder or the snapshot, once per id. */
  const ensureLoaded = (id: string): Promise<void> => {
    if (states.has(id)) return Promise.resolve();
    let pending = loading.get(id);
    if (!pending) {
      pending = (async () => {
        let held: Held | undefined;
        try {
          const cached = await cache.read(id);
          if (cached) held = fromHeldSeries({ ...cached, origin: 'cache' }, 'cache');
        } catch (error) {
          log(`${id}: cache not readable: ${(error as Error).message}`);
        }
        if (!held) {
          const file = sources.fromDataFolder(id);
          if (file) held = fromHeldSeries(file, 'cache');
        }
        if (!held) {
          const shipped = sources.fromSnapshot(id);
          if (shipped) held = fromHeldSeries(shipped, 'snapshot');
        }
        if (!states.has(id)) states.set(id, held ? { held } : {});
      })().finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending;
  };

  const needsRefresh = (entry: CatalogEntry, state: SeriesState, nowMs: number, requestKeys?: RequestKeys): boolean => {
    const held = state.held;
    if (!isStale(entry, held ? lastDay(held.series) : NaN, held ? held.retrievedAtMs : -Infinity, nowMs)) return false;
    // A caller bringing a key the last attempt lacked deserves a new attempt at once.
    const newKey = requestKeys !== undefined && providersFor(entry).some((p) => missingKey(p) !== undefined && missingKey(p, requestKeys) === undefined);
    return newKey || !(state.failure && nowMs - state.failure.atMs < failureRecheckMs);
  };

  /**
   * The HttpGet a provider is given: every request it makes (each page of a paged answer) waits
   * for the provider's rate limiter, so the limit holds per HTTP request, not per fetch.
   */
  const limitedGet = (provider: Provider): HttpGet => (url, init) => limiterFor(provider)(() => options.get(url, init));

  /** One provider's answer, with retries; its requests go through its rate limiter. */
  const fetchFrom = (provider: Provider, entry: CatalogEntry, since: string | undefined, counter: { attempts: number }, requestKeys?: RequestKeys): Promise<ProviderResult> => {
    const apiKey = keyFor(provider, requestKeys);
    const scrub = scrubberFor(requestKeys);
    return withRetry(
      () => {
        counter.attempts++;
        return provider.fetch(entry, since, {
          get: limitedGet(provider),
          baseUrl: baseUrlFor(provider),
          ...(apiKey === undefined ? {} : { apiKey }),
          now: () => new Date(clock.now()),
          signal: shutdown.signal,
        });
      },
      {
        policy: retry,
        sleep: (ms) => clock.sleep(ms),
        signal: shutdown.signal,
        onRetry: (delayMs, error) => log(scrub(`${entry.id}: ${displayName(provider)} attempt ${counter.attempts} failed (${messageOf(error)}); retrying in ${delayMs} ms`)),
      },
    );
  };

  /** Checks a fetched batch against the catalogue and what is held; throws UpstreamError if it cannot be used. */
  const checkBatch = (entry: CatalogEntry, provider: Provider, since: string | undefined, result: ProviderResult, held: Held | undefined): Series => {
    const fetched = result.series;
    if (fetched.units !== entry.units) {
      throw new UpstreamError('malformed', `${displayName(provider)} delivered ${entry.id} in ${fetched.units}, the catalogue holds ${entry.units}`);
    }
    if (fetched.days.length === 0) {
      const after = since ? ` since ${since}` : '';
      throw new UpstreamError('empty', `${displayName(provider)} returned no observations for ${entry.id}${after}${held ? '; keeping the held data' : ''}`);
    }
    const incoming = createSeries(entry.id, entry.units, fetched.days, fetched.values);
    const implausible = checkPlausible(entry, incoming, held?.series);
    if (implausible) throw implausible;
    return incoming;
  };

  const refresh = async (entry: CatalogEntry, requestKeys?: RequestKeys): Promise<RefreshOutcome> => {
    const state = stateFor(entry.id);
    const scrub = scrubberFor(requestKeys);
    const candidates = providersFor(entry);
    const reasons: string[] = [];
    if (candidates.length === 0) reasons.push(entry.unavailableReason ?? `no provider serves ${entry.id}`);
    for (const provider of candidates) {
      const missing = missingKey(provider, requestKeys);
      if (missing) {
        reasons.push(`${missing} is not configured`);
        continue;
      }
      const held = state.held;
      const since = incrementalSince(entry, held ? lastDay(held.series) : NaN);
      const counter = { attempts: 0 };
      try {
        const result = await fetchFrom(provider, entry, since, counter, requestKeys);
        const attempts = counter.attempts;
        const incoming = checkBatch(entry, provider, since, result, held);
        const merged = held ? mergeSeries(held.series, incoming) : { series: incoming, appended: incoming.days.length, revised: 0 };
        const nowMs = clock.now();
        const retrievedAt = new Date(nowMs).toISOString();
        try {
          await cache.write({ series: merged.series, source: result.source, retrievedAt });
        } catch (error) {
          log(`${entry.id}: cache not written (${(error as Error).message}); the new data is held in memory only`);
        }
        // Another refresh cannot have run meanwhile (one in flight per id), so nothing is overwritten.
        state.held = { series: merged.series, source: result.source, retrievedAt, retrievedAtMs: nowMs, origin: 'upstream' };
        state.failure = undefined;
        log(
          `${entry.id}: ${merged.appended} new and ${merged.revised} revised observations from ${displayName(provider)} ` +
            `(${incoming.days.length} fetched since ${since ?? 'the start'}${attempts > 1 ? `, ${attempts} attempts` : ''}): ${result.url}`,
        );
        return { ok: true };
      } catch (error) {
        if (!(error instanceof UpstreamError)) {
          log(scrub(`${entry.id}: ${displayName(provider)} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
        }
        const upstream = asUpstreamError(error, provider, entry);
        const attempts = counter.attempts;
        reasons.push(scrub(upstream.message) + (attempts > 1 ? ` (after ${attempts} attempts)` : ''));
        if (upstream.kind === 'no-key' || upstream.kind === 'unsupported') continue;
        break;
      }
    }
    const reason = [...new Set(reasons)].join('; ');
    state.failure = { atMs: clock.now(), reason };
    const held = state.held;
    log(`${entry.id}: not refreshed: ${reason}; ${held ? `answering from the ${held.origin === 'upstream' ? 'cache' : held.origin} (as of ${formatIsoDate(lastDay(held.series))})` : 'nothing held'}`);
    return { ok: false, reason };
  };

  /** The refresh's outcome, or LATE when the deadline passes first (the refresh is not cancelled). */
  const withinDeadline = async (work: Promise<RefreshOutcome>): Promise<RefreshOutcome | typeof LATE> => {
    const timer = deadlineTimer(answerDeadlineMs);
    try {
      return await Promise.race([work, timer.elapsed.then((): typeof LATE => LATE)]);
    } finally {
      timer.cancel();
    }
  };

  const answer = (entry: CatalogEntry, since: string | undefined, refreshed: boolean, lateReason?: string): SeriesResponse => {
    const state = stateFor(entry.id);
    const held = state.held;
    const sinceDay = since === undefined ? -Infinity : parseIsoDate(since);
    const observations: [string, number][] = [];
    if (held) {
      const { days, values } = sliceDays(held.series, sinceDay, Infinity);
      for (let i = 0; i < days.length; i++) observations.push([formatIsoDate(days[i]), values[i]]);
    }
    const origin: SeriesResponse['origin'] = refreshed ? 'upstream' : held?.origin === 'snapshot' ? 'snapshot' : 'cache';
    return {
      id: entry.id,
      units: entry.units,
      asOf: held && held.series.days.length ? formatIsoDate(lastDay(held.series)) : null,
      retrievedAt: held?.retrievedAt ?? NEVER,
      source: held?.source ?? entry.source,
      origin,
      stale: state.failure !== undefined || lateReason !== undefined,
      ...(lateReason !== undefined ? { staleReason: lateReason, refreshing: true } : state.failure ? { staleReason: state.failure.reason } : {}),
      ...(since === undefined ? {} : { since }),
      observations,
    };
  };

  const fetchableReason = (entry: CatalogEntry): string | undefined => {
    const candidates = providersFor(entry);
    if (candidates.length === 0) return entry.unavailableReason ?? `no provider serves ${entry.id}`;
    const missing = candidates.map((provider) => [provider, missingKey(provider)] as const);
    if (missing.some(([, variable]) => variable === undefined)) return undefined;
    return missing.map(([provider, variable]) => `${displayName(provider)} needs ${variable}`).join('; ');
  };

  return {
    async getSeries(id, since, requestKeys) {
      const entry = entryFor(id);
      if (since !== undefined && Number.isNaN(parseIsoDate(since))) throw new RangeError(`since must be an ISO date (YYYY-MM-DD), got ${JSON.stringify(since)}`);
      await ensureLoaded(id);
      const state = stateFor(id);
      let pending = refreshing.get(id);
      if (!pending && needsRefresh(entry, state, clock.now(), requestKeys)) {
        pending = refresh(entry, requestKeys)
          .catch((error: unknown): RefreshOutcome => {
            // refresh() catches provider errors itself; this is a bug, and still must not lose data.
            log(`${id}: refresh crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            const reason = 'internal error while refreshing';
            state.failure = { atMs: clock.now(), reason };
            return { ok: false, reason };
          })
          .finally(() => refreshing.delete(id));
        refreshing.set(id, pending);
      }
      const outcome = pending ? await withinDeadline(pending) : undefined;
      if (outcome === LATE) {
        const held = state.held;
        if (!held) throw new AnswerDeadlineError(id, answerDeadlineMs);
        const lateReason =
          `its source did not answer within ${formatSeconds(answerDeadlineMs)}; answering from the ${held.origin === 'snapshot' ? 'snapshot' : 'cache'} ` +
          `(as of ${formatIsoDate(lastDay(held.series))}) while the refresh goes on`;
        log(`${id}: ${lateReason}`);
        return answer(entry, since, false, lateReason);
      }
      return answer(entry, since, outcome?.ok === true);
    },

    async checkKey(providerName, key) {
      const provider = options.providers.find((p) => displayName(p) === providerName.toUpperCase());
      if (!provider?.checkKey) return { ok: false, message: `${providerName} takes no API key` };
      const scrub = createRedactor([...secretValues(config), key]);
      try {
        await provider.checkKey({ get: limitedGet(provider), baseUrl: baseUrlFor(provider), apiKey: key, now: () => new Date(clock.now()), signal: shutdown.signal });
        return { ok: true, message: `${displayName(provider)} accepted the key` };
      } catch (error) {
        return { ok: false, message: scrub(messageOf(error)) };
      }
    },

    catalog() {
      return {
        catalogVersion: CATALOG_VERSION,
        series: CATALOG.map((entry) => {
          const reason = fetchableReason(entry);
          return {
            id: entry.id,
            name: entry.name,
            source: entry.source,
            units: entry.units,
            frequency: entry.frequency,
            cadence: entry.cadence,
            licence: entry.licence,
            url: entry.url,
            fetchable: reason === undefined,
            ...(reason === undefined ? {} : { reason }),
          };
        }),
      };
    },

    providerStatus() {
      return options.providers.map((provider) => {
        const seriesIds = CATALOG.filter((entry) => providersFor(entry).includes(provider)).map((entry) => entry.id);
        const variable = provider.keyVariable ? apiKeyVariable(provider) : undefined;
        return {
          name: displayName(provider),
          baseUrl: baseUrlFor(provider),
          ...(variable === undefined ? {} : { keyVariable: variable }),
          configured: missingKey(provider) === undefined,
          seriesIds,
          heldOnlyIds: seriesIds.filter((id) => fetchableReason(entryFor(id)) !== undefined),
        };
      });
    },

    close() {
      shutdown.abort();
    },
  };
}

/** 8000 → "8 s", 250 → "0.25 s". */
function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Any failure as an UpstreamError; a provider bug (not an UpstreamError) becomes 'malformed' with a generic message. */
function asUpstreamError(error: unknown, provider: Provider, entry: CatalogEntry): UpstreamError {
  if (error instanceof UpstreamError) return error;
  const name = providerVariablePrefix(provider.name);
  if (error instanceof RangeError) return new UpstreamError('malformed', `${name}: the answer for ${entry.id} could not be used (${error.message})`);
  return new UpstreamError('malformed', `${name}: unexpected error while reading ${entry.id} (${messageOf(error)})`);
}
