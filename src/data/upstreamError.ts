/**
 * Why a request for observations failed, in a form every layer can act on: whether to retry, how
 * long to wait, and a message safe to show a user (never a URL with a key in it).
 */
export type UpstreamErrorKind =
  | 'http' // a 4xx/5xx answer other than 429
  | 'rate-limited' // 429, possibly with Retry-After
  | 'timeout' // no complete answer in time
  | 'network' // refused, reset, DNS: nothing usable came back
  | 'too-large' // the body passed the size limit
  | 'malformed' // not JSON/CSV, truncated, or the wrong shape
  | 'empty' // a well-formed answer with no observations where some were expected
  | 'implausible' // values inconsistent with what is held (a 1000× jump: wrong units)
  | 'no-key' // the provider needs an API key that is not configured
  | 'unsupported'; // no provider serves this series

const RETRYABLE: ReadonlySet<UpstreamErrorKind> = new Set(['http', 'rate-limited', 'timeout', 'network']);

export class UpstreamError extends Error {
  readonly kind: UpstreamErrorKind;
  /** HTTP status, when there was one. */
  readonly status?: number;
  /** From Retry-After (429/503), in milliseconds. */
  readonly retryAfterMs?: number;

  constructor(kind: UpstreamErrorKind, message: string, details: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.name = 'UpstreamError';
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** 5xx, 429, timeouts and network faults may succeed later; 4xx, bad bodies and bad units will not. */
  get retryable(): boolean {
    if (this.kind === 'http') return this.status === undefined || this.status >= 500;
    return RETRYABLE.has(this.kind);
  }
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable.
 * @example
 * parseRetryAfter('2', Date.now()) //=> 2000
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
