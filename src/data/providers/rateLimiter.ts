import { definedAt } from '../../core/definedAt';
import type { Clock } from '../clock';

/**
 * `normal`: series refreshes. `low`: work nobody's data waits for (a user's key check): it starts
 * only when no normal task is waiting, and never takes the last slot of a window, so a refresh
 * arriving behind any number of low tasks starts at once.
 */
export type RatePriority = 'normal' | 'low';

/** Runs a task once the upstream's request budget allows it to start. */
export type RateLimited = <T>(task: () => Promise<T>, priority?: RatePriority) => Promise<T>;

const WINDOW_MS = 1000;

/**
 * Spaces task starts so that no more than `requestsPerSecond` start in any one-second window
 * (FRED answers bursts with 429). Tasks of one priority start in call order; normal ones before
 * low ones (see RatePriority). A failing task frees nothing early and blocks nobody. A fractional
 * rate below 1 means one start per 1/rate seconds; above 1 it is rounded down.
 */
export function createRateLimiter(requestsPerSecond: number, clock: Clock): RateLimited {
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) throw new RangeError(`requestsPerSecond must be a positive number, got ${requestsPerSecond}`);
  const limit = Math.max(1, Math.floor(requestsPerSecond));
  const windowMs = requestsPerSecond < 1 ? WINDOW_MS / requestsPerSecond : WINDOW_MS;
  /** With one slot a window there is nothing to reserve; otherwise low tasks leave one free. */
  const lowLimit = limit > 1 ? limit - 1 : limit;
  /** Start times of the latest tasks (all, and the low ones), oldest first. */
  const starts: number[] = [];
  const lowStarts: number[] = [];
  const waiting: Record<RatePriority, Array<() => void>> = { normal: [], low: [] };
  let sleeping = false;

  /** Starts every waiting task the window allows now; returns when the next one may start (or undefined). */
  const startReady = (): number | undefined => {
    for (;;) {
      const now = clock.now();
      while (starts[0] !== undefined && starts[0] <= now - windowMs) starts.shift();
      while (lowStarts[0] !== undefined && lowStarts[0] <= now - windowMs) lowStarts.shift();
      const lane: RatePriority | undefined = waiting.normal.length ? 'normal' : waiting.low.length ? 'low' : undefined;
      if (lane === undefined) return undefined;
      const full = starts.length >= limit;
      if (!full && (lane === 'normal' || lowStarts.length < lowLimit)) {
        starts.push(now);
        if (lane === 'low') lowStarts.push(now);
        waiting[lane].shift()!();
        continue;
      }
      // Full: `limit` (at least one) starts in the window; else a low task found `lowLimit` (at least one) low starts.
      return (full ? definedAt(starts, 0, 'the starts') : definedAt(lowStarts, 0, 'the low starts')) + windowMs;
    }
  };

  /** One sleeper at a time waits for the next free slot; a normal task arriving meanwhile may start before it wakes. */
  const pump = (): void => {
    const wakeAt = startReady();
    if (wakeAt === undefined || sleeping) return;
    sleeping = true;
    void clock.sleep(Math.max(0, wakeAt - clock.now())).then(() => {
      sleeping = false;
      pump();
    });
  };

  return <T>(task: () => Promise<T>, priority: RatePriority = 'normal') =>
    new Promise<T>((resolve, reject) => {
      // Started synchronously when its slot comes, so it starts at the time the slot was taken.
      waiting[priority].push(() => {
        try {
          task().then(resolve, reject);
        } catch (error) {
          reject(error as Error);
        }
      });
      pump();
    });
}
