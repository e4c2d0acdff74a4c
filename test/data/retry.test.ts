/**
 * The retryer: exponential back-off honouring Retry-After, and offline as a state it waits out
 * (TanStack's retryer pauses while it cannot continue) rather than failures that spend attempts.
 */
import { withRetry } from '../../src/data/retry';
import { UpstreamError } from '../../src/data/upstreamError';
import { fakeConnectivity, settle } from './refresh/_fakes';

const POLICY = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** An attempt that fails with a network error `failures` times, then answers 'ok'. */
function flaky(failures: number) {
  const calls: number[] = [];
  const attempt = async (n: number) => {
    calls.push(n);
    if (calls.length <= failures) throw new UpstreamError('network', 'connection refused');
    return 'ok';
  };
  return { attempt, calls };
}

describe('withRetry', () => {
  it('backs off exponentially, waiting longer when Retry-After asks, capped at 30 s', async () => {
    const sleeps: number[] = [];
    let n = 0;
    const result = await withRetry(
      async () => {
        n++;
        if (n === 1) throw new UpstreamError('network', 'reset');
        if (n === 2) throw new UpstreamError('rate-limited', '429', { retryAfterMs: 120_000 });
        return n;
      },
      { policy: POLICY, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(result).toBe(3);
    expect(sleeps).toEqual([500, 30_000]);
  });

  it('makes no attempt while offline and goes on, attempts unspent, when the network is back', async () => {
    const connectivity = fakeConnectivity(true);
    const sleeps: number[] = [];
    const { attempt, calls } = flaky(1);
    // The first attempt fails because the network just went away.
    const result = withRetry(
      async (n) => {
        const answer = attempt(n);
        connectivity.set(false);
        return answer;
      },
      { policy: POLICY, sleep: async (ms) => void sleeps.push(ms), connectivity },
    );
    await settle();
    expect(calls).toEqual([1]);
    expect(sleeps).toEqual([500]);
    // However long it stays offline (the fake sleep returns at once), nothing more is tried.
    await settle();
    expect(calls).toEqual([1]);
    connectivity.set(true);
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([1, 2]);
  });

  it('waits for the network before a first attempt too, and a cancel ends the wait', async () => {
    const connectivity = fakeConnectivity(false);
    const { attempt, calls } = flaky(0);
    const controller = new AbortController();
    const result = withRetry(attempt, { policy: POLICY, sleep: async () => undefined, connectivity, signal: controller.signal });
    await settle();
    expect(calls).toEqual([]);
    controller.abort(new Error('refresh cancelled'));
    await expect(result).rejects.toThrow('refresh cancelled');
    connectivity.set(true);
    await settle();
    expect(calls).toEqual([]);
  });

  it('stops at once on an error retrying cannot cure', async () => {
    const { calls } = flaky(0);
    const failing = withRetry(
      async (n) => {
        calls.push(n);
        throw new UpstreamError('malformed', 'not JSON');
      },
      { policy: POLICY, sleep: async () => undefined },
    );
    await expect(failing).rejects.toThrow('not JSON');
    expect(calls).toEqual([1]);
  });
});
