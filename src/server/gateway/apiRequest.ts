/**
 * Reads an API request target strictly, before anything else happens: the only endpoints are
 * `/api/catalog` and `/api/series/{catalogue id}`, the only parameter is `since` (an ISO date), and
 * any percent-encoding, backslash, control character, empty or dot segment in the path is refused.
 * No part of a request can name a host, a path or a file: ids are looked up, never joined.
 */
import { CATALOG_IDS } from '../../catalog/lookup';
import { parseIsoDate } from '../../core/dates/isoDate';
import { CATALOG_PATH, SERIES_PATH } from '../../data/gatewayProtocol';

export type ApiRequest =
  | { readonly ok: true; readonly endpoint: 'catalog' }
  | { readonly ok: true; readonly endpoint: 'series'; readonly id: string; readonly since?: string }
  | { readonly ok: true; readonly endpoint: 'key-test'; readonly provider: string }
  | { readonly ok: false; readonly status: 400 | 404; readonly code: string; readonly message: string };

/** Longest request target considered; anything longer is refused unread. */
export const MAX_TARGET_LENGTH = 1024;
const KNOWN_IDS = new Set(CATALOG_IDS);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `/api/keys/FRED/test`: checks the key sent in the X-Api-Key header with one cheap request. */
const KEY_TEST_PATH = /^\/api\/keys\/([A-Za-z]{2,20})\/test$/;
/** Request headers carrying a user's own key: `X-Api-Key-FRED: …` for FRED_API_KEY. */
const KEY_HEADER = /^x-api-key-([a-z]{2,20})$/;
const KEY_VALUE = /^[\x21-\x7e]{1,200}$/;

/**
 * The keys a client sent in `X-Api-Key-<PROVIDER>` headers, by variable name (FRED_API_KEY);
 * values that are not plain printable text are ignored.
 */
export function requestKeysFrom(headers: Readonly<Record<string, string | string[] | undefined>>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const match = KEY_HEADER.exec(name.toLowerCase());
    if (match && typeof value === 'string' && KEY_VALUE.test(value)) keys.set(`${match[1]!.toUpperCase()}_API_KEY`, value);
  }
  return keys;
}

/** The key of a key-test request (`X-Api-Key` header). */
export function testedKeyFrom(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const value = headers['x-api-key'];
  return typeof value === 'string' && KEY_VALUE.test(value) ? value : undefined;
}

/** Whether a request target belongs to the API (anything else goes to the static files). */
export function isApiTarget(target: string): boolean {
  const path = target.split('?', 1)[0] ?? '';
  return path === '/api' || path.startsWith('/api/');
}

const bad = (message: string): ApiRequest => ({ ok: false, status: 400, code: 'bad-request', message });
const notFound = (message: string): ApiRequest => ({ ok: false, status: 404, code: 'not-found', message });

/**
 * The endpoint and parameters of an API request target, or why it is refused.
 * @example
 * parseApiRequest('/api/series/WALCL?since=2025-01-01') //=> { ok: true, endpoint: 'series', id: 'WALCL', since: '2025-01-01' }
 * parseApiRequest('/api/series/%2e%2e/x').ok //=> false (400)
 */
export function parseApiRequest(target: string): ApiRequest {
  if (target.length > MAX_TARGET_LENGTH) return bad(`request target longer than ${MAX_TARGET_LENGTH} characters`);
  if (/[\u0000-\u001f\u007f\\#]/.test(target)) return bad('control characters, backslashes and fragments are not allowed');
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  const query = question === -1 ? '' : target.slice(question + 1);

  if (path.includes('%')) return bad('percent-encoding is not allowed in API paths');
  const segments = path.split('/').slice(1);
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    return segments.includes('..') || segments.includes('.') ? bad('path traversal is not allowed') : bad('empty path segment');
  }

  const params = parseQuery(query);
  if (!params.ok) return bad(params.message);

  if (path === CATALOG_PATH) {
    if (params.values.size > 0) return bad('/api/catalog takes no query parameters');
    return { ok: true, endpoint: 'catalog' };
  }
  const keyTest = KEY_TEST_PATH.exec(path);
  if (keyTest) {
    if (params.values.size > 0) return bad('the key test takes no query parameters');
    return { ok: true, endpoint: 'key-test', provider: keyTest[1]!.toUpperCase() };
  }
  if (path.startsWith(SERIES_PATH) && segments.length === 3) {
    const id = segments[2]!;
    if (!KNOWN_IDS.has(id)) return notFound(`unknown series "${printable(id)}"; known ids: ${CATALOG_IDS.join(', ')}`);
    const since = params.values.get('since');
    if (since !== undefined && (!ISO_DATE.test(since) || Number.isNaN(parseIsoDate(since)))) {
      return bad(`since must be a date written YYYY-MM-DD, got "${printable(since)}"`);
    }
    return since === undefined ? { ok: true, endpoint: 'series', id } : { ok: true, endpoint: 'series', id, since };
  }
  return notFound(`no such API endpoint; there are ${CATALOG_PATH}, ${SERIES_PATH}{id}?since=YYYY-MM-DD and /api/keys/{provider}/test`);
}

/** The query's parameters; only `since`, at most once. */
function parseQuery(query: string): { ok: true; values: Map<string, string> } | { ok: false; message: string } {
  const values = new Map<string, string>();
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const equals = piece.indexOf('=');
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(equals === -1 ? piece : piece.slice(0, equals));
      value = equals === -1 ? '' : decodeURIComponent(piece.slice(equals + 1));
    } catch {
      return { ok: false, message: 'malformed percent-encoding in the query' };
    }
    if (name !== 'since') return { ok: false, message: `unknown query parameter "${printable(name)}"; the only parameter is since=YYYY-MM-DD` };
    if (values.has(name)) return { ok: false, message: 'since is given more than once' };
    values.set(name, value);
  }
  return { ok: true, values };
}

/** Client text safe to echo in a message: printable ASCII, at most 40 characters. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
