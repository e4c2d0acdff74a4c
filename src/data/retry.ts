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

/**
 * Runs `attempt` until it succeeds, the error is not retryable, or the attempts are spent; waits
 * with exponential back-off capped at 30 s, longer when the upstream asks (Retry-After). `sleep` is
 * injected so tests run without waiting.
 */
export async function withRetry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: { policy?: RetryPolicy; sleep: (ms: number) => Promise<void>; signal?: AbortSignal; onRetry?: (delayMs: number, error: unknown) => void },
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY;
  for (let n = 1; ; n++) {
    try {
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
