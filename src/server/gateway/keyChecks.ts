/**
 * `GET /api/keys/{provider}/test` behind its own budgets, so key checks can never crowd out data
 * (a testing run: 60 checks with different keys delayed a stale /api/series/WALCL to 29.8 s):
 *
 * - each client may check KEY_CHECKS_PER_CLIENT_PER_MINUTE keys a minute (a person typing keys),
 *   and the gateway as a whole sends at most KEY_CHECKS_PER_MINUTE checks a minute upstream; past
 *   either, 429 with Retry-After, before anything is queued;
 * - one key is checked upstream once: concurrent checks of it share one request, and its result is
 *   remembered for a while. Keys are held only as SHA-256 hashes (never logged, echoed or kept);
 * - upstream, a check waits behind every series refresh (the 'low' priority of rateLimiter.ts).
 */
import { createHash } from 'node:crypto';
import { createClientRateLimiter, type RateDecision } from './clientRateLimit';

export const KEY_CHECKS_PER_CLIENT_PER_MINUTE = 5;
export const KEY_CHECKS_PER_MINUTE = 20;
/** How long a result is reused: an accepted key rarely stops working within minutes; a refused one may be fixed sooner. */
export const ACCEPTED_RESULT_MS = 10 * 60_000;
export const REFUSED_RESULT_MS = 60_000;
/** Results remembered at most (oldest forgotten first). */
const MAX_RESULTS = 1_000;

export interface KeyCheckResult {
  readonly ok: boolean;
  readonly message: string;
}

export type KeyCheckAnswer = { readonly ok: true; readonly result: KeyCheckResult } | { readonly ok: false; readonly retryAfterSeconds: number };

export interface KeyChecks {
  /** The check of `key` at `provider` for `client`, or how long the client must wait. */
  check(client: string, provider: string, key: string): Promise<KeyCheckAnswer>;
}

export function createKeyChecks(options: { readonly run: (provider: string, key: string) => Promise<KeyCheckResult>; readonly now: () => number }): KeyChecks {
  const perClient = createClientRateLimiter({ perMinute: KEY_CHECKS_PER_CLIENT_PER_MINUTE, now: options.now });
  const total = createClientRateLimiter({ perMinute: KEY_CHECKS_PER_MINUTE, now: options.now });
  const inFlight = new Map<string, Promise<KeyCheckResult>>();
  const results = new Map<string, { result: KeyCheckResult; untilMs: number }>();
  const refused = (decision: RateDecision): KeyCheckAnswer | undefined => (decision.ok ? undefined : { ok: false, retryAfterSeconds: decision.retryAfterSeconds });

  return {
    async check(client, provider, key) {
      const clientRefusal = refused(perClient.take(client));
      if (clientRefusal) return clientRefusal;
      const id = createHash('sha256').update(`${provider}\u0000${key}`).digest('hex');
      const remembered = results.get(id);
      if (remembered && remembered.untilMs > options.now()) return { ok: true, result: remembered.result };
      let pending = inFlight.get(id);
      if (!pending) {
        // Only a check that goes upstream spends the gateway's budget.
        const totalRefusal = refused(total.take('all'));
        if (totalRefusal) return totalRefusal;
        pending = options.run(provider, key).then((result) => {
          results.delete(id);
          if (results.size >= MAX_RESULTS) results.delete(results.keys().next().value!);
          results.set(id, { result, untilMs: options.now() + (result.ok ? ACCEPTED_RESULT_MS : REFUSED_RESULT_MS) });
          return result;
        });
        const settled = pending.finally(() => inFlight.delete(id));
        inFlight.set(id, settled);
        pending = settled;
      }
      return { ok: true, result: await pending };
    },
  };
}
