/**
 * The limiter's 'low' lane (key checks): low tasks start only when no normal task waits and leave
 * one slot of each window free, so a refresh queued behind any number of them starts at once.
 */
import type { Clock } from '../../../src/data/clock';
import { createRateLimiter } from '../../../src/data/providers/rateLimiter';

/**
 * A clock whose sleeps wake in time order once everything queued so far has run (time advances
 * only when nothing can run: a fake that advanced on sleep would move time while tasks are still
 * being queued).
 */
function fakeClock(): Clock {
  let now = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  let ticking = false;
  const tick = (): void => {
    if (ticking) return;
    ticking = true;
    setImmediate(() => {
      ticking = false;
      timers.sort((x, y) => x.at - y.at);
      const next = timers.shift();
      if (!next) return;
      now = Math.max(now, next.at);
      next.wake();
      tick();
    });
  };
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((wake) => {
        timers.push({ at: now + ms, wake });
        tick();
      }),
  };
}

describe('createRateLimiter priorities', () => {
  it('starts a normal task queued behind 10 low ones in the first window, and spends at most limit − 1 slots a window on low ones', async () => {
    const clock = fakeClock();
    const limit = createRateLimiter(2, clock);
    const started: Array<[string, number]> = [];
    const run = (name: string, priority: 'normal' | 'low') => limit(async () => void started.push([name, clock.now()]), priority);
    const tasks = Array.from({ length: 10 }, (_, i) => run(`low${i}`, 'low'));
    tasks.push(run('refresh', 'normal'));
    await Promise.all(tasks);
    expect(started.find(([name]) => name === 'refresh')?.[1]).toBe(0);
    // Low tasks: one a second (the other slot stays free for refreshes), in call order.
    expect(started.filter(([name]) => name.startsWith('low')).map(([, at]) => at)).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(started.filter(([name]) => name.startsWith('low')).map(([name]) => name)).toEqual(Array.from({ length: 10 }, (_, i) => `low${i}`));
  });

  it('lets normal tasks use every slot, ahead of waiting low ones', async () => {
    const clock = fakeClock();
    const limit = createRateLimiter(2, clock);
    const order: string[] = [];
    const low = limit(async () => void order.push('low'), 'low');
    const normal = Array.from({ length: 4 }, (_, i) => limit(async () => void order.push(`n${i}`)));
    await Promise.all([low, ...normal]);
    // The low task had its slot before the normal ones were queued; after that they go first.
    expect(order).toEqual(['low', 'n0', 'n1', 'n2', 'n3']);
  });

  it('still runs a low task whose provider allows one request per window', async () => {
    const clock = fakeClock();
    const limit = createRateLimiter(1, clock);
    expect(await limit(async () => clock.now(), 'low')).toBe(0);
  });
});
