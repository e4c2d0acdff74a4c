import { findSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { formatIsoDate } from '../core/dates/isoDate';
import { lastDay } from '../core/series/series';
import type { GatewayClient } from './gatewayClient';
import { heldKey, type HeldSeries, type Origin } from './heldSeries';
import type { SeriesPersistence } from './persistence';
import { ingest, unitsProblem } from './refresh/ingest';
import { SeriesRecords } from './refresh/seriesRecords';
import { Subscribers } from './refresh/subscribers';
import { DEFAULT_RETRY, withRetry, type RetryOptions, type RetryPolicy } from './retry';
import { incrementalSince, isStale } from './staleness';
import type { ObservableStore } from './store';
import { UpstreamError } from './upstreamError';
import { describeVintage, splitVintageKey, type Vintage } from './vintage';
import type { Clock } from './clock';
import type { Connectivity } from './connectivity';
import { DeferredSeries } from './snapshot/snapshotFile';

export type SeriesState = 'fresh' | 'stale' | 'refreshing' | 'error' | 'missing';

/** What the pane shows for a series. */
export interface SeriesStatus {
  readonly id: string;
  readonly state: SeriesState;
  /** Last observation held (ISO date). */
  readonly asOf?: string;
  readonly retrievedAt?: string;
  readonly origin?: Origin;
  readonly source?: string;
  /** Set for a vintage key (`GDP@first`): which vintage the data is. */
  readonly vintage?: Vintage;
  /** Why the last refresh failed or why the data is stale; the held data stays in use. */
  readonly message?: string;
}

export interface RefreshProgress {
  readonly done: number;
  readonly total: number;
  readonly status: SeriesStatus;
}

export interface LiveStoreOptions {
  readonly gateway: GatewayClient;
  readonly persistence: SeriesPersistence;
  /**
   * Held from the start (the embedded snapshot, a workbook's embedded data). A DeferredSeries is
   * decoded when it is first read: a cell decodes only the series it reads.
   */
  readonly initial?: Iterable<HeldSeries | DeferredSeries>;
  readonly clock: Clock;
  readonly retry?: RetryPolicy;
  /** Whether requests can go out now; while offline, refreshes wait for the network (default ALWAYS_ONLINE). */
  readonly connectivity?: Connectivity;
  readonly log?: (message: string) => void;
}

type Listener = () => void;

/** The status message of a refresh that waits because the machine is offline (the retryer pauses, it does not fail). */
export const WAITING_FOR_NETWORK = 'waiting for the network: this computer is offline; the refresh goes on when it is back';

interface HeldFacts {
  readonly lastDay: number;
  readonly retrievedAt: string;
  readonly origin: Origin;
  readonly source: string;
  readonly vintage: Vintage | undefined;
}

/**
 * The add-in's store: memory, then the persisted cache, then the embedded snapshot, then the
 * gateway. Held data answers synchronously; one request per series is in flight however many cells
 * or pane actions ask; a refresh merges by date, persists, and tells exactly the subscribers of
 * the series that changed. A failed refresh never touches held data: it only records why.
 */
export class LiveStore implements ObservableStore {
  /** Held data, last failure and the refresh in flight, per id or vintage key. */
  private readonly records = new SeriesRecords<HeldSeries, void>();
  /** Series the gateway last answered as stale, and why (its upstream failed): the add-in's own. */
  private readonly staleReasons = new Map<string, string>();
  /** The cells reading each series; a series a live cell reads is "used by the workbook" and the pane lists it. */
  private readonly subscribers = new Subscribers((id) => this.emitStatus(id));
  private readonly statusListeners = new Set<(id: string) => void>();
  /** Snapshot series held but not decoded yet; an id is here or in `records` with data, never both. */
  private readonly deferred = new Map<string, DeferredSeries>();
  private readonly options: LiveStoreOptions;
  /** Series computed from a workbook's embedded data until a refresh replaces them. */
  private pinnedIds = new Set<string>();
  private pinnedAt?: string;
  /** Upstream (gateway) requests made, for tests and the benchmark. */
  requestCount = 0;

  constructor(options: LiveStoreOptions) {
    this.options = options;
    for (const item of options.initial ?? []) {
      if (item instanceof DeferredSeries) this.deferred.set(item.key, item);
      else this.records.ensure(heldKey(item)).held = item;
    }
    // A refresh waiting out an offline spell says so, and stops saying so when the network is back.
    options.connectivity?.onChange(() => {
      for (const id of [...this.records.inFlight.keys()]) this.emitStatus(id);
    });
  }

  /** Brings in the persisted cache; entries newer than what is held replace it. */
  async restore(): Promise<void> {
    let stored: HeldSeries[];
    try {
      stored = await this.options.persistence.loadAll();
    } catch (error) {
      this.log(`persisted cache unreadable, starting without it: ${(error as Error).message}`);
      return;
    }
    for (const item of stored) {
      // Vintages live in memory and the gateway's cache only; a stray one never replaces the latest.
      if (item.vintage !== undefined) continue;
      // A workbook's embedded data wins over this machine's cache: the recipient sees the author's numbers.
      if (this.pinnedIds.has(heldKey(item))) continue;
      const current = this.heldFacts(heldKey(item));
      if (!current || lastDay(item.series) > current.lastDay || (lastDay(item.series) === current.lastDay && item.retrievedAt > current.retrievedAt)) {
        this.replace(item);
      }
    }
  }

  peek(id: string): HeldSeries | undefined {
    return this.records.get(id)?.held ?? this.decodeDeferred(id);
  }

  heldIds(): readonly string[] {
    const held = this.records.heldIds();
    return this.deferred.size === 0 ? held : [...held, ...this.deferred.keys()];
  }

  /** A deferred snapshot series decoded into its record, on its first read; a corrupt one is dropped, saying so. */
  private decodeDeferred(id: string): HeldSeries | undefined {
    const entry = this.deferred.get(id);
    if (entry === undefined) return undefined;
    this.deferred.delete(id);
    try {
      const item = entry.decode();
      this.records.ensure(id).held = item;
      return item;
    } catch (error) {
      this.log(`the embedded snapshot's ${id} could not be decoded, so it is fetched instead: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** What a status line and the persisted cache's comparison need of a held series, without decoding a deferred one. */
  private heldFacts(id: string): HeldFacts | undefined {
    const item = this.records.get(id)?.held;
    if (item !== undefined) {
      return { lastDay: lastDay(item.series), retrievedAt: item.retrievedAt, origin: item.origin, source: item.source, vintage: item.vintage };
    }
    const entry = this.deferred.get(id);
    return entry && { lastDay: entry.lastDay(), retrievedAt: entry.retrievedAt, origin: 'snapshot', source: entry.source, vintage: entry.vintage };
  }

  /** The held series (or vintage, by its key), fetching it from the gateway first when nothing is held. */
  async load(id: string): Promise<HeldSeries | undefined> {
    const held = this.peek(id);
    if (held) return held;
    if (!findSeries(splitVintageKey(id).id)) return undefined;
    await this.refreshOne(id);
    return this.peek(id);
  }

  /**
   * Refreshes the given series concurrently (the gateway applies the upstream limits); reports
   * each as it settles. Resolves when all are done; never rejects for a series' failure.
   */
  async refresh(ids: readonly string[], options: { signal?: AbortSignal; onProgress?: (progress: RefreshProgress) => void } = {}): Promise<SeriesStatus[]> {
    let done = 0;
    return Promise.all(
      ids.map(async (id) => {
        await this.refreshOne(id, options.signal);
        const status = this.status(id);
        options.onProgress?.({ done: ++done, total: ids.length, status });
        return status;
      }),
    );
  }

  /** Held series due for newer data by their release cadence. */
  staleIds(): string[] {
    return this.heldIds().filter((id) => this.status(id).state === 'stale');
  }

  /**
   * Refreshes the stale series (when the pane is shown: refreshStaleOnShow.ts), except those pinned
   * to a workbook's embedded data, which wait for a deliberate refresh.
   */
  refreshStale(): Promise<SeriesStatus[]> {
    return this.refresh(this.staleIds().filter((id) => !this.pinnedIds.has(id)));
  }

  status(id: string): SeriesStatus {
    const record = this.records.get(id);
    const item = this.heldFacts(id);
    const base = item ? { id, asOf: formatIsoDate(item.lastDay), retrievedAt: item.retrievedAt, origin: item.origin, source: item.source } : { id };
    if (this.records.inFlight.has(id)) return { ...base, state: 'refreshing', ...(this.offline() ? { message: WAITING_FOR_NETWORK } : {}) };
    const failure = record?.failure;
    if (failure) return { ...base, state: 'error', message: failure.reason };
    if (!item) return { ...base, state: 'missing' };
    // A vintage is what was known on a past day (or at first release): it does not go stale.
    if (item.vintage !== undefined) return { ...base, state: 'fresh', vintage: item.vintage };
    const entry = findSeries(id) as CatalogEntry;
    const reason = this.staleReasons.get(id);
    if (reason) return { ...base, state: 'stale', message: reason };
    const stale = isStale(entry, item.lastDay, Date.parse(item.retrievedAt), this.options.clock.now());
    return { ...base, state: stale ? 'stale' : 'fresh' };
  }

  /** Calls `listener` whenever the observations of `id` change. */
  subscribe(id: string, listener: Listener): () => void {
    return this.subscribers.subscribe(id, listener);
  }

  /** Series that live cells read: the ones the open workbook's formulas use. */
  usedIds(): string[] {
    return this.subscribers.ids();
  }

  /** Calls `listener` with the id whenever a series' status changes (the pane's list). */
  onStatus(listener: (id: string) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Adds or replaces a whole series (files, tests) and tells its subscribers. */
  put(item: HeldSeries): void {
    this.replace(item);
  }

  /**
   * Computes from a workbook's embedded data: each series replaces what is held (cells that read
   * it update) and stays until a deliberate refresh, however new this machine's cache is.
   */
  pin(items: readonly HeldSeries[], embeddedAt: string): void {
    this.pinnedAt = embeddedAt;
    for (const item of items) {
      this.pinnedIds.add(heldKey(item));
      this.replace(item);
    }
  }

  /** When the data in use was embedded, while any series is still pinned to it. */
  pinnedTo(): string | undefined {
    return this.pinnedIds.size ? this.pinnedAt : undefined;
  }

  /** The one refresh of `id` in flight, started if none is; the pane hears when it starts and ends. */
  private refreshOne(id: string, signal?: AbortSignal): Promise<void> {
    const running = this.records.inFlight.get(id);
    if (running) return running;
    const task = this.records.inFlight.share(
      id,
      () => this.fetchAndMerge(id, signal),
      () => this.emitStatus(id),
    );
    this.emitStatus(id);
    return task;
  }

  private async fetchAndMerge(id: string, signal?: AbortSignal): Promise<void> {
    const { vintage } = splitVintageKey(id);
    if (vintage !== undefined) return this.fetchVintage(id, vintage, signal);
    const entry = findSeries(id);
    if (!entry) return;
    const held = this.peek(id);
    const since = held ? incrementalSince(entry, lastDay(held.series)) : undefined;
    try {
      const fetched = await withRetry(() => {
        this.requestCount++;
        return this.options.gateway.fetchSeries(id, since, signal);
      }, this.retryOptions(signal));
      const merged = ingest(entry, held?.series, fetched.series, {
        from: 'the gateway',
        emptyReason: fetched.response.staleReason ?? `no observations of ${id} are available`,
        emptyIsNothingNew: true,
      });
      if (merged instanceof UpstreamError) throw merged;
      const next: HeldSeries = { series: merged.series, origin: 'gateway', source: fetched.response.source, retrievedAt: fetched.response.retrievedAt };
      this.records.ensure(id).failure = undefined;
      this.pinnedIds.delete(id);
      if (fetched.response.stale) this.staleReasons.set(id, fetched.response.staleReason ?? 'the gateway could not reach the source');
      else this.staleReasons.delete(id);
      if (merged.appended > 0 || merged.revised > 0 || !held) {
        this.replace(next);
      } else {
        // Nothing new: keep the values (no recalculation) but remember the retrieval.
        this.records.ensure(id).held = next;
      }
      await this.persist(next);
    } catch (error) {
      const message = this.fail(id, error, signal);
      this.log(`refresh of ${id} failed: ${message}`);
    }
  }

  /**
   * A vintage from the gateway, whole (no merge: a vintage is fixed, not appended to). Held in
   * memory only, never persisted: the persisted cache holds the latest data by plain id.
   */
  private async fetchVintage(key: string, vintage: Vintage, signal?: AbortSignal): Promise<void> {
    const { id } = splitVintageKey(key);
    const entry = findSeries(id);
    if (!entry) return;
    try {
      if (!this.options.gateway.fetchVintage) throw new UpstreamError('http', `this gateway serves no vintages: ${id} ${describeVintage(vintage)} cannot be fetched`);
      const fetchVintage = this.options.gateway.fetchVintage.bind(this.options.gateway);
      const fetched = await withRetry(() => {
        this.requestCount++;
        return fetchVintage(id, vintage, signal);
      }, this.retryOptions(signal));
      const wrongUnits = unitsProblem(entry, fetched.series, 'the gateway');
      if (wrongUnits) throw wrongUnits;
      this.records.ensure(key).failure = undefined;
      this.pinnedIds.delete(key);
      this.replace({ series: fetched.series, origin: 'gateway', source: fetched.response.source, retrievedAt: fetched.response.retrievedAt, vintage });
    } catch (error) {
      const message = this.fail(key, error, signal);
      this.log(`vintage ${key} failed: ${message}`);
    }
  }

  /** Why the last fetch of `id` (or a vintage key) failed, if it did: for the cell's message. */
  failureOf(id: string): string | undefined {
    return this.records.get(id)?.failure?.reason;
  }

  /** Records why the refresh of `key` failed (held data stays as it was); returns the reason. */
  private fail(key: string, error: unknown, signal?: AbortSignal): string {
    const reason = signal?.aborted ? 'refresh cancelled' : error instanceof Error ? error.message : String(error);
    this.records.ensure(key).failure = { reason, atMs: this.options.clock.now() };
    return reason;
  }

  private retryOptions(signal?: AbortSignal): RetryOptions {
    return { policy: this.options.retry ?? DEFAULT_RETRY, sleep: (ms) => this.options.clock.sleep(ms), signal, connectivity: this.options.connectivity };
  }

  private replace(item: HeldSeries): void {
    const key = heldKey(item);
    this.deferred.delete(key);
    this.records.ensure(key).held = item;
    this.subscribers.notify(key);
    this.emitStatus(key);
  }

  private async persist(item: HeldSeries): Promise<void> {
    try {
      await this.options.persistence.save(item);
    } catch (error) {
      // Memory still holds the data; only the next session loses it.
      this.log(`could not persist ${item.series.id}: ${(error as Error).message}`);
    }
  }

  private emitStatus(id: string): void {
    for (const listener of [...this.statusListeners]) listener(id);
  }

  private offline(): boolean {
    return this.options.connectivity !== undefined && !this.options.connectivity.isOnline();
  }

  private log(message: string): void {
    this.options.log?.(message);
  }
}
