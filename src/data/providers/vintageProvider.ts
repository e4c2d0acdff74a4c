import type { CatalogEntry } from '../../catalog/types';
import type { Series } from '../../core/series/series';
import { todayUtc } from './common';
import { UpstreamError } from '../upstreamError';
import { parseVintage, type Vintage } from '../vintage';
import type { ProviderContext } from './types';

/** What a vintage request gave: the series as first published or as known on the date asked. */
export interface VintageResult {
  readonly series: Series;
  readonly vintage: Vintage;
  /** e.g. "ALFRED GDP, as first published". */
  readonly source: string;
  /** The request made, with any API key removed. */
  readonly url: string;
}

/**
 * A source of vintages (DESIGN §4a). It runs with the context of the ordinary provider it belongs
 * to (`provider`: its base URL, key and rate limiter), so ALFRED's requests count against FRED's.
 */
export interface VintageProvider {
  /** The Provider whose configuration and rate limit this one shares ("fred", "fredgraph"). */
  readonly provider: string;
  /** The path in words, for messages. */
  readonly label: string;
  supports(entry: CatalogEntry): boolean;
  fetchVintage(entry: CatalogEntry, vintage: Vintage, context: ProviderContext): Promise<VintageResult>;
}

/**
 * Refuses a real-time date after today: nothing was known on a day that has not come, and ALFRED
 * answers such a request with today's data (alfredgraph silently) — the latest in disguise.
 */
export function refuseFutureVintage(entry: CatalogEntry, vintage: Vintage, context: ProviderContext): void {
  if (vintage === 'first') return;
  const day = Date.parse(`${vintage}T00:00:00Z`) / 86_400_000;
  if (day > todayUtc(context.now)) {
    throw new UpstreamError(
      'unsupported',
      `${entry.id} as known on ${vintage}: that date has not come yet (today is ${new Date(todayUtc(context.now) * 86_400_000).toISOString().slice(0, 10)}); ask for a past date or "first"`,
    );
  }
}

/** "first" or an ISO date, as the gateway's route receives it; anything else is undefined. */
export function vintageFromPath(text: string): Vintage | undefined {
  const vintage = parseVintage(text);
  // Only the canonical spelling: a cache key must not come in two spellings.
  return vintage === text ? vintage : undefined;
}
