/**
 * Where held data comes from when nothing was fetched (data folder, embedded snapshot), what
 * happens without a key (FRED is not called at all; a keyless provider is tried next), and the
 * start-up summary.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../src/catalog/catalog';
import { seriesResponseSchema } from '../../../src/data/gatewayProtocol';
import { embeddedSnapshotSeries } from '../../../src/data/snapshot/embeddedSnapshot';
import { formatIsoDate } from '../../../src/core/dates/isoDate';
import { lastDay } from '../../../src/core/series/series';
import { FRED_OBSERVATIONS_PATH, NYFED_PATHS, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { at, buildTestGateway, fakeClock, tempDir } from './helpers';

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
});

afterAll(async () => {
  await mock.close();
});

describe('without FRED_API_KEY', () => {
  it("answers WALCL from the embedded snapshot, stale with the reason, when the keyless CSV fails too, and never calls FRED's API", async () => {
    const shipped = embeddedSnapshotSeries().find((item) => item.series.id === 'WALCL')!;
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, snapshot: embeddedSnapshotSeries, clock: fakeClock(at('2026-11-23')) });
    const answer = seriesResponseSchema.parse(await test.gateway.service.getSeries('WALCL'));
    expect(answer).toMatchObject({
      origin: 'snapshot',
      stale: true,
      // The mock serves no keyless WALCL here: FRED's 404 page for an unknown id. No word of a key.
      staleReason: expect.stringMatching(
        /^FRED keyless CSV WALCL: FRED knows no such series \(HTTP 404 from 127\.0\.0\.1:\d+\/graph\/fredgraph\.csv, an HTML page titled "Error - St\. Louis Fed"\)$/,
      ),
      asOf: formatIsoDate(lastDay(shipped.series)),
      retrievedAt: shipped.retrievedAt,
      source: shipped.source,
    });
    expect(answer.observations).toHaveLength(shipped.series.days.length);
    expect(test.gets.every((url) => url.includes('/graph/fredgraph.csv?id='))).toBe(true);
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(0);
  });

  it('tries the next provider (the NY Fed, keyless) for a series FRED would serve', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' } });
    const answer = await test.gateway.service.getSeries('RRP');
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(0);
    // RRP and RRP.AWARD (refreshed along with it: a keyless CSV batch sibling) both read the operation results.
    expect(mock.requestsTo(NYFED_PATHS.reverseRepoResults)).toHaveLength(2);
    expect(answer).toMatchObject({ stale: false, origin: 'upstream', units: 'USD_BILLIONS', asOf: '2023-04-21' });
    expect(answer.source).toMatch(/^NY Fed markets API/);
  });

  it('summarises at start-up what each provider can and cannot fetch', () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' } });
    const fredIds = CATALOG.filter((entry) => entry.source === 'FRED').map((entry) => entry.id);
    expect(fredIds.slice(0, 3)).toEqual(['WALCL', 'TGA', 'TGA.WAVG']);
    expect(test.gateway.summary[0]).toBe(`FRED: no FRED_API_KEY — ${fredIds.join(', ')} from another provider`);
    expect(test.gateway.summary[1]).toMatch(/^FREDGRAPH: no key needed, http:\/\/127\.0\.0\.1:\d+ — WALCL, TGA, TGA\.WAVG, RRP, /);
    expect(test.gateway.summary.slice(1).join('\n')).toMatch(/^NYFED: no key needed, http:\/\/127\.0\.0\.1:\d+ — RRP, SOFR, EFFR, RRP\.AWARD, SRF$/m);
    const keyed = buildTestGateway({ upstreamUrl: mock.url });
    expect(keyed.gateway.summary[0]).toMatch(/^FRED: FRED_API_KEY set, http:\/\/127\.0\.0\.1:\d+ — WALCL, TGA, /);
  });
});

describe('the data folder (LIQUIDITY_LENS_DATA)', () => {
  it('holds series no provider serves, and outranks the snapshot', async () => {
    const dataDir = tempDir('liq-gateway-data-');
    writeFileSync(path.join(dataDir, 'M2.CN.csv'), 'date,M2.CN\n2026-06-01,3.3e14\n2026-07-01,3.31e14\n');
    writeFileSync(path.join(dataDir, 'WDTGAL.csv'), 'observation_date,WDTGAL\n2026-11-04,850000\n2026-11-11,860000\n');
    writeFileSync(path.join(dataDir, 'unknown.csv'), 'date,x\n2026-01-01,1\n');
    const test = buildTestGateway({
      upstreamUrl: mock.url,
      env: { FRED_API_KEY: '', LIQUIDITY_LENS_DATA: dataDir },
      snapshot: embeddedSnapshotSeries,
      clock: fakeClock(Date.now() + 3_600_000),
    });

    // A file counts as retrieved when it was written (its mtime); an hour on, the missing months are due.
    const m2 = await test.gateway.service.getSeries('M2.CN');
    expect(m2).toMatchObject({ origin: 'cache', source: 'data folder: M2.CN.csv', asOf: '2026-07-01', stale: true });
    expect(m2.staleReason).toMatch(/no current open source for China's M2/);

    const tga = await test.gateway.service.getSeries('TGA');
    expect(tga).toMatchObject({
      source: 'data folder: WDTGAL.csv',
      asOf: '2026-11-11',
      observations: [
        ['2026-11-04', 850000],
        ['2026-11-11', 860000],
      ],
    });
    expect(test.logs).toContain('data folder: ignored unknown.csv (no catalogue series has that name)');
    expect(test.logs.join('\n')).not.toContain(dataDir + path.sep);
  });
});

describe('shutting down', () => {
  it('close() cancels an in-flight upstream request; its callers get held data, stale', async () => {
    mock.setFredSeries('WALCL', [['2026-02-18', 6_700_000]]);
    mock.fault(FRED_OBSERVATIONS_PATH, { latencyMs: 10_000 });
    const test = buildTestGateway({ upstreamUrl: mock.url, env: { UPSTREAM_TIMEOUT_MS: '20000' } });
    const pending = test.gateway.service.getSeries('WALCL');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    test.gateway.close();
    const answer = await pending;
    mock.fault(FRED_OBSERVATIONS_PATH, undefined);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(answer).toMatchObject({ stale: true, staleReason: expect.stringMatching(/cancelled/) });
    expect(test.gets).toHaveLength(1);
  });
});
