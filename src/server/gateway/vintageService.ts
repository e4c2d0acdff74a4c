/**
 * The gateway's vintages (DESIGN §4a): a series as first published or as known on a date, keyed
 * by (series, real-time date) — `GDP@first`, `GDP@2019-01-01` — in memory and on disk, one
 * upstream fetch per key however many callers ask at once. A vintage of a past date does not
 * change, so it is kept; "first" gains a value with each new observation, so it is asked again
 * after a day. ALFRED's keyed API is asked first, its keyless CSV next (dates only); each runs in
 * its FRED provider's context (seriesService.providerContext: base URL, key, rate limiter).
 *
 * There is no fallback to the latest data: a vintage that cannot be fetched is an error saying
 * which vintage and why, never another vintage or today's values.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { findSeries } from '../../catalog/lookup';
import type { CatalogEntry } from '../../catalog/types';
import { formatIsoDate } from '../../core/dates/isoDate';
import { definedAt } from '../../core/definedAt';
import { lastDay } from '../../core/series/series';
import { seriesFromResponse } from '../../data/gatewayClient';
import { seriesResponseSchema, type SeriesResponse } from '../../data/gatewayProtocol';
import type { VintageProvider, VintageResult } from '../../data/providers/vintageProvider';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../../data/retry';
import { UpstreamError } from '../../data/upstreamError';
import { describeVintage, vintageKey, type Vintage } from '../../data/vintage';
import type { Clock } from '../../data/clock';
import type { RequestKeys, SeriesService } from './seriesService';

/** How long a "first" vintage is answered without asking again: new first releases come monthly at most. */
export const FIRST_RELEASE_TTL_MS = 24 * 3_600_000;

/** No provider could fetch the vintage; the message says which and why. */
export class VintageUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VintageUnavailableError';
  }
}

export interface VintageServiceOptions {
  readonly service: Pick<SeriesService, 'providerContext'>;
  readonly providers: readonly VintageProvider[];
  readonly clock: Clock;
  readonly log: (line: string) => void;
  /** Folder for the vintages on disk (a `vintages/` folder in the gateway's cache); none: memory only. */
  readonly cacheDir?: string;
  readonly retry?: RetryPolicy;
}

export interface VintageService {
  /** Throws RangeError for an id that is not exactly a catalogue id, VintageUnavailableError when no source serves it. */
  getVintage(id: string, vintage: Vintage, requestKeys?: RequestKeys): Promise<SeriesResponse>;
}

interface Kept {
  readonly answer: SeriesResponse;
  readonly atMs: number;
}

function toResponse(entry: CatalogEntry, result: VintageResult, retrievedAt: string): SeriesResponse {
  const { days, values } = result.series;
  const observations = Array.from(days, (day, i): [string, number] => [formatIsoDate(day), definedAt(values, i, 'the series values')]);
  return {
    id: entry.id,
    units: entry.units,
    asOf: days.length ? formatIsoDate(lastDay(result.series)) : null,
    retrievedAt,
    source: result.source,
    origin: 'upstream',
    stale: false,
    observations,
    vintage: result.vintage,
  };
}

export function createVintageService(options: VintageServiceOptions): VintageService {
  const { clock, log } = options;
  const retry = options.retry ?? DEFAULT_RETRY;
  const kept = new Map<string, Kept>();
  const inFlight = new Map<string, Promise<SeriesResponse>>();
  const fileOf = (key: string) => (options.cacheDir === undefined ? undefined : path.join(options.cacheDir, `${key.replace(/[^A-Za-z0-9.@-]/g, '_')}.json`));

  const fresh = (item: Kept | undefined, vintage: Vintage): item is Kept => item !== undefined && (vintage !== 'first' || clock.now() - item.atMs < FIRST_RELEASE_TTL_MS);

  const readDisk = async (key: string, entry: CatalogEntry, vintage: Vintage): Promise<Kept | undefined> => {
    const file = fileOf(key);
    if (file === undefined) return undefined;
    try {
      const parsed = seriesResponseSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
      // Only a well-formed answer for exactly this series and vintage: a cache file is a boundary too.
      if (!parsed.success || parsed.data.id !== entry.id || parsed.data.vintage !== vintage || parsed.data.units !== entry.units) {
        log(`${key}: vintage cache file ignored (not an answer for this vintage)`);
        return undefined;
      }
      seriesFromResponse(entry.id, parsed.data); // the dates and values must make a series
      const atMs = Date.parse(parsed.data.retrievedAt);
      return { answer: { ...parsed.data, origin: 'cache' }, atMs: Number.isNaN(atMs) ? 0 : atMs };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`${key}: vintage cache file unreadable: ${(error as Error).message}`);
      return undefined;
    }
  };

  const writeDisk = async (key: string, answer: SeriesResponse): Promise<void> => {
    const file = fileOf(key);
    if (file === undefined) return;
    try {
      await mkdir(path.dirname(file), { recursive: true });
      // Whole or not at all: a reader never sees half a file.
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(answer));
      await rename(temporary, file);
    } catch (error) {
      log(`${key}: vintage not written to the cache: ${(error as Error).message}`);
    }
  };

  const fetchUpstream = async (entry: CatalogEntry, vintage: Vintage, requestKeys?: RequestKeys): Promise<SeriesResponse> => {
    const reasons: string[] = [];
    for (const provider of options.providers.filter((p) => p.supports(entry))) {
      const context = options.service.providerContext(provider.provider, requestKeys);
      if (context === undefined) continue;
      try {
        const result = await withRetry(() => provider.fetchVintage(entry, vintage, context), { policy: retry, sleep: (ms) => clock.sleep(ms), signal: context.signal });
        if (result.vintage !== vintage || result.series.id !== entry.id) throw new UpstreamError('malformed', `${provider.label} answered another vintage than ${vintage}`);
        return toResponse(entry, result, new Date(clock.now()).toISOString());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${vintageKey(entry.id, vintage)}: ${provider.label}: ${message}`);
        reasons.push(message);
        // A vintage that does not exist (a future date) will not exist at the next source either.
        if (error instanceof UpstreamError && error.kind === 'unsupported') break;
      }
    }
    throw new VintageUnavailableError(`${entry.id} ${describeVintage(vintage)} could not be fetched: ${reasons.join('; ') || 'no source of vintages serves it'}`);
  };

  return {
    async getVintage(id, vintage, requestKeys) {
      const entry = findSeries(id);
      if (!entry || entry.id !== id) throw new RangeError(`unknown catalogue series ${JSON.stringify(id)}`);
      const key = vintageKey(id, vintage);
      const held = kept.get(key);
      if (fresh(held, vintage)) return { ...held.answer, origin: 'cache' };
      let running = inFlight.get(key);
      if (!running) {
        running = (async () => {
          const onDisk = held ?? (await readDisk(key, entry, vintage));
          if (fresh(onDisk, vintage)) {
            kept.set(key, onDisk);
            return onDisk.answer;
          }
          const answer = await fetchUpstream(entry, vintage, requestKeys);
          kept.set(key, { answer, atMs: clock.now() });
          await writeDisk(key, answer);
          return answer;
        })().finally(() => inFlight.delete(key));
        inFlight.set(key, running);
      }
      return running;
    },
  };
}
