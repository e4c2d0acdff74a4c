/**
 * The request a line of log belongs to, without passing it through every call: the server runs
 * each request in an AsyncLocalStorage context holding its id (X-Request-Id, or a new one), and
 * the JSON log writer adds it to every line written meanwhile, the gateway's own included.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const requestContext = new AsyncLocalStorage<{ readonly requestId: string }>();

/** A proxy's X-Request-Id when it is a plain token of at most 64 characters (it is echoed), else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,64}$/.test(given) ? given : randomBytes(8).toString('hex');
}

/** One JSON line: time, level, message, and the request id when written during a request. */
export function jsonLogLine(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}, nowMs = Date.now()): string {
  const requestId = requestContext.getStore()?.requestId;
  return JSON.stringify({ time: new Date(nowMs).toISOString(), level, msg: message, ...(requestId ? { requestId } : {}), ...fields });
}
