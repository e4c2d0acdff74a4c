import { UpstreamError, parseRetryAfter, type UpstreamErrorKind } from '../upstreamError';
import type { HttpGet } from './types';

/** Query parameters that carry credentials: their values never appear in a message or a log. */
const SECRET_PARAM = /([?&](?:api_key|apikey|key|token)=)([^&#]*)/gi;
/** Bytes of a non-2xx body kept for the error (upstreams explain 4xx answers there, e.g. FRED). */
const EXCERPT_BYTES = 2048;
const EXCERPT_CHARS = 500;

/**
 * The URL with the value of every api_key/apikey/key/token query parameter replaced by
 * "REDACTED"; everything else is left byte for byte as it was.
 * @example
 * redactUrl('https://h/p?series_id=SOFR&api_key=abc') //=> 'https://h/p?series_id=SOFR&api_key=REDACTED'
 */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAM, '$1REDACTED');
}

/** Host and path only: what error messages name, so no query value (key or not) is ever printed. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    const [beforeQuery = ''] = redactUrl(url).split('?');
    return beforeQuery;
  }
}

/** A non-2xx answer. `bodyExcerpt` is the start of the body, whitespace collapsed, secrets removed. */
export class HttpStatusError extends UpstreamError {
  readonly bodyExcerpt: string;

  constructor(kind: UpstreamErrorKind, message: string, details: { status: number; retryAfterMs?: number }, bodyExcerpt: string) {
    super(kind, message, details);
    this.bodyExcerpt = bodyExcerpt;
  }
}

export interface HttpGetOptions {
  /** Whole request, body included. */
  readonly timeoutMs: number;
  /** Largest body accepted (decoded bytes); the download is aborted past it. */
  readonly maxBytes: number;
  readonly fetchImpl?: typeof fetch;
  /** Wall clock in ms, for Retry-After given as an HTTP date. */
  readonly now?: () => number;
}

/**
 * A GET over `fetch` that turns every failure into an UpstreamError: 429 → 'rate-limited' (with
 * Retry-After), other non-2xx → HttpStatusError 'http', timeout or cancellation → 'timeout', refused
 * or cut connections → 'network', a body over `maxBytes` → 'too-large'. Messages name host and path,
 * never the query (API keys live there).
 */
export function createHttpGet(options: HttpGetOptions): HttpGet {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  return async (url, { signal, headers, decode } = {}) => {
    const where = describeUrl(url);
    const scrub = scrubber(url);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const cancel = () => controller.abort();
    if (signal?.aborted) controller.abort();
    else signal?.addEventListener('abort', cancel, { once: true });
    const abortError = () => new UpstreamError('timeout', timedOut ? `no complete answer from ${where} within ${options.timeoutMs} ms` : `the request to ${where} was cancelled`);
    const failure = (error: unknown, what: string) => (controller.signal.aborted ? abortError() : new UpstreamError('network', `${what} ${where}${scrub(reason(error))}`));
    try {
      let response: Response;
      try {
        response = await fetchImpl(url, { signal: controller.signal, headers, redirect: 'follow' });
      } catch (error) {
        throw failure(error, 'cannot reach');
      }
      if (!response.ok) {
        // The status says what happened even when the body cannot be read in time.
        const excerpt = await readExcerpt(response).catch(() => '');
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
        const kind = response.status === 429 ? 'rate-limited' : 'http';
        throw new HttpStatusError(kind, `HTTP ${response.status} from ${where}`, { status: response.status, retryAfterMs }, scrub(excerpt));
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > options.maxBytes) {
        controller.abort();
        throw tooLarge(where, options.maxBytes);
      }
      let bytes: Uint8Array | undefined;
      try {
        bytes = await readAll(response, options.maxBytes);
      } catch (error) {
        throw failure(error, 'the connection was lost while reading from');
      }
      if (!bytes) {
        controller.abort();
        throw tooLarge(where, options.maxBytes);
      }
      return decode ? decode(bytes) : new TextDecoder().decode(bytes);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
  };
}

function tooLarge(where: string, maxBytes: number): UpstreamError {
  return new UpstreamError('too-large', `the answer from ${where} is larger than ${maxBytes} bytes`);
}

/** Reads the body; undefined (and the stream cancelled) as soon as it passes `maxBytes`. */
async function readAll(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

/** The first EXCERPT_BYTES of an error body, as one line of at most EXCERPT_CHARS characters. */
async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < EXCERPT_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  reader.cancel().catch(() => undefined);
  const text = new TextDecoder().decode(concat(chunks, total).subarray(0, EXCERPT_BYTES));
  return text.replace(/\s+/g, ' ').trim().slice(0, EXCERPT_CHARS);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** Why a connection failed, e.g. " (ECONNREFUSED)"; undici hides the code in `cause`. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return ` (${cause.code})`;
  if (typeof cause?.message === 'string') return ` (${cause.message})`;
  return error instanceof Error ? ` (${error.message})` : '';
}

/** Removes the URL's secret values (raw and decoded) and any `key=value` credential from text. */
function scrubber(url: string): (text: string) => string {
  const secrets = new Set<string>();
  for (const match of url.matchAll(SECRET_PARAM)) {
    if (!match[2]) continue;
    secrets.add(match[2]);
    try {
      secrets.add(decodeURIComponent(match[2]));
    } catch {
      // Not valid percent-encoding: the raw value is enough.
    }
  }
  return (text) => {
    let out = text.replace(/\b(api_key|apikey|key|token)=[^&\s"'<>]*/gi, '$1=REDACTED');
    for (const secret of secrets) out = out.split(secret).join('REDACTED');
    return out;
  };
}
