import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getSeries } from '../../../src/catalog/lookup';
import { fredProvider } from '../../../src/data/providers/fred';
import { HttpStatusError, createHttpGet, describeUrl, redactUrl } from '../../../src/data/providers/http';
import { UpstreamError } from '../../../src/data/upstreamError';
import { fixture } from './_helpers/fakeUpstream';

const SECRET = 'secret';
const MAX_BYTES = 1000;
const TIMEOUT_MS = 300;

/** What each path of the local test server does; every request carries `?api_key=secret`. */
const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  '/ok': (_req, res) => res.end('{"ok":true}'),
  '/error': (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('internal error');
  },
  '/busy': (_req, res) => {
    res.writeHead(429, { 'retry-after': '2' });
    res.end('Too Many Requests');
  },
  '/unavailable': (_req, res) => {
    res.writeHead(503, { 'retry-after': '7' });
    res.end();
  },
  '/fred-400': (_req, res) => {
    // FRED's documented error body; this one also echoes the key, as some upstreams do.
    res.writeHead(400, { 'content-type': 'text/xml;charset=utf-8' });
    res.end(`{\n    "error_code": 400,\n    "error_message": "Bad Request.  The value for variable api_key is not registered.  You sent ${SECRET} (api_key=${SECRET})."\n}`);
  },
  '/slow': (req, res) => {
    const timer = setTimeout(() => res.end('late'), 5000);
    req.socket.on('close', () => clearTimeout(timer));
  },
  '/slow-body': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"observations":[');
    const timer = setTimeout(() => res.end(']}'), 5000);
    req.socket.on('close', () => clearTimeout(timer));
  },
  '/big': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv' });
    for (let i = 0; i < 20; i++) res.write('x'.repeat(100));
    res.end();
  },
  '/big-declared': (_req, res) => {
    res.writeHead(200, { 'content-length': String(5 * MAX_BYTES) });
    res.end('y'.repeat(5 * MAX_BYTES));
  },
  /** FRED's path: the recorded SOFR body for a registered key, the documented 400 body otherwise. */
  '/fred/series/observations': (req, res) => {
    const key = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('api_key');
    if (key === 'registered-key') return void res.end(fixture('fred/series_observations_SOFR.json'));
    res.writeHead(400, { 'content-type': 'text/xml;charset=utf-8' });
    res.end(fixture('fred/error_400_api_key_not_registered.reconstructed.json'));
  },
  '/cut': (req, res) => {
    res.writeHead(200, { 'content-length': '900' });
    res.write('z'.repeat(100), () => setTimeout(() => req.socket.destroy(), 20));
  },
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const route = routes[path];
    if (route) route(req, res);
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const get = createHttpGet({ timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, now: () => Date.UTC(2025, 0, 1) });
const urlFor = (path: string) => `${base}${path}?series_id=WALCL&api_key=${SECRET}&file_type=json`;

/** The UpstreamError a request fails with; its message must name host and path and hide the key. */
async function failure(path: string, options: { signal?: AbortSignal } = {}): Promise<UpstreamError> {
  const error = await get(urlFor(path), options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  const upstreamError = error as UpstreamError;
  expect(upstreamError.message).toContain(`127.0.0.1:`);
  expect(upstreamError.message).toContain(path);
  expect(upstreamError.message).not.toContain(`api_key=${SECRET}`);
  expect(upstreamError.message).not.toContain(SECRET);
  expect(upstreamError.message).not.toContain('WALCL');
  return upstreamError;
}

describe('createHttpGet (against a local server)', () => {
  it('returns the body of a 200', async () => {
    await expect(get(urlFor('/ok'), {})).resolves.toBe('{"ok":true}');
  });

  it("maps a 500 to 'http' with the status (retryable)", async () => {
    const error = await failure('/error');
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(error.retryable).toBe(true);
    expect((error as HttpStatusError).bodyExcerpt).toBe('internal error');
  });

  it("maps a 429 to 'rate-limited' with Retry-After: 2 → 2000 ms", async () => {
    const error = await failure('/busy');
    expect(error.kind).toBe('rate-limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(2000);
  });

  it('keeps Retry-After on a 503 too', async () => {
    const error = await failure('/unavailable');
    expect(error.kind).toBe('http');
    expect(error.retryAfterMs).toBe(7000);
  });

  it('carries a one-line, redacted excerpt of an error body (FRED explains 400s there)', async () => {
    const error = await failure('/fred-400');
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    const excerpt = (error as HttpStatusError).bodyExcerpt;
    expect(excerpt).toContain('"error_message": "Bad Request. The value for variable api_key is not registered.');
    expect(excerpt).not.toContain(SECRET);
    expect(excerpt).toContain('api_key=REDACTED');
  });

  it("times out a response slower than the timeout ('timeout')", async () => {
    const started = Date.now();
    const error = await failure('/slow');
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain(`${TIMEOUT_MS} ms`);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("times out a body that stalls after the headers ('timeout')", async () => {
    expect((await failure('/slow-body')).kind).toBe('timeout');
  });

  it("aborts a streamed body past maxBytes ('too-large')", async () => {
    const error = await failure('/big');
    expect(error.kind).toBe('too-large');
    expect(error.retryable).toBe(false);
  });

  it("refuses a declared Content-Length over maxBytes ('too-large')", async () => {
    expect((await failure('/big-declared')).kind).toBe('too-large');
  });

  it("maps a connection destroyed mid-body to 'network'", async () => {
    const error = await failure('/cut');
    expect(error.kind).toBe('network');
    expect(error.retryable).toBe(true);
  });

  it("maps a refused connection to 'network'", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await get(`http://127.0.0.1:${port}/fred/series/observations?api_key=${SECRET}`, {}).then(
      () => undefined,
      (thrown: unknown) => thrown as UpstreamError,
    );
    expect(error?.kind).toBe('network');
    expect(error?.message).toContain(`127.0.0.1:${port}/fred/series/observations`);
    expect(error?.message).not.toContain(SECRET);
  });

  it("treats the caller's abort as 'timeout' (cancelled)", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await failure('/slow', { signal: controller.signal });
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('cancelled');
  });

  it('sends the headers it is given', async () => {
    const seen: string[] = [];
    routes['/echo'] = (req, res) => {
      seen.push(String(req.headers.accept));
      res.end('ok');
    };
    await get(urlFor('/echo'), { headers: { accept: 'application/json' } });
    expect(seen).toEqual(['application/json']);
  });
});

describe('FRED provider over the real HTTP layer', () => {
  const context = (apiKey: string) => ({ get, baseUrl: base, apiKey, now: () => new Date('2024-06-27T12:00:00Z') });

  it('fetches and parses observations; the returned url hides the key', async () => {
    const result = await fredProvider.fetch(getSeries('SOFR'), '2024-06-01', context('registered-key'));
    expect(result.series.values[0]).toBe(5.35);
    expect(result.url).toContain('api_key=REDACTED');
    expect(result.url).not.toContain('registered-key');
  });

  it("turns a 400 into FRED's own explanation, without the key", async () => {
    const error = await fredProvider.fetch(getSeries('WALCL'), undefined, context(SECRET)).then(
      () => undefined,
      (thrown: unknown) => thrown as UpstreamError,
    );
    expect(error?.kind).toBe('http');
    expect(error?.status).toBe(400);
    expect(error?.message).toContain('FRED WALCL: Bad Request. The value for variable api_key is not registered. Read https://fred.stlouisfed.org/docs/api/api_key.html');
    expect(error?.message).toContain('/fred/series/observations');
    expect(error?.message).not.toContain(SECRET);
  });
});

describe('redactUrl', () => {
  it('replaces the value of every api_key/apikey/key/token parameter, nothing else', () => {
    expect(redactUrl('https://api.stlouisfed.org/fred/series/observations?series_id=SOFR&api_key=abc123&file_type=json')).toBe(
      'https://api.stlouisfed.org/fred/series/observations?series_id=SOFR&api_key=REDACTED&file_type=json',
    );
    expect(redactUrl('https://h/p?apikey=a&KEY=b&token=c&monkey=d&keyword=e')).toBe('https://h/p?apikey=REDACTED&KEY=REDACTED&token=REDACTED&monkey=d&keyword=e');
    expect(redactUrl('https://h/p?api_key=a#frag')).toBe('https://h/p?api_key=REDACTED#frag');
    expect(redactUrl('https://h/p?filter=record_date:gte:2022-04-18&page[number]=1')).toBe('https://h/p?filter=record_date:gte:2022-04-18&page[number]=1');
  });

  it('describeUrl names host and path only', () => {
    expect(describeUrl('https://api.stlouisfed.org/fred/series/observations?series_id=SOFR&api_key=abc')).toBe('api.stlouisfed.org/fred/series/observations');
    expect(describeUrl('not a url?api_key=abc')).toBe('not a url');
  });
});
