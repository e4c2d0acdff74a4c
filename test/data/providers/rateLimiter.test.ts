import type { Clock } from '../../../src/data/clock';
import { createRateLimiter } from '../../../src/data/providers/rateLimiter';

/** A clock whose sleep advances time at once: every schedule is deterministic. */
function fakeClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A clock that moves only when the test says so; sleepers wake in time order. */
function manualClock(): Clock & { advanceTo(time: number): Promise<void> } {
  let now = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    sleep: (ms) => new Promise<void>((wake) => timers.push({ at: now + ms, wake })),
    async advanceTo(time) {
      await settle();
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > time) break;
        timers.shift();
        now = next.at;
        next.wake();
        await settle();
      }
      now = time;
      await settle();
    },
  };
}

/** Runs `count` tasks at once through the limiter and returns when each started. */
async function startTimes(limit: ReturnType<typeof createRateLimiter>, clock: Clock, count: number): Promise<number[]> {
  const started: number[] = [];
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(async () => {
        started.push(clock.now());
        return i;
      }),
    ),
  );
  return started;
}

/** The most starts inside any window [t, t + 1000). */
function busiestSecond(starts: number[]): number {
  return Math.max(...starts.map((t) => starts.filter((s) => s >= t && s < t + 1000).length));
}

describe('createRateLimiter', () => {
  it('lets `requestsPerSecond` tasks start at once, then one second later the next ones', async () => {
    const clock = fakeClock();
    const starts = await startTimes(createRateLimiter(2, clock), clock, 5);
    expect(starts).toEqual([0, 0, 1000, 1000, 2000]);
    expect(busiestSecond(starts)).toBe(2);
  });

  it('never lets more than the limit start in any one-second window, whatever the arrival times', async () => {
    const clock = manualClock();
    const limit = createRateLimiter(4, clock);
    const starts: number[] = [];
    const done: Array<Promise<number>> = [];
    for (const arrival of [0, 100, 200, 500, 500, 500, 950, 1000, 1999, 2000, 2000, 2000, 2000, 2001]) {
      await clock.advanceTo(arrival);
      done.push(limit(async () => starts.push(clock.now())));
    }
    await clock.advanceTo(10_000);
    await Promise.all(done);
    expect(starts).toHaveLength(14);
    expect(busiestSecond(starts)).toBe(4);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect(starts).toEqual([0, 100, 200, 500, 1000, 1100, 1200, 1500, 2000, 2100, 2200, 2500, 3000, 3100]);
  });

  it('does not wait when tasks are already spaced out', async () => {
    const clock = fakeClock(50_000);
    const limit = createRateLimiter(2, clock);
    await limit(async () => 'a');
    await clock.sleep(600);
    await limit(async () => 'b');
    await clock.sleep(600);
    await limit(async () => 'c');
    expect(clock.sleeps).toEqual([600, 600]);
  });

  it('returns what the task returns and passes its failure on without blocking the next task', async () => {
    const clock = fakeClock();
    const limit = createRateLimiter(1, clock);
    const failed = limit(async () => {
      throw new Error('HTTP 500');
    });
    const next = limit(async () => 42);
    await expect(failed).rejects.toThrow('HTTP 500');
    await expect(next).resolves.toBe(42);
    expect(clock.now()).toBe(1000);
  });

  it('spaces starts 1/rate seconds apart for a rate below one per second', async () => {
    const clock = fakeClock();
    expect(await startTimes(createRateLimiter(0.5, clock), clock, 3)).toEqual([0, 2000, 4000]);
  });

  it('rejects a rate that is not a positive number', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => createRateLimiter(bad, fakeClock())).toThrow(RangeError);
  });
});
