/**
 * What the gateway answers for a series, and when it asks an upstream.
 *
 * Held data comes from, in order: memory → the on-disk cache → the data folder → the embedded
 * snapshot (public series only). When what is held is stale (isStale, by the series' release) and a
 * provider can fetch it, one refresh runs — however many callers ask at once, they share its
 * promise (the per-series records of src/data/refresh/) — through withRetry, each HTTP request it
 * makes spaced by the provider's rate limiter, asking only from the last held date minus an
 * overlap. A batch is checked and merged by the add-in's own pipeline (src/data/refresh/ingest.ts:
 * units, emptiness, plausibility); the cache is written only with a merged, checked series. Any
 * failure leaves held data as it was and is answered as `stale` with the reason.
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
import { lastDay, type Series } from '../../core/series/series';
import { sliceDays } from '../../core/series/sliceDays';
import type { CatalogResponse, SeriesResponse } from '../../data/gatewayProtocol';
import type { HeldSeries } from '../../data/heldSeries';
import { createRateLimiter, type RateLimited, type RatePriority } from '../../data/providers/rateLimiter';
import type { BatchItem, HttpGet, Provider, ProviderContext, ProviderResult } from '../../data/providers/types';
import { InFlight } from '../../data/refresh/inFlight';
import { ingest } from '../../data/refresh/ingest';
import { SeriesRecords, type SeriesRecord } from '../../data/refresh/seriesRecords';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../../data/retry';
import { embeddedSnapshotSeries } from '../../data/snapshot/embeddedSnapshot';
import { incrementalSince, isStale } from '../../data/staleness';
import { UpstreamError } from '../../data/upstreamError';
import { DEFAULT_ANSWER_DEADLINE_MS, apiKeyVariable, providerVariablePrefix, secretValues, type GatewayConfig } from './config';
import { AnswerDeadlineError, LATE, formatSeconds, raceDeadline, realDeadlineTimer, type DeadlineTimer } from './answerDeadline';
import { createHeldSources } from './heldSources';
import { createRedactor } from './redact';
import { LOCAL_COORDINATION, type RefreshCoordination } from './coordination';
import { createSeriesCache, type SeriesCache } from './seriesCache';
import type { Clock } from '../../data/clock';

export { AnswerDeadlineError, realDeadlineTimer, type DeadlineTimer } from './answerDeadline';

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
  /**
   * Fellow replicas (default: none): one refresh per series among them, shared upstream budgets.
   * With it, a stale series is first looked up again in the (shared) cache, which another replica
   * may have refreshed meanwhile.
   */
  readonly coordination?: RefreshCoordination;
  /** How long a request waits for an upstream refresh (default: config.answerDeadlineMs, else 8 s). */
  readonly answerDeadlineMs?: number;
  /** How long a refresh that could be batched waits for its siblings to be asked (default DEFAULT_GATHER_MS). */
  readonly gatherMs?: number;
  /** Starts the deadline (default: a real, unref'd timer; tests pass one they fire themselves). */
  readonly deadlineTimer?: DeadlineTimer;
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
  /**
   * The context `providerName`'s requests run in — base URL, key (the gateway's, else the
   * request's), its rate limiter, cancelled on close — for other requests to the same upstream
   * (ALFRED's vintages share FRED's limit: vintageService.ts). Undefined for an unknown provider.
   */
  providerContext(providerName: string, requestKeys?: RequestKeys): ProviderContext | undefined;
  /** Cancels in-flight upstream requests (their callers get held data, stale). */
  close(): void;
}

/**
 * Keys a client sent with its request (its own, kept on its machine), by variable name
 * (FRED_API_KEY). Used only where the gateway has no key of its own, never stored or logged.
 */
export type RequestKeys = ReadonlyMap<string, string>;

export const DEFAULT_FAILURE_RECHECK_MS = 60_000;
/**
 * How long a keyed FRED refresh waits for its batch siblings to be asked too (see `gather`): a
 * Refresh all's requests reach the gateway within a few ms of each other; one round trip is 100 ms+.
 */
export const DEFAULT_GATHER_MS = 25;
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

type SeriesState = SeriesRecord<Held>;

/** `adopted`: another replica refreshed the series, and this one took what it stored. */
type RefreshOutcome = { readonly ok: true; readonly adopted?: true } | { readonly ok: false; readonly reason: string };

/** One provider's answer for one series: its result, or why not, and the attempts it took. */
type Attempt = { readonly result?: ProviderResult; readonly error?: unknown; readonly attempts: number };

/**
 * Failures after which the next provider is not asked: a well-formed answer the checks refused is
 * a statement about the data (no new observations, wrong units), which another path to the same
 * data would repeat. An unavailable, throttled, refusing or unreadable source is not: the next
 * provider (FRED's keyless CSV after its API, Coinbase after Yahoo) is asked.
 */
const NO_FALLBACK: ReadonlySet<string> = new Set(['empty', 'implausible']);
/** Longest pause of a provider that throttled or refused us, whatever its Retry-After says. */
const MAX_PAUSE_MS = 15 * 60_000;

export function createSeriesService(options: SeriesServiceOptions): SeriesService {
  const { config, clock } = options;
  const redact = createRedactor(secretValues(config));
  const log = (line: string): void => options.log(redact(line));
  const cache = options.cache ?? createSeriesCache({ dir: config.cacheDir, log });
  const coordination = options.coordination ?? LOCAL_COORDINATION;
  const sources = createHeldSources({ dataDir: config.dataDir, snapshot: options.snapshot ?? embeddedSnapshotSeries, log });
  const providersFor = options.providersFor ?? ((entry: CatalogEntry) => options.providers.filter((provider) => provider.supports(entry)));
  const retry = options.retry ?? DEFAULT_RETRY;
  const failureRecheckMs = options.failureRecheckMs ?? DEFAULT_FAILURE_RECHECK_MS;
  const answerDeadlineMs = options.answerDeadlineMs ?? config.answerDeadlineMs ?? DEFAULT_ANSWER_DEADLINE_MS;
  const deadlineTimer = options.deadlineTimer ?? realDeadlineTimer;
  const shutdown = new AbortController();
  // Every in-flight upstream request listens to it: a full refresh has more than Node's default 10.
  setMaxListeners(0, shutdown.signal);

  /** Per series: what is held, the last failure, the refresh in flight. A record exists once the series is loaded. */
  const records = new SeriesRecords<Held, RefreshOutcome>();
  const refreshing = records.inFlight;
  /** Loads from the cache, data folder or snapshot in flight: one per series. */
  const loading = new InFlight<void>();
  const limiters = new Map<Provider, RateLimited>();
  /**
   * Providers that throttled (429) or refused (401/403) us: not asked again, for any series, until
   * `untilMs` (Retry-After, at least the failure recheck), so one throttled upstream is not hit
   * again by every series that needs it; their series go to the next provider meanwhile.
   */
  const pauses = new Map<Provider, { readonly untilMs: number; readonly reason: string }>();
  /** Refreshes gathering per batching provider and batch key (see `gather`), by `${provider}\0${key}`. */
  const gathering = new Map<string, { readonly asked: Map<string, CatalogEntry>; readonly outcomes: Promise<Map<string, RefreshOutcome>> }>();
  const gatherMs = options.gatherMs ?? DEFAULT_GATHER_MS;
  /**
   * A real timer, not Clock.sleep: the tests' fake clock returns at once, which would gather nothing.
   * Not unref'd: a refresh waits on it, and in `calc --live` nothing else holds the process open, so
   * an unref'd gather let Node exit with no answer and status 0.
   */
  const gatherDelay = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, gatherMs));

  const keyFor = (provider: Provider, requestKeys?: RequestKeys): string | undefined =>
    provider.keyVariable ? (config.apiKeys[apiKeyVariable(provider)]?.reveal() ?? requestKeys?.get(apiKeyVariable(provider))) : undefined;
  const missingKey = (provider: Provider, requestKeys?: RequestKeys): string | undefined =>
    provider.keyVariable && keyFor(provider, requestKeys) === undefined ? apiKeyVariable(provider) : undefined;
  /** Scrubs configured keys and the request's own keys. */
  const scrubberFor = (requestKeys?: RequestKeys) => (requestKeys?.size ? createRedactor([...secretValues(config), ...requestKeys.values()]) : redact);
  const baseUrlFor = (provider: Provider): string => config.baseUrls[providerVariablePrefix(provider.name)] ?? provider.defaultBaseUrl;
  const displayName = (provider: Provider): string => providerVariablePrefix(provider.name);
  const labelOf = (provider: Provider): string => provider.label ?? displayName(provider);
  const pausedReason = (provider: Provider): string | undefined => {
    const pause = pauses.get(provider);
    return pause && clock.now() < pause.untilMs ? pause.reason : undefined;
  };
  /** The provider a refresh of `entry` asks first now: the first with its key and not paused. */
  const firstUsable = (entry: CatalogEntry, requestKeys?: RequestKeys): Provider | undefined =>
    providersFor(entry).find((provider) => missingKey(provider, requestKeys) === undefined && pausedReason(provider) === undefined);
  /**
   * The provider that could carry `entry` together with other series in one upstream request: the
   * first usable provider with `batchKey`/`fetchMany` (FRED's keyless CSV), even when a one-series
   * provider comes before it (FRED's keyed API; see `refresh` for when the batch goes first).
   */
  const batchingProvider = (entry: CatalogEntry, requestKeys?: RequestKeys): Provider | undefined =>
    providersFor(entry).find((provider) => provider.batchKey && provider.fetchMany && missingKey(provider, requestKeys) === undefined && pausedReason(provider) === undefined);
  /**
   * The catalogue series that one upstream request could carry along with `entry`: those with the
   * same batching provider under the same batch key (FRED's keyless CSV: the FRED series of the same
   * frequency). Empty when no batching provider serves `entry`.
   */
  const batchSiblings = (entry: CatalogEntry, requestKeys?: RequestKeys): CatalogEntry[] => {
    const provider = firstUsable(entry, requestKeys) === batchingProvider(entry, requestKeys) ? batchingProvider(entry, requestKeys) : undefined;
    if (!provider?.batchKey) return [];
    const key = provider.batchKey(entry);
    return CATALOG.filter((other) => other.id !== entry.id && batchingProvider(other, requestKeys) === provider && provider.batchKey?.(other) === key);
  };

  const limiterFor = (provider: Provider): RateLimited => {
    let limiter = limiters.get(provider);
    if (!limiter) {
      limiter = coordination.limit(provider.name, provider.requestsPerSecond, createRateLimiter(provider.requestsPerSecond, clock));
      limiters.set(provider, limiter);
    }
    return limiter;
  };

  const entryFor = (id: string): CatalogEntry => {
    const entry = findSeries(id);
    if (!entry || entry.id !== id) throw new RangeError(`unknown catalogue series ${JSON.stringify(id)}`);
    return entry;
  };

  const stateFor = (id: string): SeriesState => records.ensure(id);

  const fromHeldSeries = (item: HeldSeries, origin: HeldOrigin): Held => ({
    series: item.series,
    source: item.source,
    retrievedAt: item.retrievedAt,
    retrievedAtMs: Number.isNaN(Date.parse(item.retrievedAt)) ? 0 : Date.parse(item.retrievedAt),
    origin,
  });

  /** Fills memory from the cache, the data folder or the snapshot, once per id. */
  const ensureLoaded = (id: string): Promise<void> => {
    if (records.has(id)) return Promise.resolve();
    return loading.share(id, async () => {
      let held: Held | undefined;
      try {
        const cached = await cache.read(id);
        if (cached) held = fromHeldSeries({ ...cached, origin: 'cache' }, 'cache');
      } catch (error) {
        log(`${id}: cache not readable: ${(error as Error).message}`);
      }
      if (!held) {
        const file = await sources.fromDataFolder(id);
        if (file) held = fromHeldSeries(file, 'cache');
      }
      if (!held) {
        const shipped = sources.fromSnapshot(id);
        if (shipped) held = fromHeldSeries(shipped, 'snapshot');
      }
      if (!records.has(id)) records.ensure(id).held = held;
    });
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
  const limitedGet =
    (provider: Provider, priority: RatePriority = 'normal'): HttpGet =>
    (url, init) =>
      limiterFor(provider)(() => options.get(url, init), priority);

  const contextFor = (provider: Provider, requestKeys?: RequestKeys): ProviderContext => {
    const apiKey = keyFor(provider, requestKeys);
    return {
      get: limitedGet(provider),
      baseUrl: baseUrlFor(provider),
      ...(apiKey === undefined ? {} : { apiKey }),
      now: () => new Date(clock.now()),
      signal: shutdown.signal,
    };
  };

  /** `task` with retries (back-off, Retry-After), each retry logged under `ids`. */
  const retried = <T>(provider: Provider, ids: string, counter: { attempts: number }, task: () => Promise<T>, requestKeys?: RequestKeys): Promise<T> => {
    const scrub = scrubberFor(requestKeys);
    return withRetry(
      () => {
        counter.attempts++;
        return task();
      },
      {
        policy: retry,
        sleep: (ms) => clock.sleep(ms),
        signal: shutdown.signal,
        onRetry: (delayMs, error) => log(scrub(`${ids}: ${displayName(provider)} attempt ${counter.attempts} failed (${messageOf(error)}); retrying in ${delayMs} ms`)),
      },
    );
  };

  /**
   * One provider's answers for `items`, with retries; its requests go through its rate limiter. A
   * batching provider gets one fetchMany per batch key (retried as a whole); any other one fetch
   * per series, in parallel.
   */
  const fetchFrom = async (provider: Provider, items: readonly BatchItem[], requestKeys?: RequestKeys): Promise<Map<string, Attempt>> => {
    const attempts = new Map<string, Attempt>();
    const { batchKey, fetchMany } = provider;
    if (batchKey && fetchMany) {
      const batches = new Map<string, BatchItem[]>();
      for (const item of items) batches.set(batchKey(item.entry), [...(batches.get(batchKey(item.entry)) ?? []), item]);
      await Promise.all(
        [...batches.values()].map(async (batch) => {
          const counter = { attempts: 0 };
          const ids = batch.map((item) => item.entry.id).join(', ');
          try {
            const results = await retried(provider, ids, counter, () => fetchMany.call(provider, batch, contextFor(provider, requestKeys)), requestKeys);
            for (const { entry } of batch) {
              const result = results.get(entry.id);
              const missing = new UpstreamError('malformed', `${displayName(provider)}: the answer has nothing for ${entry.id}`);
              attempts.set(
                entry.id,
                result instanceof UpstreamError || result === undefined ? { error: result ?? missing, attempts: counter.attempts } : { result, attempts: counter.attempts },
              );
            }
          } catch (error) {
            for (const { entry } of batch) attempts.set(entry.id, { error, attempts: counter.attempts });
          }
        }),
      );
      return attempts;
    }
    await Promise.all(
      items.map(async ({ entry, since }) => {
        const counter = { attempts: 0 };
        try {
          const result = await retried(provider, entry.id, counter, () => provider.fetch(entry, since, contextFor(provider, requestKeys)), requestKeys);
          attempts.set(entry.id, { result, attempts: counter.attempts });
        } catch (error) {
          attempts.set(entry.id, { error, attempts: counter.attempts });
        }
      }),
    );
    return attempts;
  };

  /** Checks and merges a fetched batch into what is held (src/data/refresh/ingest.ts), writes the cache and logs it. */
  const store = async (entry: CatalogEntry, provider: Provider, since: string | undefined, result: ProviderResult, attempts: number): Promise<void> => {
    const state = stateFor(entry.id);
    const merged = ingest(entry, state.held?.series, result.series, { from: displayName(provider), since });
    if (merged instanceof UpstreamError) throw merged;
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
        `(${result.series.days.length} fetched since ${since ?? 'the start'}${attempts > 1 ? `, ${attempts} attempts` : ''}): ${result.url}`,
    );
  };

  /** A provider that throttled (429) or refused (401/403) is paused for every series for a while. */
  const pauseIfThrottled = (provider: Provider, upstream: UpstreamError, reason: string): void => {
    if (!(upstream.kind === 'rate-limited' || (upstream.kind === 'http' && (upstream.status === 401 || upstream.status === 403)))) return;
    const pauseMs = Math.min(MAX_PAUSE_MS, Math.max(failureRecheckMs, upstream.retryAfterMs ?? 0));
    const untilMs = clock.now() + pauseMs;
    if ((pauses.get(provider)?.untilMs ?? 0) >= untilMs) return;
    pauses.set(provider, { untilMs, reason: `${displayName(provider)} is not asked again before ${new Date(untilMs).toISOString()}: ${reason}` });
    log(`${displayName(provider)}: paused for ${Math.round(pauseMs / 1000)} s (${reason})`);
  };

  /**
   * Refreshes several series together: each asks its providers in order of preference, one at a
   * time; the series at the same provider in the same round go in one call (one upstream request
   * per batch key for a batching provider). A series whose provider fails moves on to its next
   * provider unless the failure is about the data itself (NO_FALLBACK).
   */
  const refreshGroup = async (entries: readonly CatalogEntry[], requestKeys?: RequestKeys, preferBatch = false): Promise<Map<string, RefreshOutcome>> => {
    const scrub = scrubberFor(requestKeys);
    const outcomes = new Map<string, RefreshOutcome>();
    /** Why each provider could not serve; those skipped for want of a key apart. */
    const reasons = new Map(entries.map((entry) => [entry.id, { tried: [] as string[], keyless: [] as string[] }]));
    // Each series' providers still to ask, preferred first; with `preferBatch` (several series a
    // batching provider can carry in one request), that provider goes first and the others follow
    // in their order as its fallbacks (FRED's keyed API, then the NY Fed).
    const remaining = new Map(
      entries.map((entry) => {
        const candidates = providersFor(entry);
        const batcher = preferBatch ? batchingProvider(entry, requestKeys) : undefined;
        return [entry.id, batcher ? [batcher, ...candidates.filter((provider) => provider !== batcher)] : [...candidates]];
      }),
    );
    const fail = (entry: CatalogEntry): void => {
      const why = reasons.get(entry.id)!;
      // A missing key is the reason only when no other provider was there to ask.
      const reason = [...new Set([...why.tried, ...(why.tried.length ? [] : why.keyless)])].join('; ') || `no provider serves ${entry.id}`;
      const state = stateFor(entry.id);
      state.failure = { atMs: clock.now(), reason };
      const held = state.held;
      log(
        `${entry.id}: not refreshed: ${reason}; ${held ? `answering from the ${held.origin === 'upstream' ? 'cache' : held.origin} (as of ${formatIsoDate(lastDay(held.series))})` : 'nothing held'}`,
      );
      outcomes.set(entry.id, { ok: false, reason });
    };
    let pending = [...entries];
    while (pending.length > 0) {
      const round = new Map<Provider, BatchItem[]>();
      for (const entry of pending) {
        const why = reasons.get(entry.id)!;
        const candidates = remaining.get(entry.id)!;
        if (providersFor(entry).length === 0) why.tried.push(entry.unavailableReason ?? `no provider serves ${entry.id}`);
        let chosen: Provider | undefined;
        while (candidates.length > 0 && !chosen) {
          const provider = candidates.shift()!;
          const missing = missingKey(provider, requestKeys);
          const paused = pausedReason(provider);
          if (missing) why.keyless.push(`${missing} is not configured`);
          else if (paused) why.tried.push(paused);
          else chosen = provider;
        }
        if (!chosen) {
          fail(entry);
          continue;
        }
        const held = stateFor(entry.id).held;
        round.set(chosen, [...(round.get(chosen) ?? []), { entry, since: incrementalSince(entry, held ? lastDay(held.series) : NaN) }]);
      }
      pending = [];
      await Promise.all(
        [...round].map(async ([provider, items]) => {
          const attempts = await fetchFrom(provider, items, requestKeys);
          for (const { entry, since } of items) {
            const attempt = attempts.get(entry.id) ?? { error: new Error('no attempt recorded'), attempts: 0 };
            try {
              if (attempt.result === undefined) throw attempt.error;
              await store(entry, provider, since, attempt.result, attempt.attempts);
              outcomes.set(entry.id, { ok: true });
            } catch (error) {
              if (!(error instanceof UpstreamError)) {
                log(scrub(`${entry.id}: ${displayName(provider)} failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
              }
              const upstream = asUpstreamError(error, provider, entry);
              const reason = scrub(upstream.message) + (attempt.attempts > 1 ? ` (after ${attempt.attempts} attempts)` : '');
              reasons.get(entry.id)!.tried.push(reason);
              pauseIfThrottled(provider, upstream, reason);
              // Shutting down: no fallback is asked; the callers get what is held.
              if (NO_FALLBACK.has(upstream.kind) || shutdown.signal.aborted) fail(entry);
              else pending.push(entry);
            }
          }
        }),
      );
    }
    return outcomes;
  };

  /**
   * `work` as the outcome of refreshing `id` whatever happens: refresh() catches provider errors
   * itself, so a rejection is a bug, and still must not lose data or reject a caller.
   */
  const survivingCrashes = (id: string, work: Promise<RefreshOutcome>): Promise<RefreshOutcome> =>
    work.catch((error: unknown): RefreshOutcome => {
      log(`${id}: refresh crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const reason = 'internal error while refreshing';
      stateFor(id).failure = { atMs: clock.now(), reason };
      return { ok: false, reason };
    });

  /** Registers a sibling's share of a group refresh as its in-flight refresh, as getSeries does for its own. */
  const track = (id: string, work: Promise<RefreshOutcome>): void => {
    const tracked = survivingCrashes(id, work);
    void refreshing.share(id, () => tracked);
  };

  /**
   * Refreshes `entry`, and with it every batch sibling that is loaded, due and not in flight: N due
   * FRED series without a key make one request per frequency, and each sibling's callers share
   * the group's answer (still one refresh in flight per series).
   */
  const refresh = (entry: CatalogEntry, requestKeys?: RequestKeys): Promise<RefreshOutcome> => {
    const batcher = batchingProvider(entry, requestKeys);
    if (batcher?.batchKey && firstUsable(entry, requestKeys) !== batcher) return gather(entry, batcher, requestKeys);
    const siblings = batchSiblings(entry, requestKeys).filter(
      (other) => records.has(other.id) && !refreshing.has(other.id) && needsRefresh(other, stateFor(other.id), clock.now(), requestKeys),
    );
    // In catalogue order, so the batched request is the same whatever order the callers came in.
    const members = new Set([entry.id, ...siblings.map((sibling) => sibling.id)]);
    const group = refreshGroup(
      CATALOG.filter((other) => members.has(other.id)),
      requestKeys,
    );
    const outcomeOf = (id: string) => group.then((outcomes): RefreshOutcome => outcomes.get(id) ?? { ok: false, reason: 'internal error while refreshing' });
    for (const sibling of siblings) track(sibling.id, outcomeOf(sibling.id));
    return outcomeOf(entry.id);
  };

  /**
   * A series whose first provider takes one series per request (FRED's keyed API) but which a
   * batching provider (the keyless CSV) could carry with others. DESIGN §9 and §4a: FRED's
   * per-second limit makes one request per series too slow for a full refresh (15 FRED series at 2
   * a second take 7 s), and one batched request beats many. So its refresh waits `gatherMs` for
   * the other series of its batch key that are asked meanwhile (a Refresh all asks for every series
   * at once); two or more go in one batched request — with every other sibling that is due and not
   * in flight, so late callers find theirs under way — the keyed API being the fallback of each; one alone goes to the keyed API
   * first, as it always did. Each series still has one refresh in flight.
   */
  const gather = (entry: CatalogEntry, batcher: Provider, requestKeys?: RequestKeys): Promise<RefreshOutcome> => {
    const key = `${batcher.name}\u0000${batcher.batchKey?.(entry) ?? ''}`;
    let gathered = gathering.get(key);
    if (!gathered) {
      const asked = new Map<string, CatalogEntry>();
      const outcomes = gatherDelay().then(async () => {
        const candidates = CATALOG.filter((other) => batchingProvider(other, requestKeys) === batcher && batcher.batchKey?.(other) === batcher.batchKey?.(entry));
        await Promise.all(candidates.map((other) => ensureLoaded(other.id)));
        // Closed only now, and from here on synchronously up to `track`: a caller that arrived
        // while the siblings loaded is still in `asked`; one arriving later finds its id refreshing.
        // (Closed before that await, such a caller opened a gather of its own and went alone.)
        gathering.delete(key);
        // In catalogue order, so the batched request is the same whatever order the callers came in.
        const members = CATALOG.filter((other) => asked.has(other.id));
        if (members.length < 2) return refreshGroup(members, requestKeys);
        const siblings = candidates.filter((other) => !asked.has(other.id));
        const more = siblings.filter((other) => !asked.has(other.id) && !refreshing.has(other.id) && needsRefresh(other, stateFor(other.id), clock.now(), requestKeys));
        const group = refreshGroup([...members, ...more], requestKeys, true);
        for (const other of more)
          track(
            other.id,
            group.then((result): RefreshOutcome => result.get(other.id) ?? { ok: false, reason: 'internal error while refreshing' }),
          );
        return group;
      });
      gathered = { asked, outcomes };
      gathering.set(key, gathered);
    }
    gathered.asked.set(entry.id, entry);
    return gathered.outcomes.then((result): RefreshOutcome => result.get(entry.id) ?? { ok: false, reason: 'internal error while refreshing' });
  };

  /**
   * Takes what the cache holds for `entry` when it is newer than what memory holds (another
   * replica refreshed it and stored it in the shared cache); true when that leaves it fresh.
   */
  const adoptCached = async (entry: CatalogEntry, requestKeys?: RequestKeys): Promise<boolean> => {
    const state = stateFor(entry.id);
    let cached;
    try {
      cached = await cache.read(entry.id);
    } catch (error) {
      log(`${entry.id}: cache not readable: ${(error as Error).message}`);
      return false;
    }
    if (cached && Date.parse(cached.retrievedAt) > (state.held?.retrievedAtMs ?? -Infinity)) {
      state.held = fromHeldSeries({ ...cached, origin: 'cache' }, 'cache');
      state.failure = undefined;
    }
    return !needsRefresh(entry, state, clock.now(), requestKeys);
  };

  /**
   * A refresh among replicas: none when another one's result is already in the cache; else the
   * only one of them, or, when another holds the series' lock, what that one stored once it is done.
   */
  const coordinatedRefresh = async (entry: CatalogEntry, requestKeys?: RequestKeys): Promise<RefreshOutcome> => {
    if (!coordination.shared) return refresh(entry, requestKeys);
    if (await adoptCached(entry, requestKeys)) return { ok: true, adopted: true };
    const turn = await coordination.exclusive(entry.id, async (): Promise<RefreshOutcome> => {
      // Refreshed by the replica whose lock this one waited behind.
      if (await adoptCached(entry, requestKeys)) return { ok: true, adopted: true };
      return refresh(entry, requestKeys);
    });
    if (turn.ran) return turn.value;
    if (await adoptCached(entry, requestKeys)) return { ok: true, adopted: true };
    // The other replica's refresh failed: its reason is in its own answers; held data stays in use.
    const reason = `another gateway replica refreshed ${entry.id} and did not store a newer version`;
    stateFor(entry.id).failure = { atMs: clock.now(), reason };
    return { ok: false, reason };
  };

  const withinDeadline = (work: Promise<RefreshOutcome>) => raceDeadline(work, deadlineTimer, answerDeadlineMs);

  const answer = (entry: CatalogEntry, since: string | undefined, refreshed: boolean, lateReason?: string): SeriesResponse => {
    const state = stateFor(entry.id);
    const held = state.held;
    const sinceDay = since === undefined ? -Infinity : parseIsoDate(since);
    const observations: [string, number][] = [];
    if (held) {
      const { days, values } = sliceDays(held.series, sinceDay, Infinity);
      days.forEach((day, i) => observations.push([formatIsoDate(day), values[i] ?? NaN]));
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

  /**
   * Which path a refresh takes now (e.g. FRED's keyed API or its keyless CSV) and, after it, the
   * fallbacks in order; for /api/catalog and the pane.
   */
  const pathsOf = (entry: CatalogEntry): { path?: string; fallbackPaths?: string[] } => {
    const [first, ...fallbacks] = providersFor(entry).filter((provider) => missingKey(provider) === undefined);
    if (!first) return {};
    return { path: labelOf(first), ...(fallbacks.length > 0 ? { fallbackPaths: fallbacks.map(labelOf) } : {}) };
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
      await Promise.all(batchSiblings(entry, requestKeys).map((sibling) => ensureLoaded(sibling.id)));
      const state = stateFor(id);
      const pending =
        refreshing.get(id) ??
        (needsRefresh(entry, state, clock.now(), requestKeys) ? refreshing.share(id, () => survivingCrashes(id, coordinatedRefresh(entry, requestKeys))) : undefined);
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
      return answer(entry, since, outcome?.ok === true && !outcome.adopted);
    },

    async checkKey(providerName, key) {
      const provider = options.providers.find((p) => displayName(p) === providerName.toUpperCase());
      if (!provider?.checkKey) return { ok: false, message: `${providerName} takes no API key` };
      const scrub = createRedactor([...secretValues(config), key]);
      try {
        // 'low': a key check waits behind every series refresh in the upstream's queue (rateLimiter.ts).
        await provider.checkKey({ get: limitedGet(provider, 'low'), baseUrl: baseUrlFor(provider), apiKey: key, now: () => new Date(clock.now()), signal: shutdown.signal });
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
            ...pathsOf(entry),
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

    providerContext(providerName, requestKeys) {
      const provider = options.providers.find((p) => p.name === providerName);
      return provider ? contextFor(provider, requestKeys) : undefined;
    },

    close() {
      shutdown.abort();
    },
  };
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
