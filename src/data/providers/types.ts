import type { CatalogEntry } from '../../catalog/types';
import type { Series } from '../../core/series/series';
import type { UpstreamError } from '../upstreamError';

/** What a provider fetched: the observations in catalogue units, and where they came from. */
export interface ProviderResult {
  readonly series: Series;
  /** e.g. "FRED WALCL". */
  readonly source: string;
  /** The request made, with any API key removed: safe to log and to show. */
  readonly url: string;
}

/**
 * A GET that returns the body text, or throws an UpstreamError (status, timeout, size, network).
 * `decode` turns the body's bytes into that text (default UTF-8): a provider whose upstream may
 * answer in binary (FRED's keyless download sends a ZIP for mixed frequencies) reads the bytes
 * there, so every wrapper of HttpGet (rate limiter, recorders) keeps passing plain text through.
 */
export type HttpGet = (url: string, options: { signal?: AbortSignal; headers?: Record<string, string>; decode?: (body: Uint8Array) => string }) => Promise<string>;

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

/** One series of a batched request: the entry and the first day wanted (ISO, inclusive). */
export interface BatchItem {
  readonly entry: CatalogEntry;
  readonly since: string | undefined;
}

/**
 * What one batched request gave, per catalogue id: the series' result, or why that series could
 * not be read from the shared answer (the others may still be fine).
 */
export type BatchResult = ReadonlyMap<string, ProviderResult | UpstreamError>;

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
  /** The path in words, for /api/catalog and the pane (e.g. "FRED keyless CSV"); default: the name. */
  readonly label?: string;
  supports(entry: CatalogEntry): boolean;
  fetch(entry: CatalogEntry, since: string | undefined, context: ProviderContext): Promise<ProviderResult>;
  /**
   * Providers that can answer several series with one upstream request: entries with the same
   * key may go into one `fetchMany` (FRED's keyless CSV: one request per catalogue frequency).
   */
  batchKey?(entry: CatalogEntry): string;
  /**
   * Several series of one batch key in as few requests as the upstream allows. Throws an
   * UpstreamError when the request as a whole failed; a series missing from the answer is an
   * UpstreamError in its slot of the result.
   */
  fetchMany?(items: readonly BatchItem[], context: ProviderContext): Promise<BatchResult>;
  /** For providers with a key: one cheap request that succeeds only with a valid key. */
  checkKey?(context: ProviderContext): Promise<void>;
}
