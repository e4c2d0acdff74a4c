/**
 * The gateway's composition root: configuration, providers, HTTP client, clock, service, routes.
 * Everything environmental is built here and nowhere else, so tests can build the same parts with
 * fakes (a mock upstream's base URLs, an instant clock).
 */
import path from 'node:path';
import type { CatalogEntry } from '../../catalog/types';
import type { HeldSeries } from '../../data/heldSeries';
import { VINTAGE_PROVIDERS } from '../../data/providers/registry';
import type { HttpGet, Provider } from '../../data/providers/types';
import type { VintageProvider } from '../../data/providers/vintageProvider';
import type { RetryPolicy } from '../../data/retry';
import type { RouteHandler } from '../routeHandler';
import { secretValues, type GatewayConfig } from './config';
import type { RefreshCoordination } from './coordination';
import { createRedactor } from './redact';
import { createGatewayRoutes } from './routes';
import type { SeriesCache } from './seriesCache';
import { SYSTEM_CLOCK, type Clock } from '../../data/clock';
import { createSeriesService, type ProviderStatus, type SeriesService } from './seriesService';
import { createVintageRoutes } from './vintageRoutes';
import { createVintageService, type VintageService } from './vintageService';

export interface GatewayParts {
  readonly config: GatewayConfig;
  readonly providers: readonly Provider[];
  readonly providersFor?: (entry: CatalogEntry) => readonly Provider[];
  readonly get: HttpGet;
  readonly clock?: Clock;
  readonly log: (line: string) => void;
  readonly snapshot?: () => readonly HeldSeries[];
  readonly retry?: RetryPolicy;
  /** Sources of vintages (default: ALFRED's keyed API, then its keyless CSV). */
  readonly vintageProviders?: readonly VintageProvider[];
  /** The series cache (default: the disk cache in config.cacheDir; several replicas: shared/sharedCache.ts). */
  readonly cache?: SeriesCache;
  /** Fellow replicas (default: none; several: shared/sharedCoordination.ts). */
  readonly coordination?: RefreshCoordination;
}

export interface Gateway {
  readonly routes: RouteHandler;
  readonly service: SeriesService;
  readonly vintages: VintageService;
  /** What to print at start-up: each provider, and what it serves without its key. */
  readonly summary: readonly string[];
  close(): void;
}

export function createGateway(parts: GatewayParts): Gateway {
  const clock = parts.clock ?? SYSTEM_CLOCK;
  const redact = createRedactor(secretValues(parts.config));
  const log = (line: string): void => parts.log(redact(line));
  const service = createSeriesService({ ...parts, clock, log });
  const vintages = createVintageService({
    service,
    providers: parts.vintageProviders ?? VINTAGE_PROVIDERS,
    clock,
    log,
    cacheDir: path.join(parts.config.cacheDir, 'vintages'),
    ...(parts.retry === undefined ? {} : { retry: parts.retry }),
  });
  const seriesRoutes = createGatewayRoutes({ service, clientRateLimit: parts.config.clientRateLimit, now: () => clock.now(), log, redact });
  const vintageRoutes = createVintageRoutes({ vintages, clientRateLimit: parts.config.clientRateLimit, now: () => clock.now(), log });
  // /api/vintages/ first: the series routes refuse every /api/ path they do not know.
  const routes: RouteHandler = async (req, res) => (await vintageRoutes(req, res)) || seriesRoutes(req, res);
  return { routes, service, vintages, summary: describeProviders(service.providerStatus()), close: () => service.close() };
}

/**
 * One line per provider, e.g.
 * "FRED: no FRED_API_KEY — serving WALCL, TGA, … from the cache/snapshot".
 */
export function describeProviders(statuses: readonly ProviderStatus[]): string[] {
  return statuses.map((status) => {
    const ids = (list: readonly string[]) => (list.length ? list.join(', ') : 'no series');
    if (!status.configured) {
      const elsewhere = status.seriesIds.filter((id) => !status.heldOnlyIds.includes(id));
      // With a keyless path for everything (FRED's CSV), nothing is held-only: say only that.
      if (status.heldOnlyIds.length === 0) return `${status.name}: no ${status.keyVariable} — ${ids(elsewhere)} from another provider`;
      return (
        `${status.name}: no ${status.keyVariable} — serving ${ids(status.heldOnlyIds)} from the cache/snapshot` +
        (elsewhere.length ? `; ${elsewhere.join(', ')} from another provider` : '')
      );
    }
    const key = status.keyVariable ? `${status.keyVariable} set` : 'no key needed';
    return `${status.name}: ${key}, ${status.baseUrl} — ${ids(status.seriesIds)}`;
  });
}
