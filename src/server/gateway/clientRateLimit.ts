/**
 * A token bucket per client (keyed by the socket's remote address, never by a header a client can
 * forge): `perMinute` requests a minute, bursts up to the same number. Refuses rather than queues.
 */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface ClientRateLimiter {
  take(client: string): RateDecision;
}

/** Buckets kept at most; full buckets are forgotten first (they carry no state worth keeping). */
const MAX_CLIENTS = 10_000;

/**
 * @param perMinute - requests per minute per client (also the burst size)
 * @param now - the clock, in milliseconds
 * @example
 * const limiter = createClientRateLimiter({ perMinute: 2, now: () => 0 });
 * [limiter.take('a').ok, limiter.take('a').ok, limiter.take('a').ok] //=> [true, true, false]
 */
export function createClientRateLimiter(options: { perMinute: number; now: () => number }): ClientRateLimiter {
  const capacity = Math.max(1, options.perMinute);
  const perMs = capacity / 60_000;
  const buckets = new Map<string, { tokens: number; atMs: number }>();

  const prune = (nowMs: number): void => {
    for (const [client, bucket] of buckets) {
      if (bucket.tokens + (nowMs - bucket.atMs) * perMs >= capacity) buckets.delete(client);
    }
    // Still too many (a flood of distinct addresses): drop the oldest.
    for (const client of buckets.keys()) {
      if (buckets.size <= MAX_CLIENTS / 2) break;
      buckets.delete(client);
    }
  };

  return {
    take(client) {
      const nowMs = options.now();
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= MAX_CLIENTS) prune(nowMs);
        bucket = { tokens: capacity, atMs: nowMs };
        buckets.set(client, bucket);
      }
      bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, nowMs - bucket.atMs) * perMs);
      bucket.atMs = nowMs;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
