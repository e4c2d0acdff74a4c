/**
 * Serves the built add-in (dist/) safely: only regular files under the root, only known file types,
 * no directory listings, and no way out of the root (plain or percent-encoded `..`, backslashes, NUL, symlinks).
 *
 * Caching, so that an old script can never run against new metadata after an upgrade: the names the
 * manifest points at stay fixed (functions.js, functions.json, taskpane.html, the icons) and every
 * file is `no-cache` with a strong ETag — a browser or Office revalidates on each load and gets a 304
 * while nothing changed. The pages reference their scripts and styles as `name?v=<contentVersion>`
 * (webpack.config.js writes it); a request whose `v` is the version of the bytes being sent may keep
 * them for a year, `immutable`. A stale `v` gets the current bytes, revalidated, never a year's cache.
 */
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentEtag, contentVersion } from './contentVersion';
import { DEFAULT_ADDIN_ORIGIN } from './origin';
import { contentSecurityPolicy, staticCorsHeaders } from './securityHeaders';

/** The file types the add-in ships; anything else is a 404. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.png': 'image/png',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Revalidate on every use (with the ETag, a 304 costs no body). */
export const REVALIDATE = 'no-cache';
/** For a URL that names the exact bytes (`?v=` matches): a year, never revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

interface Digest {
  readonly size: number;
  readonly mtimeMs: number;
  readonly version: string;
  readonly etag: string;
}

/** Digests by real path, recomputed when a file's size or modification time changes (a rebuild). */
const digests = new Map<string, Digest>();

function digestOf(file: string, mtimeMs: number, bytes: Buffer): Digest {
  const known = digests.get(file);
  if (known && known.size === bytes.length && known.mtimeMs === mtimeMs) return known;
  const digest = { size: bytes.length, mtimeMs, version: contentVersion(bytes), etag: contentEtag(bytes) };
  digests.set(file, digest);
  return digest;
}

/** Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 §13.1.2 asks for GET). */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

export interface ServeStaticOptions {
  /** The add-in's public origin, for CORS (default https://localhost:3000). */
  readonly addinOrigin?: string;
}

export type ResolveResult =
  { readonly ok: true; readonly filePath: string; readonly extension: string } | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

/**
 * Maps a request target (`/assets/icon-16.png?x=1`) to a file path under `root`, or says why not.
 * Purely lexical: the caller still checks that the file exists, is a regular file and (after symlinks) under the root.
 */
export function resolveRequestPath(root: string, requestTarget: string): ResolveResult {
  const rawPath = requestTarget.split(/[?#]/, 1)[0] ?? '';
  if (!rawPath.startsWith('/')) return { ok: false, status: 400, reason: 'request target must be an absolute path' };

  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  if (decoded.includes('\\')) return { ok: false, status: 403, reason: 'backslash in path' };

  // Check the segments of both the raw and the decoded path, so `..`, `%2e%2e` and `..%2f` are all refused.
  const segments = [...rawPath.split('/'), ...decoded.split('/')];
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 403, reason: 'path traversal' };
  if (decoded.split('/').some((s) => s.startsWith('.'))) return { ok: false, status: 404, reason: 'hidden file' };

  const absoluteRoot = path.resolve(root);
  const filePath = path.resolve(absoluteRoot, `.${decoded}`);
  if (filePath !== absoluteRoot && !filePath.startsWith(absoluteRoot + path.sep)) {
    return { ok: false, status: 403, reason: 'path traversal' };
  }
  if (decoded.endsWith('/')) return { ok: false, status: 404, reason: 'directory' };

  const extension = path.extname(filePath).toLowerCase();
  if (!Object.prototype.hasOwnProperty.call(CONTENT_TYPES, extension)) {
    return { ok: false, status: 404, reason: 'unsupported file type' };
  }
  return { ok: true, filePath, extension };
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`${text}\n`, 'utf8');
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' };

/**
 * Answers a GET or HEAD for a file under `root` (other methods: 405).
 * Always answers: the caller need not do anything after awaiting it.
 */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, options: ServeStaticOptions = {}): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const resolved = resolveRequestPath(root, req.url ?? '/');
  if (!resolved.ok) {
    sendText(res, resolved.status, STATUS_TEXT[resolved.status] ?? 'Error');
    return;
  }

  let bytes: Buffer;
  let modified: Date;
  let digest: Digest;
  try {
    // Follow symlinks, then make sure the real file is still under the real root.
    const [realRoot, realFile] = await Promise.all([fs.realpath(path.resolve(root)), fs.realpath(resolved.filePath)]);
    if (!realFile.startsWith(realRoot + path.sep)) {
      sendText(res, 403, STATUS_TEXT[403]!);
      return;
    }
    const stat = await fs.stat(realFile);
    if (!stat.isFile()) {
      sendText(res, 404, STATUS_TEXT[404]!); // directories: no listing, no index
      return;
    }
    // The built files are small (the largest, functions.js, is about half a megabyte): read each one
    // whole, so that the ETag and version always describe exactly the bytes sent.
    bytes = await fs.readFile(realFile);
    modified = stat.mtime;
    digest = digestOf(realFile, stat.mtimeMs, bytes);
  } catch {
    sendText(res, 404, STATUS_TEXT[404]!);
    return;
  }

  const target = req.url ?? '/';
  const query = new URLSearchParams(target.includes('?') ? target.slice(target.indexOf('?') + 1).split('#', 1)[0] : '');
  const pathname = target.split(/[?#]/, 1)[0] ?? '/';
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[resolved.extension]!,
    'Content-Length': String(bytes.length),
    'Last-Modified': modified.toUTCString(),
    ETag: digest.etag,
    'Cache-Control': query.get('v') === digest.version ? IMMUTABLE : REVALIDATE,
    'X-Content-Type-Options': 'nosniff',
    ...staticCorsHeaders(origin, pathname, options.addinOrigin ?? DEFAULT_ADDIN_ORIGIN),
  };
  // A policy only means something on a document; the pages are taskpane.html and help.html.
  if (resolved.extension === '.html') headers['Content-Security-Policy'] = contentSecurityPolicy();

  const ifNoneMatch = req.headers['if-none-match'];
  if (matchesIfNoneMatch(typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, digest.etag)) {
    // RFC 9110 §15.4.5: a 304 carries the validators and caching headers, not the content's length or type.
    delete headers['Content-Type'];
    delete headers['Content-Length'];
    res.writeHead(304, headers);
    res.end();
    return;
  }

  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
