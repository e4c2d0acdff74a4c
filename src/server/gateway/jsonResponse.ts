/**
 * Writing API answers: JSON bodies with a length and `nosniff`, HEAD without a body, weak ETags
 * with `If-None-Match` → 304, and header values made safe (HTTP headers carry only Latin-1).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A weak ETag from the parts that identify an answer's content.
 * @example
 * etagOf(['WALCL', '2025-12-24', 1236]) //=> 'W/"…32 hex digits…"'
 */
export function etagOf(parts: readonly unknown[]): string {
  return `W/"${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)}"`;
}

/** Whether `If-None-Match` names `etag` (weak comparison; `*` matches anything). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** A header value from any text: printable ASCII kept, anything else percent-encoded, at most 300 characters. */
export function headerSafe(text: string): string {
  const safe = text.replace(/[^\x20-\x7e]/gu, (char) => {
    try {
      return encodeURIComponent(char);
    } catch {
      return '?'; // a lone surrogate
    }
  });
  return safe.length > 300 ? `${safe.slice(0, 297)}...` : safe;
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** When given: sent as ETag, and a matching If-None-Match answers 304 without a body. */
  readonly etag?: string;
}

export function sendJson(req: IncomingMessage, res: ServerResponse, answer: JsonAnswer): void {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    ...answer.headers,
  };
  if (answer.etag) {
    headers.ETag = answer.etag;
    if (answer.status === 200 && matchesIfNoneMatch(req.headers['if-none-match'], answer.etag)) {
      delete headers['Content-Type'];
      res.writeHead(304, headers);
      res.end();
      return;
    }
  }
  const body = Buffer.from(`${JSON.stringify(answer.body)}\n`, 'utf8');
  headers['Content-Length'] = String(body.length);
  res.writeHead(answer.status, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function sendError(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}): void {
  sendJson(req, res, { status, body: { error: { code, message } }, headers });
}
