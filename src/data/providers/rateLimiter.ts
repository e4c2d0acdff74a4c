/** The environment a rate limiter waits in; tests pass a fake clock that advances on sleep. */
export interface LimiterClock {
  /** Milliseconds, monotonic enough for spacing requests. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Runs a task once the upstream's request budget allows it to start. */
export type RateLimited = <T>(task: () => Promise<T>) => Promise<T>;

const WINDOW_MS = 1000;

/**
 * Spaces task starts so that no more than `requestsPerSecond` start in any one-second window
 * (FRED answers bursts with 429). Tasks start in call order; a failing task frees nothing early and
 * blocks nobody. A fractional rate below 1 means one start per 1/rate seconds; above 1 it is
 * rounded down.
 */
export function createRateLimiter(requestsPerSecond: number, clock: LimiterClock): RateLimited {
  if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) throw new RangeError(`requestsPerSecond must be a positive number, got ${requestsPerSecond}`);
  const limit = Math.max(1, Math.floor(requestsPerSecond));
  const windowMs = requestsPerSecond < 1 ? WINDOW_MS / requestsPerSecond : WINDOW_MS;
  /** Start times of the latest `limit` tasks, oldest first. */
  const starts: number[] = [];
  let queue: Promise<void> = Promise.resolve();

  const takeSlot = async () => {
    for (;;) {
      const now = clock.now();
      while (starts.length > 0 && starts[0] <= now - windowMs) starts.shift();
      if (starts.length < limit) {
        starts.push(now);
        return;
      }
      await clock.sleep(starts[0] + windowMs - now);
    }
  };

  return <T>(task: () => Promise<T>) => {
    const slot = queue.then(takeSlot);
    queue = slot.catch(() => undefined);
    return slot.then(task);
  };
}
