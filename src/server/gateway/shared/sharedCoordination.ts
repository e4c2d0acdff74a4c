/**
 * Coordination of replicas through Redis (coordination.ts says what is asked):
 *
 * - one refresh per series among all replicas: a lock `SET NX PX` with a random token, released
 *   only by its holder (compare-and-delete), expiring by itself if the holder dies; the others wait
 *   for it to go and then read what the holder stored;
 * - each upstream's budget: one schedule per provider in Redis, advanced atomically by a script on
 *   Redis's own clock (replicas' clocks may differ), so N replicas together start at most
 *   `requestsPerSecond` requests a second.
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
 * Added to each upstream's spacing: request starts arrive at the upstream with some jitter, and
 * two starts exactly 1/rate apart could look like one too many in a one-second window there.
 */
export const SPACING_MARGIN_MS = 50;

const lockKey = (id: string): string => `liquidity-lens:lock:${id}`;
const budgetKey = (provider: string): string => `liquidity-lens:budget:${provider}`;

/** Deletes the lock only if it is still ours (it may have expired and been taken by another). */
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
/**
 * Reserves the next start for a provider: at the later of now and the scheduled next start, and
 * moves the schedule on by the spacing. Answers the milliseconds to wait. Redis's TIME, not ours.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nextStart = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nextStart)
redis.call('SET', KEYS[1], tostring(at + tonumber(ARGV[1])), 'PX', tonumber(ARGV[1]) + 60000)
return at - now`;

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
      const spacingMs = Math.ceil(1000 / requestsPerSecond) + SPACING_MARGIN_MS;
      return (task, priority) =>
        local(async () => {
          const waitMs = await store.run((client) => client.eval(RESERVE, { keys: [budgetKey(providerName)], arguments: [String(spacingMs)] }));
          if (typeof waitMs === 'number' && waitMs > 0) await sleep(waitMs);
          return task();
        }, priority);
    },

    close() {
      closed = true;
      for (const entry of [...sleeps]) entry.resolve();
    },
  };
}
