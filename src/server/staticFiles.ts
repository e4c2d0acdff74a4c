/**
 * Serves the built add-in (dist/) safely: only regular files under the root, only known file types,
 * no directory listings, and no way out of the root (plain or percent-encoded `..`, backslashes, NUL, symlinks).
 */
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

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

/** Office re-reads these on every load, so they must never be served stale. */
const NO_CACHE_EXTENSIONS = new Set(['.html', '.json', '.xml']);

export type ResolveResult =
  | { readonly ok: true; readonly filePath: string; readonly extension: string }
  | { readonly ok: false; readonly status: 400 | 403 | 404; readonly reason: string };

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
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    return;
  }
  const resolved = resolveRequestPath(root, req.url ?? '/');
  if (!resolved.ok) {
    sendText(res, resolved.status, STATUS_TEXT[resolved.status] ?? 'Error');
    return;
  }

  let size: number;
  let modified: Date;
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
    size = stat.size;
    modified = stat.mtime;
  } catch {
    sendText(res, 404, STATUS_TEXT[404]!);
    return;
  }

  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[resolved.extension]!,
    'Content-Length': String(size),
    'Last-Modified': modified.toUTCString(),
    'X-Content-Type-Options': 'nosniff',
    // Excel on the web fetches functions.json and the scripts cross-origin; the files are public anyway.
    'Access-Control-Allow-Origin': '*',
  };
  if (NO_CACHE_EXTENSIONS.has(resolved.extension)) headers['Cache-Control'] = 'no-cache';

  if (req.method === 'HEAD') {
    res.writeHead(200, headers);
    res.end();
    return;
  }

  await new Promise<void>((resolve) => {
    const stream = createReadStream(resolved.filePath);
    stream.once('open', () => {
      res.writeHead(200, headers);
      stream.pipe(res);
    });
    stream.once('error', () => {
      if (!res.headersSent) sendText(res, 404, STATUS_TEXT[404]!);
      else res.destroy();
      resolve();
    });
    stream.once('end', () => resolve());
    res.once('close', () => {
      stream.destroy();
      resolve();
    });
  });
}
