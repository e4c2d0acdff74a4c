/**
 * Files an operator or user put where the gateway reads (issue 13 §1, §2), against the running
 * server: a FIFO named WALCL.csv in the data folder once froze the whole server, static pages
 * included, until SIGKILL; a CSV holding -5 for RRP was silently computed with; an interrupted
 * write's *.tmp stayed forever; one unreadable cache entry must drop only itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSeries } from '../../../src/core/series/series';
import type { HeldSeries } from '../../../src/data/heldSeries';
import { loadSnapshot } from '../../../src/data/snapshot/embeddedSnapshot';
import { createSeriesCache } from '../../../src/server/gateway/seriesCache';
import type { RunningServer } from '../../../src/server/main';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { buildTestGateway, request, serveGateway, tempDir, weeklyPairs, type TestGateway } from './helpers';

const HISTORY = weeklyPairs('2025-01-01', 60); // … 2026-02-18, fresh on the helpers' clock (2026-02-19)

let mock: MockUpstream;
const running: RunningServer[] = [];

beforeAll(async () => {
  mock = await startMockUpstream();
  mock.setFredSeries('WALCL', HISTORY);
});
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});
afterAll(() => mock.close());

/** A gateway on `dataDir`/`cacheDir`, serving a root with a taskpane.html. */
async function serve(options: { dataDir?: string; cacheDir?: string; snapshot?: () => readonly HeldSeries[] }): Promise<{ test: TestGateway; server: RunningServer }> {
  const root = tempDir('liq-root-');
  writeFileSync(path.join(root, 'taskpane.html'), '<!doctype html><title>pane</title>');
  const test = buildTestGateway({
    upstreamUrl: mock.url,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    env: options.dataDir ? { LIQUIDITY_LENS_DATA: options.dataDir } : {},
  });
  const server = await serveGateway(test.gateway, root);
  running.push(server);
  return { test, server };
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

describe('the data folder', () => {
  it('refuses a FIFO named WALCL.csv: the pane, the series and the folder’s other files are still served', async () => {
    const dataDir = tempDir('liq-data-');
    mkfifo(path.join(dataDir, 'WALCL.csv'));
    writeFileSync(path.join(dataDir, 'RRP.csv'), 'date,RRP\n2026-02-17,120.5\n2026-02-18,118.25\n');
    const { test, server } = await serve({ dataDir });

    // Each of these hung for good before; jest's timeout bounds the test.
    const pane = await request(server.port, '/taskpane.html');
    expect([pane.status, pane.body]).toEqual([200, '<!doctype html><title>pane</title>']);
    const walcl = await request(server.port, '/api/series/WALCL');
    expect(walcl.status).toBe(200);
    expect(JSON.parse(walcl.body)).toMatchObject({ origin: 'upstream', stale: false });
    const rrp = JSON.parse((await request(server.port, '/api/series/RRP')).body) as { source: string };
    expect(rrp.source).toBe('data folder: RRP.csv');

    const said = test.logs.filter((line) => line.includes('WALCL.csv'));
    expect(said).toEqual(['data folder: not used: WALCL.csv: is a FIFO (named pipe), not a regular file']);
  });

  it.each([
    ['-5', /RRP\.csv, line 3: -5 on 2026-02-18 is outside the plausible range 0 to 10000 USD billions for RRP; are the values in USD billions\?/],
    ['1e308', /RRP\.csv, line 3: 1e\+308 on 2026-02-18 is outside the plausible range 0 to 10000 USD billions for RRP/],
    ['1e999', /RRP\.csv, line 3: "1e999" is too large to be a number/],
  ])('refuses an RRP.csv holding %s, with file, line and reason, and does not serve it', async (value, reason) => {
    const dataDir = tempDir('liq-data-');
    writeFileSync(path.join(dataDir, 'RRP.csv'), `date,RRP\n2026-02-17,120.5\n2026-02-18,${value}\n`);
    const { test, server } = await serve({ dataDir });
    const answer = JSON.parse((await request(server.port, '/api/series/RRP')).body) as { source: string; observations: Array<[string, number]> };
    expect(answer.source).not.toMatch(/data folder/);
    expect(answer.observations.map(([, v]) => v)).not.toContain(Number(value));
    expect(test.logs.filter((line) => line.includes('RRP.csv'))).toEqual([expect.stringMatching(reason)]);
    // The server's folder layout is not in the message.
    expect(test.logs.join('\n')).not.toContain(dataDir + path.sep);
  });
});

describe('the persisted cache', () => {
  it('removes the temporary files of interrupted writes at start, logging each once', async () => {
    const cacheDir = tempDir('liq-cache-');
    // A process id no process has (Linux's pid_max is at most 4,194,304) and an old one of our own.
    const orphan = 'WALCL.json.4194999.abcdef123456.tmp';
    writeFileSync(path.join(cacheDir, orphan), '{"half":');
    const { test, server } = await serve({ cacheDir });
    expect((await request(server.port, '/api/series/WALCL')).status).toBe(200);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(test.logs.filter((line) => line.includes(orphan))).toEqual([`cache: removed ${orphan} (left by an interrupted write; process 4194999 is gone)`]);
  });

  it('drops only the unreadable entry (a folder where WALCL.json should be), logged once with its reason', async () => {
    const cacheDir = tempDir('liq-cache-');
    const cache = createSeriesCache({ dir: cacheDir, log: () => undefined });
    await cache.write({ series: createSeries('RRP', 'USD_BILLIONS', [20_502], [118.25]), source: 'FRED RRPONTSYD', retrievedAt: '2026-02-19T17:00:00.000Z' });
    mkdirSync(path.join(cacheDir, 'WALCL.json'));
    writeFileSync(path.join(cacheDir, 'WALCL.json', 'inside'), 'x');
    const { test, server } = await serve({ cacheDir });

    const rrp = JSON.parse((await request(server.port, '/api/series/RRP')).body) as { origin: string };
    expect(rrp.origin).toBe('cache');
    const before = mock.requestsTo(FRED_OBSERVATIONS_PATH).length;
    for (let i = 0; i < 3; i++) expect((await request(server.port, '/api/series/WALCL')).status).toBe(200);
    // Rebuilt from upstream once, then answered from the rebuilt cache.
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH).length - before).toBe(1);
    expect(test.logs.filter((line) => line.includes('WALCL.json'))).toEqual([
      'cache: discarded WALCL.json (is a folder, not a regular file); it will be rebuilt by the next refresh',
    ]);
    expect(existsSync(path.join(cacheDir, 'WALCL.json.discarded', 'inside'))).toBe(true);
  });

  it('sets aside a FIFO where a cache file should be, without waiting on it', async () => {
    const cacheDir = tempDir('liq-cache-');
    mkfifo(path.join(cacheDir, 'WALCL.json'));
    const { test, server } = await serve({ cacheDir });
    expect(JSON.parse((await request(server.port, '/api/series/WALCL')).body)).toMatchObject({ origin: 'upstream' });
    expect(test.logs.filter((line) => line.includes('WALCL.json'))).toEqual([
      'cache: discarded WALCL.json (is a FIFO (named pipe), not a regular file); it will be rebuilt by the next refresh',
    ]);
  });
});

describe('a broken snapshot', () => {
  it.each([
    ['truncated', () => '{"format":1,"builtAt":"2026-', /not complete JSON \(truncated\?\)/],
    ['missing', () => undefined, /it is missing/],
    [
      'unreadable',
      () => {
        throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
      },
      /could not be read \(ENOENT/,
    ],
    ['schema-invalid', () => ({ format: 1, series: 'not a list' }), /embedded snapshot is not used: /],
  ])('%s: reported, and the server starts and answers without it', async (_, source, problem) => {
    const loaded = loadSnapshot(source);
    expect(loaded.series).toEqual([]);
    expect(loaded.problem).toMatch(problem);
    expect(loaded.problem!.length).toBeLessThanOrEqual(300);
    const { server } = await serve({ snapshot: () => loaded.series });
    expect((await request(server.port, '/taskpane.html')).status).toBe(200);
    expect((await request(server.port, '/api/catalog')).status).toBe(200);
    expect(JSON.parse((await request(server.port, '/api/series/WALCL')).body)).toMatchObject({ origin: 'upstream' });
  });
});
