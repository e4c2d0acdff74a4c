/**
 * The static server over plain HTTP on 127.0.0.1 (what `--http` gives), against a temporary root,
 * with raw request targets so that nothing normalises `..` before the server sees it.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseServerArgs, startServer, type RunningServer } from '../../src/server/main';
import { resolveRequestPath } from '../../src/server/staticFiles';

const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';

let base: string;
let root: string;
let running: RunningServer;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: Buffer;
}

/** Sends the request target exactly as given (http.request does not normalise the path). */
function request(target: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: running.port, path: target, method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  base = mkdtempSync(path.join(os.tmpdir(), 'liq-static-'));
  root = path.join(base, 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  writeFileSync(path.join(base, 'package.json'), `{"secret":"${SECRET}"}`);
  writeFileSync(path.join(root, 'taskpane.html'), '<!doctype html><title>pane</title>');
  writeFileSync(path.join(root, 'functions.js'), 'console.log(1);');
  writeFileSync(path.join(root, 'functions.json'), '{"functions":[]}');
  writeFileSync(path.join(root, 'manifest.xml'), '<OfficeApp/>');
  writeFileSync(path.join(root, 'taskpane.css'), 'body{}');
  writeFileSync(path.join(root, 'functions.js.map'), '{}');
  writeFileSync(path.join(root, 'notes.txt'), 'hello');
  writeFileSync(path.join(root, 'assets', 'icon-16.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(path.join(root, 'data.bin'), 'binary');
  writeFileSync(path.join(root, '.env'), SECRET);
  writeFileSync(path.join(root, 'sub', 'a.txt'), 'a');
  symlinkSync(path.join(base, 'package.json'), path.join(root, 'link.json'));

  const args = parseServerArgs(['--http', '--port', '0', '--root', root]);
  expect(args).toEqual({ http: true, port: 0, host: '127.0.0.1', root });
  running = await startServer({
    ...args,
    log: () => undefined,
    routes: (req, res) => {
      if (req.url === '/api/ping') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{"pong":true}');
        return true;
      }
      if (req.url === '/api/async') {
        return new Promise<boolean>((resolve) =>
          setTimeout(() => {
            res.writeHead(202, { 'Content-Type': 'text/plain' });
            res.end('later');
            resolve(true);
          }, 5),
        );
      }
      if (req.url === '/api/boom') throw new Error('boom');
      return false;
    },
  });
});

afterAll(async () => {
  await running?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('static files', () => {
  test('listens on 127.0.0.1 over plain HTTP', () => {
    expect(running.origin).toBe(`http://127.0.0.1:${running.port}`);
    expect(running.port).toBeGreaterThan(0);
    expect(running.certificates).toBeUndefined();
  });

  test.each([
    ['/taskpane.html', 'text/html; charset=utf-8', 'no-cache'],
    ['/functions.js', 'text/javascript; charset=utf-8', undefined],
    ['/functions.json', 'application/json; charset=utf-8', 'no-cache'],
    ['/manifest.xml', 'application/xml; charset=utf-8', 'no-cache'],
    ['/assets/icon-16.png', 'image/png', undefined],
    ['/taskpane.css', 'text/css; charset=utf-8', undefined],
    ['/functions.js.map', 'application/json; charset=utf-8', undefined],
    ['/notes.txt', 'text/plain; charset=utf-8', undefined],
  ])('%s is served as %s', async (target, contentType, cacheControl) => {
    const reply = await request(target);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(contentType);
    expect(reply.headers['cache-control']).toBe(cacheControl);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(reply.headers['content-length'])).toBe(reply.bytes.length);
  });

  test('serves the file contents, ignoring the query string', async () => {
    const reply = await request('/functions.json?v=2');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ functions: [] });
  });

  test('HEAD answers headers only', async () => {
    const reply = await request('/functions.js', 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe('15');
    expect(reply.body).toBe('');
  });

  test.each(['/nope.html', '/assets/nope.png', '/data.bin', '/', '/sub', '/sub/', '/assets/', '/.env'])('%s is a 404', async (target) => {
    const reply = await request(target);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain(SECRET);
    expect(reply.body).not.toContain('a.txt'); // no directory listing
  });

  test('other methods are refused', async () => {
    const reply = await request('/taskpane.html', 'POST');
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
  });

  test.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/..%2Fpackage.json',
    '/assets/../../package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..%5cpackage.json',
    '/%252e%252e/package.json',
    '/link.json',
  ])('refuses traversal: %s', async (target) => {
    const reply = await request(target);
    expect([400, 403, 404]).toContain(reply.status);
    expect(reply.body).not.toContain(SECRET);
  });

  test('traversal attempts are refused outright, not just missed', async () => {
    for (const target of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
      expect((await request(target)).status).toBe(403);
    }
    expect((await request('/%zz')).status).toBe(400);
  });

  test('a route hook can answer, synchronously or not, before the static files', async () => {
    const ping = await request('/api/ping');
    expect(ping.status).toBe(200);
    expect(JSON.parse(ping.body)).toEqual({ pong: true });
    const later = await request('/api/async');
    expect(later.status).toBe(202);
    expect(later.body).toBe('later');
    // A route that declines leaves the request to the static files.
    expect((await request('/taskpane.html')).status).toBe(200);
  });

  test('a route that throws gives a 500 and the server keeps going', async () => {
    expect((await request('/api/boom')).status).toBe(500);
    expect((await request('/taskpane.html')).status).toBe(200);
  });
});

describe('resolveRequestPath', () => {
  test('maps a request to a file under the root', () => {
    expect(resolveRequestPath('/srv/dist', '/assets/icon-16.png?x=1')).toEqual({
      ok: true,
      filePath: path.resolve('/srv/dist/assets/icon-16.png'),
      extension: '.png',
    });
  });

  test('refuses what would leave the root', () => {
    for (const target of ['/../x.json', '/%2e%2e/x.json', '/..%2fx.json', '/a/./b.json', '/a\\..\\x.json', '/x%00.json']) {
      expect(resolveRequestPath('/srv/dist', target).ok).toBe(false);
    }
  });
});

describe('parseServerArgs', () => {
  test('defaults to HTTPS on localhost:3000, dist/ under the working directory', () => {
    expect(parseServerArgs([], {}, '/repo')).toEqual({ http: false, port: 3000, host: 'localhost', root: path.resolve('/repo/dist') });
  });

  test('PORT sets the port; --http binds 127.0.0.1', () => {
    expect(parseServerArgs(['--http'], { PORT: '4000' }, '/repo')).toMatchObject({ http: true, port: 4000, host: '127.0.0.1' });
  });

  test('rejects bad input', () => {
    expect(() => parseServerArgs(['--bogus'], {}, '/repo')).toThrow(/unknown argument/);
    expect(() => parseServerArgs([], { PORT: 'abc' }, '/repo')).toThrow(/invalid port/);
  });
});
