/**
 * What the series service asks of its fellow replicas, if any: one refresh of a series at a time
 * among all of them, and each upstream's request budget shared. A single gateway coordinates with
 * nobody ({@link LOCAL_COORDINATION}); several share Redis (shared/sharedCoordination.ts). The
 * composition root chooses, and may wrap either to count what passes (operations/metrics.ts).
 */
import type { RateLimited } from '../../data/providers/rateLimiter';

export type Exclusive<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

export interface RefreshCoordination {
  /** Whether other replicas exist: only then is a stale series looked up again in the cache before a refresh. */
  readonly shared: boolean;
  /**
   * Runs `work` (a refresh of series `id`) unless another replica is refreshing it: then waits
   * until that one finishes and answers `ran: false`, for the caller to read what it stored.
   */
  exclusive<T>(id: string, work: () => Promise<T>): Promise<Exclusive<T>>;
  /** The limiter every request to `providerName` goes through, given this process's own. */
  limit(providerName: string, requestsPerSecond: number, local: RateLimited): RateLimited;
}

/** One gateway alone: every refresh runs, the process's own limiter is the whole budget. */
export const LOCAL_COORDINATION: RefreshCoordination = {
  shared: false,
  exclusive: async (_id, work) => ({ ran: true, value: await work() }),
  limit: (_name, _rate, local) => local,
};
