/**
 * Coordination of replicas through Redis (coordination.ts says what is asked):
 *
 * - one refresh per series among all replicas: a lock `SET NX PX` with a random token, released
 *   only by its holder (compare-and-delete), expiring by itself if the holder dies; the others wait
 *   for it to go and then read what the holder stored;
 * - each upstream's budget: a log of request starts per provider in Redis, checked and added to
 *   atomically by a script on Redis's own clock (replicas' clocks may differ) just before each
 *   request is sent, so N replicas together start at most `requestsPerSecond` requests a second.
 *   A start is logged when it happens, not when it was planned: a replica whose wait overran (a busy
 *   event loop) cannot bunch its late request with the next ones.
 *
 * While Redis is unreachable each replica works alone: it refreshes without the lock and within
 * its own limiter, and says so in /healthz.
 */
import { randomBytes } from 'node:crypto';
import type { RateLimited } from '../../../data/providers/rateLimiter';
import type { Exclusive, RefreshCoordination } from '../coordination';
import type { SharedStore } from './sharedStore';

/** A refresh holds its lock at most this long (the providers' retries end well before). */
export const LOCK_MS = 30_000;
/** How often a waiting replica looks whether the lock is gone. */
const POLL_MS = 25;
/**
 * Added to the spacing of starts: a request reaches the upstream a little after its start was
 * logged, by a varying delay, so starts exactly 1/rate apart could look like one too many there.
 */
export const SPACING_MARGIN_MS = 150;

const lockKey = (id: string): string => `liquidity-lens:lock:${id}`;
const budgetKey = (provider: string): string => `liquidity-lens:budget:${provider}`;

/** Deletes the lock only if it is still ours (it may have expired and been taken by another). */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
/**
 * A start for a provider, if its window (ARGV[1] ms) holds fewer than ARGV[2] starts: logs it
 * (member ARGV[3]) and answers 0; else answers the milliseconds until the oldest leaves the window.
 * Redis's TIME, not ours.
 */
const TAKE_START = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
return math.max(1, oldest + window - now)`;

export interface SharedCoordinationOptions {
  readonly store: SharedStore;
  readonly log: (line: string) => void;
  /** Real waiting (the lock poll, a reserved start): a fake clock that returns at once would spin. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SharedCoordination extends RefreshCoordination {
  /** Stops waiting loops (a closing replica does not poll a lock any more). */
  close(): void;
}

export function createSharedCoordination(options: SharedCoordinationOptions): SharedCoordination {
  const { store } = options;
  const sleeps = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();
  let closed = false;
  const sleep =
    options.sleep ??
    ((ms: number) =>
      new Promise<void>((resolve) => {
        const entry = { timer: setTimeout(() => finish(), ms), resolve: () => finish() };
        const finish = (): void => {
          clearTimeout(entry.timer);
          sleeps.delete(entry);
          resolve();
        };
        sleeps.add(entry);
      }));

  const waitForRelease = async (key: string): Promise<void> => {
    const until = Date.now() + LOCK_MS;
    while (!closed && Date.now() < until) {
      // Unreachable Redis answers undefined: stop waiting and let the caller go on alone.
      const held = await store.run((client) => client.exists(key));
      if (held !== 1) return;
      await sleep(POLL_MS);
    }
  };

  return {
    shared: true,
    async exclusive<T>(id: string, work: () => Promise<T>): Promise<Exclusive<T>> {
      const key = lockKey(id);
      const token = randomBytes(12).toString('hex');
      const taken = await store.run((client) => client.set(key, token, { condition: 'NX', expiration: { type: 'PX', value: LOCK_MS } }));
      if (taken === null) {
        await waitForRelease(key);
        return { ran: false };
      }
      // 'OK': ours. undefined: Redis is unreachable, so this replica refreshes alone.
      try {
        return { ran: true, value: await work() };
      } finally {
        if (taken === 'OK') await store.run((client) => client.eval(RELEASE, { keys: [key], arguments: [token] }));
      }
    },

    limit(providerName, requestsPerSecond, local): RateLimited {
      // One start per 1/rate seconds, evenly spaced: a burst of `rate` starts at once, then a pause,
      // would turn one late arrival at the upstream into one too many in its one-second window.
      const perWindow = 1;
      const windowMs = Math.ceil(1000 / requestsPerSecond) + SPACING_MARGIN_MS;
      const take = (): Promise<unknown> =>
        store.run((client) => client.eval(TAKE_START, { keys: [budgetKey(providerName)], arguments: [String(windowMs), String(perWindow), randomBytes(8).toString('hex')] }));
      return (task, priority) =>
        local(async () => {
          // Unreachable Redis (undefined): this replica's own limiter is the budget.
          for (let waitMs = await take(); typeof waitMs === 'number' && waitMs > 0 && !closed; waitMs = await take()) await sleep(waitMs);
          return task();
        }, priority);
    },

    close() {
      closed = true;
      for (const entry of [...sleeps]) entry.resolve();
    },
  };
}
