/**
 * The server process as a deployment runs it (`tsx src/server/main.ts`, no Redis): /healthz,
 * /readyz and /metrics, JSON logs carrying each request's id, and SIGTERM draining the requests
 * in flight before the process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { formatIsoDate } from '../../src/core/dates/isoDate';
import { PROVIDERS } from '../../src/data/providers/registry';
import { providerVariablePrefix } from '../../src/server/gateway/config';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../harness/upstreams/mockUpstream';
import { request, tempDir, weeklyPairs } from './gateway/helpers';

jest.setTimeout(30_000);

const MAIN = path.join(__dirname, '../../src/server/main.ts');
let mock: MockUpstream;
let child: ChildProcess;
let port: number;
let stdout = '';

beforeAll(async () => {
  mock = await startMockUpstream();
  mock.setFredSeries('WALCL', weeklyPairs('2026-01-07', 6));
  const cwd = tempDir('liq-ops-');
  child = spawn(process.execPath, [require.resolve('tsx/cli'), MAIN, '--http', '--port', '0', '--root', cwd], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      FRED_API_KEY: 'ops-test-key',
      LIQUIDITY_LENS_CACHE: path.join(cwd, 'cache'),
      ...Object.fromEntries(PROVIDERS.map((provider) => [`${providerVariablePrefix(provider.name)}_BASE_URL`, mock.url])),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  const deadline = Date.now() + 20_000;
  while (!/task pane:\s+http:\/\/127\.0\.0\.1:(\d+)/.test(stdout) && Date.now() < deadline && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 50));
  port = Number(/task pane:\s+http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1]);
  expect(port).toBeGreaterThan(0);
});

afterAll(async () => {
  if (child.exitCode === null) {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
  await mock.close();
});

describe('operations endpoints', () => {
  it('/healthz is live and says the gateway runs alone; /readyz is ready with the snapshot and a writable cache', async () => {
    const health = await request(port, '/healthz');
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok', sharedStore: 'not configured' }]);
    const ready = await request(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true, diskCache: 'writable', snapshotSeries: expect.any(Number) });
    // Probes address a replica by its own address, not the add-in's name.
    expect((await request(port, '/healthz', { headers: { Host: '10.1.2.3:8080' } })).status).toBe(200);
  });

  it('/metrics speaks Prometheus text to loopback clients', async () => {
    await request(port, '/api/series/WALCL');
    const reply = await request(port, '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(reply.body).toMatch(/^# TYPE liquidity_lens_upstream_requests_total counter$/m);
    expect(reply.body).toMatch(/^liquidity_lens_upstream_requests_total\{provider="fred"\} [1-9]\d*$/m);
    expect(reply.body).toMatch(/^liquidity_lens_cache_reads_total\{result="miss"\} \d+$/m);
    expect(reply.body).toMatch(/^liquidity_lens_http_request_duration_seconds_bucket\{le="\+Inf"\} [1-9]\d*$/m);
    expect(reply.body).toMatch(/^liquidity_lens_rate_limit_wait_seconds_total\{provider="fred"\} \d+\.\d{3}$/m);
  });

  it('logs each request as JSON with the id it answered in X-Request-Id', async () => {
    const reply = await request(port, '/api/catalog', { headers: { 'X-Request-Id': 'probe-4711' } });
    expect(reply.headers['x-request-id']).toBe('probe-4711');
    const generated = (await request(port, '/api/catalog', { headers: { 'X-Request-Id': 'x'.repeat(500) } })).headers['x-request-id'];
    expect(generated).toMatch(/^[0-9a-f]{16}$/);
    const deadline = Date.now() + 5_000;
    while (!stdout.includes('"requestId":"probe-4711"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const line = stdout.split('\n').find((text) => text.includes('"requestId":"probe-4711"'))!;
    expect(JSON.parse(line)).toMatchObject({ level: 'info', msg: 'request', requestId: 'probe-4711', method: 'GET', path: '/api/catalog', status: 200 });
  });
});

describe('SIGTERM', () => {
  it('answers the request in flight, then exits 0', async () => {
    // A slow upstream keeps a stale series' refresh in flight when the signal arrives.
    // Levels up to last week, newer than any snapshot's (real time: the process runs on the system clock).
    const today = Math.floor(Date.now() / 86_400_000);
    mock.setFredSeries('SOFR', weeklyPairs(formatIsoDate(today - 7 * 8), 8, 4.3, 0));
    mock.fault(FRED_OBSERVATIONS_PATH, { latencyMs: 1_500 });
    const inFlight = request(port, '/api/series/SOFR');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ id: 'SOFR', origin: 'upstream', stale: false });
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/"msg":"draining: no new connections/);
    mock.clearFaults();
  });
});
