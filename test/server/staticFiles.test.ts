/**
 * The static server over plain HTTP on 127.0.0.1 (what `--http` gives), against a temporary root,
 * with raw request targets so that nothing normalises `..` before the server sees it; then the same
 * server's answers to hostile or cross-site requests (Host, Origin, Sec-Fetch-Site), its caching
 * headers and its security headers, for a development origin and for a public one.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { contentVersion } from '../../src/server/contentVersion';
import { parseServerArgs, startServer, type RunningServer } from '../../src/server/main';
import { IMMUTABLE, REVALIDATE, resolveRequestPath } from '../../src/server/staticFiles';

const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';

let base: string;
let root: string;
let running: RunningServer;
/** The same files and routes, for the public origin a deployer builds for (reached directly, as a proxy would). */
let publicServer: RunningServer;
const PUBLIC_ORIGIN = 'https://lens.example.org';
/** Every request that reached the routes. */
const routeCalls: string[] = [];

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: Buffer;
}

/** Sends the request target exactly as given (http.request does not normalise the path). */
function request(target: string, method = 'GET', headers: http.OutgoingHttpHeaders = {}, port = running.port): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: target, method, headers, agent: false }, (res) => {
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
  const routes = (req: http.IncomingMessage, res: http.ServerResponse): boolean | Promise<boolean> => {
    routeCalls.push(req.url ?? '');
    if (req.url?.startsWith('/api/series/') || req.url === '/api/catalog' || req.url?.startsWith('/api/keys/')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"served":true}');
      return true;
    }
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
  };
  running = await startServer({ ...args, log: () => undefined, routes });
  publicServer = await startServer({ ...args, origin: PUBLIC_ORIGIN, log: () => undefined, routes });
});

afterAll(async () => {
  await running?.close();
  await publicServer?.close();
  rmSync(base, { recursive: true, force: true });
});

describe('static files', () => {
  test('listens on 127.0.0.1 over plain HTTP', () => {
    expect(running.origin).toBe(`http://127.0.0.1:${running.port}`);
    expect(running.port).toBeGreaterThan(0);
    expect(running.certificates).toBeUndefined();
  });

  test.each([
    ['/taskpane.html', 'text/html; charset=utf-8'],
    ['/functions.js', 'text/javascript; charset=utf-8'],
    ['/functions.json', 'application/json; charset=utf-8'],
    ['/manifest.xml', 'application/xml; charset=utf-8'],
    ['/assets/icon-16.png', 'image/png'],
    ['/taskpane.css', 'text/css; charset=utf-8'],
    ['/functions.js.map', 'application/json; charset=utf-8'],
    ['/notes.txt', 'text/plain; charset=utf-8'],
  ])('%s is served as %s, revalidated on every use', async (target, contentType) => {
    const reply = await request(target);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(contentType);
    // Without ?v= no file may be cached unchecked: the manifest's names are fixed across versions.
    expect(reply.headers['cache-control']).toBe(REVALIDATE);
    expect(reply.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(reply.headers['content-length'])).toBe(reply.bytes.length);
    expect(reply.bytes.equals(readFileSync(path.join(root, target)))).toBe(true);
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

describe('caching: fixed names revalidated, versioned URLs immutable', () => {
  test('a matching If-None-Match is a 304 without a body, with the validators', async () => {
    const first = await request('/functions.js');
    const again = await request('/functions.js', 'GET', { 'If-None-Match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe(REVALIDATE);
    // A weak form of the same tag matches too (RFC 9110 weak comparison for GET).
    expect((await request('/functions.js', 'GET', { 'If-None-Match': `W/${first.headers.etag!}` })).status).toBe(304);
    expect((await request('/functions.js', 'GET', { 'If-None-Match': '"0000"' })).status).toBe(200);
  });

  test('a rebuilt file gets a new ETag, so an old copy is never confirmed', async () => {
    const file = path.join(root, 'changing.txt');
    writeFileSync(file, 'version one');
    const before = await request('/changing.txt');
    writeFileSync(file, 'version two, longer');
    const after = await request('/changing.txt', 'GET', { 'If-None-Match': before.headers.etag! });
    expect(after.status).toBe(200);
    expect(after.body).toBe('version two, longer');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  test('?v= with the version of the bytes sent: cached for a year; any other v: revalidated', async () => {
    const version = contentVersion(readFileSync(path.join(root, 'taskpane.css')));
    const current = await request(`/taskpane.css?v=${version}`);
    expect(current.status).toBe(200);
    expect(current.headers['cache-control']).toBe(IMMUTABLE);
    expect(current.body).toBe('body{}');
    // A page from an older build asks for its own version: it gets today's bytes, but not for a year.
    const stale = await request('/taskpane.css?v=0123456789abcdef');
    expect(stale.headers['cache-control']).toBe(REVALIDATE);
    expect(stale.body).toBe('body{}');
  });
});

describe("Host: only the add-in's (DNS rebinding)", () => {
  test.each(['evil.example', 'evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io', 'lens.example.org'])(
    'Host %s is refused on the development server, for files and API alike',
    async (host) => {
      const before = routeCalls.length;
      for (const target of ['/taskpane.html', '/api/series/WALCL', '/api/catalog']) {
        const reply = await request(target, 'GET', { Host: host });
        expect(reply.status).toBe(421);
        expect(reply.body).toMatch(/^Misdirected Request: this server answers only for https:\/\/localhost:3000\n$/);
        expect(reply.body.length).toBeLessThan(120);
      }
      expect(routeCalls.length).toBe(before); // refused before any route ran
    },
  );

  test.each(['localhost:3000', 'localhost', '127.0.0.1:8080', '[::1]:3000'])('loopback Host %s is answered in development', async (host) => {
    expect((await request('/taskpane.html', 'GET', { Host: host })).status).toBe(200);
  });

  test('a request with no Host at all (HTTP/1.0) is refused', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(running.port, '127.0.0.1', () => socket.end('GET /taskpane.html HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 421 /);
  });

  test('a server for a public origin answers its host only, not loopback names', async () => {
    const port = publicServer.port;
    expect((await request('/taskpane.html', 'GET', { Host: 'lens.example.org' }, port)).status).toBe(200);
    expect((await request('/taskpane.html', 'GET', { Host: 'LENS.example.org:443' }, port)).status).toBe(200); // same host, default port
    for (const host of [`127.0.0.1:${port}`, 'localhost:3000', 'lens.example.org:8443', 'evil.example']) {
      const reply = await request('/taskpane.html', 'GET', { Host: host }, port);
      expect(reply.status).toBe(421);
      expect(reply.body).toContain(PUBLIC_ORIGIN);
    }
  });
});

describe("CORS: only for the add-in's own origin (and Excel on the web, for the functions' metadata)", () => {
  test('no Access-Control-Allow-Origin without an allowed Origin, and never *', async () => {
    for (const target of ['/taskpane.html', '/functions.json', '/functions.js', '/assets/icon-16.png']) {
      for (const origin of [undefined, 'https://evil.example', 'null', 'https://excel.officeapps.live.com.evil.example']) {
        const reply = await request(target, 'GET', origin ? { Origin: origin } : {});
        expect(reply.status).toBe(200);
        expect(reply.headers['access-control-allow-origin']).toBeUndefined();
        expect(reply.headers.vary).toBe('Origin');
      }
    }
  });

  test("the add-in's origin may read every file", async () => {
    const reply = await request('/taskpane.html', 'GET', { Origin: 'https://localhost:3000' });
    expect(reply.headers['access-control-allow-origin']).toBe('https://localhost:3000');
    const onPublic = await request('/manifest.xml', 'GET', { Host: 'lens.example.org', Origin: PUBLIC_ORIGIN }, publicServer.port);
    expect(onPublic.headers['access-control-allow-origin']).toBe(PUBLIC_ORIGIN);
  });

  test('Excel on the web may read functions.json and functions.js, nothing else', async () => {
    for (const origin of ['https://excel.officeapps.live.com', 'https://inc-excel.officeapps.live.com', 'https://excel.cloud.microsoft']) {
      expect((await request('/functions.json', 'GET', { Origin: origin })).headers['access-control-allow-origin']).toBe(origin);
      expect((await request('/functions.js', 'GET', { Origin: origin })).headers['access-control-allow-origin']).toBe(origin);
      expect((await request('/taskpane.html', 'GET', { Origin: origin })).headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('API endpoints that fetch upstream or use a key: same-origin only', () => {
  const guarded = ['/api/series/WALCL', '/api/series/WALCL?since=2025-01-01', '/api/keys/FRED/test'];

  test.each(guarded)('%s from another origin is refused before the gateway sees it', async (target) => {
    const before = routeCalls.length;
    for (const headers of [
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: 'http://localhost:8080' }, // another local site
      { 'Sec-Fetch-Site': 'cross-site' }, // an <img src> GET carries no Origin, but this
      { 'Sec-Fetch-Site': 'same-site', Origin: 'https://other.localhost:3000' },
    ]) {
      const reply = await request(target, 'GET', headers);
      expect(reply.status).toBe(403);
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(reply.body)).toEqual({ error: { code: 'cross-origin', message: expect.stringMatching(/only the add-in's own pages/) } });
      expect(reply.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(routeCalls.length).toBe(before);
  });

  test.each(guarded)('%s from the add-in itself, or from a client that is no browser, is served', async (target) => {
    for (const headers of [
      {}, // curl, the CLI, a monitoring probe
      { 'Sec-Fetch-Site': 'same-origin' }, // a same-origin GET from the pane carries no Origin
      { Origin: 'https://localhost:3000', 'Sec-Fetch-Site': 'same-origin' },
      { Origin: `http://127.0.0.1:${running.port}` }, // the page served by this very address
      { 'Sec-Fetch-Site': 'none' }, // typed into the address bar
    ]) {
      const reply = await request(target, 'GET', headers);
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body)).toEqual({ served: true });
    }
  });

  test('on a public origin the check is the same, with that origin', async () => {
    const port = publicServer.port;
    const host = { Host: 'lens.example.org' };
    expect((await request('/api/series/WALCL', 'GET', { ...host, Origin: PUBLIC_ORIGIN }, port)).status).toBe(200);
    expect((await request('/api/series/WALCL', 'GET', { ...host, Origin: 'https://localhost:3000' }, port)).status).toBe(403);
  });

  test('the catalogue (a constant list, no upstream) may be read from anywhere', async () => {
    const reply = await request('/api/catalog', 'GET', { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    expect(reply.status).toBe(200);
  });
});

describe('security headers', () => {
  /** The CSP as a map of directive → sources. */
  function directives(csp: string | undefined): Map<string, string[]> {
    expect(csp).toBeDefined();
    return new Map(
      csp!
        .split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name!, values]),
    );
  }

  test('pages carry a Content-Security-Policy that allows office.js from Microsoft and nothing inline or evaluated', async () => {
    const reply = await request('/taskpane.html');
    const csp = directives(reply.headers['content-security-policy'] as string);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toContain("'self'");
    const frameAncestors = csp.get('frame-ancestors')!;
    expect(frameAncestors).toEqual(expect.arrayContaining(["'self'", 'https://*.officeapps.live.com', 'https://*.sharepoint.com']));
    expect(frameAncestors).not.toContain('*');
    expect(frameAncestors.every((source) => source === "'self'" || source.startsWith('https://'))).toBe(true);
    expect(reply.headers['x-frame-options']).toBeUndefined(); // it cannot list several framers; frame-ancestors does
  });

  test('only documents get a policy; every answer gets Referrer-Policy and nosniff', async () => {
    for (const target of ['/functions.js', '/functions.json', '/api/ping', '/nope.html']) {
      const reply = await request(target);
      expect(reply.headers['content-security-policy']).toBeUndefined();
      expect(reply.headers['referrer-policy']).toBe('no-referrer');
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  test('Strict-Transport-Security for the public HTTPS origin, never for loopback', async () => {
    const onPublic = await request('/taskpane.html', 'GET', { Host: 'lens.example.org' }, publicServer.port);
    expect(onPublic.headers['strict-transport-security']).toBe('max-age=31536000');
    const onApi = await request('/api/series/WALCL', 'GET', { Host: 'lens.example.org' }, publicServer.port);
    expect(onApi.headers['strict-transport-security']).toBe('max-age=31536000');
    for (const host of ['localhost:3000', `127.0.0.1:${running.port}`]) {
      expect((await request('/taskpane.html', 'GET', { Host: host })).headers['strict-transport-security']).toBeUndefined();
    }
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
