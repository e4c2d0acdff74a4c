import type { CatalogEntry } from '../../catalog/types';
import type { Series } from '../../core/series/series';

/** What a provider fetched: the observations in catalogue units, and where they came from. */
export interface ProviderResult {
  readonly series: Series;
  /** e.g. "FRED WALCL". */
  readonly source: string;
  /** The request made, with any API key removed: safe to log and to show. */
  readonly url: string;
}

/** A GET that returns the body text, or throws an UpstreamError (status, timeout, size, network). */
export type HttpGet = (url: string, options: { signal?: AbortSignal; headers?: Record<string, string> }) => Promise<string>;

export interface ProviderContext {
  readonly get: HttpGet;
  /** The upstream's base URL from the server's configuration (tests point it at 127.0.0.1). */
  readonly baseUrl: string;
  /** The provider's API key, when it needs one and one is configured. */
  readonly apiKey?: string;
  /** The clock, for "up to today" request ranges. */
  readonly now: () => Date;
  readonly signal?: AbortSignal;
}

/**
 * One upstream source. Runs in Node only (the gateway and the CLI): browsers never call upstreams.
 * `fetch` asks only for observations on or after `since` (an ISO date, inclusive) when given,
 * parses the body with a zod schema, normalises units to the catalogue's and throws UpstreamError
 * for anything it cannot vouch for.
 */
export interface Provider {
  /** Stable name used in configuration, e.g. "fred" (env FRED_BASE_URL, FRED_API_KEY). */
  readonly name: string;
  /** Environment variable holding the API key, when the upstream needs one. */
  readonly keyVariable?: string;
  /** The upstream's public base URL (the default when not configured). */
  readonly defaultBaseUrl: string;
  /** Upstream requests per second this provider may make (FRED allows a few). */
  readonly requestsPerSecond: number;
  supports(entry: CatalogEntry): boolean;
  fetch(entry: CatalogEntry, since: string | undefined, context: ProviderContext): Promise<ProviderResult>;
  /** For providers with a key: one cheap request that succeeds only with a valid key. */
  checkKey?(context: ProviderContext): Promise<void>;
}
