/**
 * FRED with no key (issue 14 §1), through the real providers, HTTP client and gateway HTTP API
 * against the mock upstream: every FRED series of the catalogue refreshes from the keyless CSV in
 * one request per frequency (the weekly one a ZIP: WALCL and WTREGEN are two FRED frequencies),
 * incrementally, and the keyless CSV is the fallback when the keyed API fails.
 */
import { CATALOG } from '../../../src/catalog/catalog';
import { catalogResponseSchema, seriesResponseSchema } from '../../../src/data/gatewayProtocol';
import { embeddedSnapshotSeries } from '../../../src/data/snapshot/embeddedSnapshot';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { createSeries } from '../../../src/core/series/series';
import { parseFredCsv } from '../../../src/data/providers/fredGraph';
import type { RunningServer } from '../../../src/server/main';
import { seedCatalogUpstream, type SeededCatalogUpstream } from '../../../harness/upstreams/catalogUpstream';
import { FREDGRAPH_PATH, FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream, type RecordedRequest } from '../../../harness/upstreams/mockUpstream';
import { readSharedFixture } from '../../../harness/upstreams/sharedFixtures';
import { at, buildTestGateway, DAY_MS, fakeClock, request, serveGateway, weeklyPairs, type TestGateway } from './helpers';

const FRED_IDS = CATALOG.filter((entry) => entry.source === 'FRED').map((entry) => entry.id);
const THROUGH = '2026-11-20'; // a Friday

let mock: MockUpstream;
let seeded: SeededCatalogUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
  seeded = seedCatalogUpstream(mock, { through: THROUGH });
});
afterAll(() => mock.close());

async function ask(server: RunningServer, id: string) {
  const reply = await request(server.port, `/api/series/${id}`);
  expect(reply.status).toBe(200);
  return seriesResponseSchema.parse(JSON.parse(reply.body));
}

/** A query parameter the recorded request must carry; its absence fails the test, naming it. */
function param(request: RecordedRequest, name: string): string {
  const value = request.query[name];
  if (value === undefined) throw new Error(`${request.path} was asked without ${name}`);
  return value;
}

describe('a keyless start (no FRED_API_KEY)', () => {
  let test: TestGateway;
  let server: RunningServer;

  beforeAll(async () => {
    test = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, snapshot: embeddedSnapshotSeries, clock: fakeClock(at('2026-11-23', 15)) });
    server = await serveGateway(test.gateway);
  });
  afterAll(async () => {
    test.gateway.close();
    await server.close();
  });

  it('says in /api/catalog that every FRED series is fetchable through the keyless CSV, with no word of a key', async () => {
    const catalog = catalogResponseSchema.parse(JSON.parse((await request(server.port, '/api/catalog')).body));
    for (const id of FRED_IDS) expect(catalog.series.find((entry) => entry.id === id)).toMatchObject({ fetchable: true, path: 'FRED keyless CSV (fredgraph.csv)' });
    expect(JSON.stringify(catalog)).not.toMatch(/FRED_API_KEY|needs an API key/);
    expect(test.gateway.summary.join('\n')).not.toMatch(/from the cache\/snapshot/);
  });

  it('refreshes every FRED series of the catalogue at once in one request per frequency, the weekly one a ZIP', async () => {
    const before = mock.requestsTo(FREDGRAPH_PATH).length;
    const answers = await Promise.all(FRED_IDS.map((id) => ask(server, id)));

    const requests = mock.requestsTo(FREDGRAPH_PATH).slice(before);
    // One request per catalogue frequency, carrying every FRED series of it (D: RRPONTSYD, SOFR, … W: WALCL, WDTGAL, WTREGEN; M: M2SL).
    const byFrequency = new Map<string, string[]>();
    for (const entry of CATALOG.filter((item) => item.source === 'FRED')) byFrequency.set(entry.frequency, [...(byFrequency.get(entry.frequency) ?? []), entry.upstreamId]);
    expect(requests.map((r) => param(r, 'id').split(',').sort().join(',')).sort()).toEqual([...byFrequency.values()].map((ids) => ids.sort().join(',')).sort());
    expect(byFrequency.get('W')).toEqual(expect.arrayContaining(['WALCL', 'WDTGAL', 'WTREGEN']));
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(0);
    // Incremental from the snapshot: each id with its own start (the last held date minus the overlap).
    const weekly = requests.find((r) => param(r, 'id').includes('WALCL'))!;
    expect(param(weekly, 'cosd').split(',')).toHaveLength(byFrequency.get('W')!.length);
    expect(param(weekly, 'cosd').split(',')[param(weekly, 'id').split(',').indexOf('WALCL')]).toBe('2026-07-15'); // snapshot WALCL ends 2026-08-19, minus 35 days
    for (const answer of answers) {
      expect(answer).toMatchObject({ stale: false, asOf: seeded.lastDates[answer.id] });
      expect(answer.source).toMatch(/^FRED \S+ \(keyless fredgraph\.csv\)$/);
      expect(answer.observations.at(-1)![1]).toBe(seeded.lastValues[answer.id]);
    }
    // The weekly answer came as a ZIP of "weekly,_as_of_wednesday.csv" and "weekly,_ending_wednesday.csv":
    // TGA.WAVG (WTREGEN) is read from the second member.
    expect(answers.find((answer) => answer.id === 'TGA.WAVG')!.asOf).toBe(seeded.lastDates['TGA.WAVG']);
    // Every weekly id, in catalogue order (byFrequency's lists were sorted above).
    const weeklyIds = CATALOG.filter((entry) => entry.source === 'FRED' && entry.frequency === 'W')
      .map((entry) => entry.upstreamId)
      .join(',');
    expect(
      test.logs.some((line) => line.startsWith('WALCL: ') && / observations from FREDGRAPH .*graph\/fredgraph\.csv\?id=/.test(line) && line.includes(`?id=${weeklyIds}&cosd=`)),
    ).toBe(true);
  });

  it('a later refresh asks again only for what is due, still one request per frequency', async () => {
    test.clock.advance(8 * DAY_MS); // new H.4.1 week and daily values due; M2 not yet
    const before = mock.requestsTo(FREDGRAPH_PATH).length;
    await Promise.all(FRED_IDS.map((id) => ask(server, id)));
    const requests = mock.requestsTo(FREDGRAPH_PATH).slice(before);
    expect(requests.length).toBeLessThanOrEqual(new Set(CATALOG.filter((entry) => entry.source === 'FRED').map((entry) => entry.frequency)).size);
    expect(requests.every((r) => param(r, 'cosd').split(',').length === param(r, 'id').split(',').length)).toBe(true);
  });
});

describe('with a key: batches by the keyless CSV, the keyed API for a lone series and as the fallback', () => {
  const WEEKLY = CATALOG.filter((entry) => entry.source === 'FRED' && entry.frequency === 'W');

  it('a refresh of the weekly FRED series is one keyless request, not one API request per series (DESIGN §9, §4a)', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, clock: fakeClock(at('2026-11-23', 15)) });
    const answers = await Promise.all(WEEKLY.map((entry) => test.gateway.service.getSeries(entry.id)));
    for (const answer of answers) expect(answer).toMatchObject({ stale: false, origin: 'upstream', asOf: seeded.lastDates[answer.id] });
    expect(answers.map((answer) => answer.source)).toEqual(WEEKLY.map((entry) => `FRED ${entry.upstreamId} (keyless fredgraph.csv)`));
    expect(test.gets.filter((url) => url.includes(FREDGRAPH_PATH))).toEqual([`${mock.url}/graph/fredgraph.csv?id=${WEEKLY.map((entry) => entry.upstreamId).join(',')}`]);
    expect(test.gets.filter((url) => url.includes(FRED_OBSERVATIONS_PATH))).toEqual([]);
  });

  it('when the keyless CSV fails (503), the batch falls back to the keyed API, one request per series', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, clock: fakeClock(at('2026-11-23', 15)) });
    mock.fault(FREDGRAPH_PATH, { status: 503 });
    try {
      const answers = await Promise.all(WEEKLY.map((entry) => test.gateway.service.getSeries(entry.id)));
      for (const answer of answers) expect(answer).toMatchObject({ stale: false, source: `FRED ${CATALOG.find((entry) => entry.id === answer.id)!.upstreamId}` });
      expect(test.gets.filter((url) => url.includes(FREDGRAPH_PATH))).toHaveLength(4); // the batch's attempts
      expect(
        test.gets
          .filter((url) => url.includes(FRED_OBSERVATIONS_PATH))
          .map((url) => new URL(url).searchParams.get('series_id'))
          .sort(),
      ).toEqual(WEEKLY.map((entry) => entry.upstreamId).sort());
    } finally {
      mock.fault(FREDGRAPH_PATH, undefined);
    }
  });

  it('a lone series (GDP, the only quarterly one) goes to the keyed API; when it answers 503, the keyless CSV serves, and the source says so', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, clock: fakeClock(at('2026-11-23', 15)) });
    mock.fault(FRED_OBSERVATIONS_PATH, { status: 503 });
    try {
      const answer = await test.gateway.service.getSeries('GDP');
      expect(answer).toMatchObject({ stale: false, origin: 'upstream', source: 'FRED GDP (keyless fredgraph.csv)', asOf: seeded.lastDates.GDP });
      expect(answer.staleReason).toBeUndefined();
      expect(test.gets.filter((url) => url.includes(FRED_OBSERVATIONS_PATH))).toHaveLength(4); // the API's attempts first
      expect(test.gets.filter((url) => url.includes(FREDGRAPH_PATH))).toEqual([`${mock.url}/graph/fredgraph.csv?id=GDP`]);
    } finally {
      mock.fault(FRED_OBSERVATIONS_PATH, undefined);
    }
  });

  it('with the API throttling (429), pauses it for every series and serves them from the keyless CSV', async () => {
    const test = buildTestGateway({ upstreamUrl: mock.url, clock: fakeClock(at('2026-11-23', 15)) });
    mock.fault(FRED_OBSERVATIONS_PATH, { status: 429, retryAfter: '120' });
    try {
      const gdp = await test.gateway.service.getSeries('GDP');
      expect(gdp).toMatchObject({ stale: false, source: 'FRED GDP (keyless fredgraph.csv)' });
      const apiRequests = test.gets.filter((url) => url.includes(FRED_OBSERVATIONS_PATH)).length;
      expect(apiRequests).toBeGreaterThan(0);
      expect(test.logs).toContainEqual(expect.stringMatching(/^FRED: paused for 120 s \(HTTP 429 /));
      const m2 = await test.gateway.service.getSeries('M2.US');
      expect(m2).toMatchObject({ stale: false, source: 'FRED M2SL (keyless fredgraph.csv)' });
      expect(test.gets.filter((url) => url.includes(FRED_OBSERVATIONS_PATH))).toHaveLength(apiRequests); // not asked while paused
    } finally {
      mock.fault(FRED_OBSERVATIONS_PATH, undefined);
    }
  });
});

describe('what the keyless CSV answers that cannot be used', () => {
  it('an unknown id in a batch (HTTP 404 page) fails that series alone; the others of its frequency refresh', async () => {
    const other = await startMockUpstream();
    try {
      other.setFredSeries('WALCL', weeklyPairs('2025-01-01', 60), { keyless: true, frequency: 'Weekly, As of Wednesday' });
      other.setFredSeries('WDTGAL', weeklyPairs('2025-01-01', 60, 800_000, 1_000), { keyless: true, frequency: 'Weekly, As of Wednesday' });
      // WTREGEN is not served: FRED's 404 HTML page.
      const test = buildTestGateway({ upstreamUrl: other.url, env: { FRED_API_KEY: '' } });
      const server = await serveGateway(test.gateway);
      try {
        const [walcl, tga, wavg] = await Promise.all(['WALCL', 'TGA', 'TGA.WAVG'].map((id) => ask(server, id)));
        expect(walcl).toMatchObject({ stale: false, asOf: '2026-02-18' });
        expect(tga).toMatchObject({ stale: false, asOf: '2026-02-18' });
        expect(wavg).toMatchObject({ stale: true, observations: [] });
        expect(wavg?.staleReason).toMatch(
          /^FRED keyless CSV WTREGEN: FRED knows no such series \(HTTP 404 from 127\.0\.0\.1:\d+\/graph\/fredgraph\.csv, an HTML page titled "Error - St\. Louis Fed"\)$/,
        );
        // Every weekly FRED id in the batch (the others are not served either); then each alone.
        const weekly = CATALOG.filter((entry) => entry.source === 'FRED' && entry.frequency === 'W').map((entry) => entry.upstreamId);
        expect(other.requestsTo(FREDGRAPH_PATH).map((r) => param(r, 'id'))).toEqual([weekly.join(','), ...weekly]);
      } finally {
        test.gateway.close();
        await server.close();
      }
    } finally {
      await other.close();
    }
  });

  it('a legacy download (DATE header) of WTREGEN in billions is read, then refused as a 1000× unit change against the held millions', async () => {
    const legacy = readSharedFixture('fred', 'fredgraph_legacy_WTREGEN_billions_2018-2023.csv');
    // Held: the same weeks to 2023-06-28 in millions, as FRED publishes WTREGEN today.
    const rows = parseFredCsv(legacy, 'legacy')
      .get('WTREGEN')!
      .filter(([day]) => day <= parseIsoDate('2023-06-28'));
    const held = {
      series: createSeries(
        'TGA.WAVG',
        'USD_MILLIONS',
        rows.map(([day]) => day),
        rows.map(([, value]) => value * 1000),
      ),
      origin: 'snapshot' as const,
      source: 'snapshot TGA.WAVG',
      retrievedAt: '2023-06-30T00:00:00Z',
    };
    const other = await startMockUpstream();
    try {
      other.setBody(FREDGRAPH_PATH, legacy, 'text/csv');
      const test = buildTestGateway({ upstreamUrl: other.url, env: { FRED_API_KEY: '' }, snapshot: () => [held], clock: fakeClock(at('2023-07-14', 15)) });
      const answer = await test.gateway.service.getSeries('TGA.WAVG');
      expect(answer).toMatchObject({ stale: true, origin: 'snapshot', asOf: '2023-06-28' });
      // fredgraph_legacy_WTREGEN_billions_2018-2023.csv: 2023-05-24 is 61.952 (billions) where 61952 (millions) is held.
      expect(answer.staleReason).toMatch(/^TGA\.WAVG: /);
      expect(answer.staleReason).toMatch(/1000|units/);
      expect(other.requestsTo(FREDGRAPH_PATH)).toHaveLength(1);
      expect(answer.observations).toHaveLength(rows.length);
    } finally {
      await other.close();
    }
  });
});
