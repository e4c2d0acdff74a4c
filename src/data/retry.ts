import { ALWAYS_ONLINE, untilOnline, type Connectivity } from './connectivity';
import { UpstreamError } from './upstreamError';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** First back-off; doubled each time. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, Retry-After included. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

/** How long to wait before attempt `attempt + 1` (attempt counts from 1), honouring Retry-After. */
export function backoffDelay(policy: RetryPolicy, attempt: number, error: unknown): number {
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  const requested = error instanceof UpstreamError && error.retryAfterMs !== undefined ? error.retryAfterMs : 0;
  return Math.min(policy.maxDelayMs, Math.max(exponential, requested));
}

export interface RetryOptions {
  readonly policy?: RetryPolicy;
  /** Injected so tests run without waiting. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly signal?: AbortSignal;
  /**
   * While offline no attempt is made: the retryer pauses and goes on when the network is back,
   * without spending an attempt (TanStack's retryer `canContinue`). Default ALWAYS_ONLINE.
   */
  readonly connectivity?: Connectivity;
  readonly onRetry?: (delayMs: number, error: unknown) => void;
}

/**
 * Runs `attempt` until it succeeds, the error is not retryable, or the attempts are spent; waits
 * with exponential back-off capped at 30 s, longer when the upstream asks (Retry-After), and for
 * the network while offline. Rejects with the signal's reason when cancelled while offline.
 */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const connectivity = options.connectivity ?? ALWAYS_ONLINE;
  for (let n = 1; ; n++) {
    try {
      await untilOnline(connectivity, options.signal);
      return await attempt(n);
    } catch (error) {
      const retryable = error instanceof UpstreamError && error.retryable;
      if (!retryable || n >= policy.attempts || options.signal?.aborted) throw error;
      const delay = backoffDelay(policy, n, error);
      options.onRetry?.(delay, error);
      await options.sleep(delay);
    }
  }
}
