/**
 * The on-disk cache: survives a restart (a new service on the same folder answers without asking
 * upstream), discards a corrupt or foreign-version file (logged, set aside, rebuilt by the next
 * refresh) instead of crashing or misreading it, and never leaves a half-written file behind.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CATALOG } from '../../../src/catalog/catalog';
import { createSeries } from '../../../src/core/series/series';
import { cacheEnvelope, catalogFingerprint } from '../../../src/data/cacheEnvelope';
import { CACHE_ENVELOPE, CACHE_FORMAT, CACHE_MAX_AGE_MS, createSeriesCache, decodeCacheFile, encodeCacheFile } from '../../../src/server/gateway/seriesCache';
import { FRED_OBSERVATIONS_PATH, startMockUpstream, type MockUpstream } from '../../../harness/upstreams/mockUpstream';
import { buildTestGateway, tempDir, weeklyPairs } from './helpers';

const HISTORY = weeklyPairs('2025-01-01', 60);
/** The envelope fields of a file this gateway writes now. */
const current = () => ({ buster: CACHE_ENVELOPE.buster, savedAt: Date.now() });
/** The same catalogue with WALCL in billions: what an edit of its units would make. */
const walclInBillions = CATALOG.map((entry) => (entry.id === 'WALCL' ? { ...entry, units: 'USD_BILLIONS' as const } : entry));

let mock: MockUpstream;

beforeAll(async () => {
  mock = await startMockUpstream();
  mock.setFredSeries('WALCL', HISTORY);
});

afterAll(async () => {
  await mock.close();
});

describe('the gateway cache across restarts', () => {
  it('a new service on the same folder answers from the cache without an upstream request', async () => {
    const first = buildTestGateway({ upstreamUrl: mock.url });
    await first.gateway.service.getSeries('WALCL');
    const requests = mock.requestsTo(FRED_OBSERVATIONS_PATH).length;

    const second = buildTestGateway({ upstreamUrl: mock.url, cacheDir: first.cacheDir, clock: first.clock });
    first.clock.advance(60_000);
    const answer = await second.gateway.service.getSeries('WALCL');

    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(requests);
    expect(answer).toMatchObject({ origin: 'cache', stale: false, source: 'FRED WALCL', asOf: '2026-02-18', retrievedAt: new Date(first.clock.now() - 60_000).toISOString() });
    expect(answer.observations).toEqual(HISTORY);
  });

  it('the cache outranks the snapshot, and the snapshot answers when there is no cache', async () => {
    const snapshotWalcl = {
      series: createSeries('WALCL', 'USD_MILLIONS', [20000], [7_000_000]),
      origin: 'snapshot' as const,
      source: 'snapshot WALCL',
      retrievedAt: '2024-10-04T00:00:00Z',
    };
    const first = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, snapshot: () => [snapshotWalcl] });
    const fromSnapshot = await first.gateway.service.getSeries('WALCL');
    // No key, and this mock serves WALCL to the keyed API only: the keyless CSV answers FRED's 404 page.
    expect(fromSnapshot).toMatchObject({
      origin: 'snapshot',
      source: 'snapshot WALCL',
      stale: true,
      staleReason: expect.stringMatching(/^FRED keyless CSV WALCL: FRED knows no such series/),
    });

    const filled = buildTestGateway({ upstreamUrl: mock.url, snapshot: () => [snapshotWalcl] });
    const merged = await filled.gateway.service.getSeries('WALCL');
    expect(merged.observations[0]).toEqual(['2024-10-04', 7_000_000]); // held history kept, fetched data merged after it
    expect(merged.observations).toHaveLength(HISTORY.length + 1);

    const restarted = buildTestGateway({ upstreamUrl: mock.url, env: { FRED_API_KEY: '' }, cacheDir: filled.cacheDir, clock: filled.clock, snapshot: () => [snapshotWalcl] });
    const fromCache = await restarted.gateway.service.getSeries('WALCL');
    expect(fromCache).toMatchObject({ origin: 'cache', source: 'FRED WALCL', stale: false });
    expect(fromCache.observations).toEqual(merged.observations);
  });

  it.each([
    ['garbage', 'this is not JSON {'],
    ['truncated JSON', '{"format":1,"catalogVersion":1,"id":"WALCL","units":"USD_MILLIONS","observations":[["2025-01-01",68'],
    [
      'a foreign format version',
      JSON.stringify({
        ...current(),
        buster: `${CACHE_FORMAT + 1}:${catalogFingerprint(CATALOG)}`,
        id: 'WALCL',
        units: 'USD_MILLIONS',
        source: 'x',
        retrievedAt: '2026-01-01T00:00:00Z',
        observations: [],
      }),
    ],
    [
      'another catalogue version',
      JSON.stringify({
        ...current(),
        buster: cacheEnvelope(CACHE_FORMAT, CACHE_MAX_AGE_MS, walclInBillions).buster,
        id: 'WALCL',
        units: 'USD_MILLIONS',
        source: 'x',
        retrievedAt: '2026-01-01T00:00:00Z',
        observations: [],
      }),
    ],
    [
      'other units',
      JSON.stringify({
        ...current(),
        id: 'WALCL',
        units: 'USD_BILLIONS',
        source: 'x',
        retrievedAt: '2026-01-01T00:00:00Z',
        observations: [['2026-01-07', 6.6]],
      }),
    ],
    [
      'dates out of order',
      JSON.stringify({
        ...current(),
        id: 'WALCL',
        units: 'USD_MILLIONS',
        source: 'x',
        retrievedAt: '2026-01-01T00:00:00Z',
        observations: [
          ['2026-01-14', 1],
          ['2026-01-07', 2],
        ],
      }),
    ],
    [
      'an entry saved longer ago than the maximum age',
      JSON.stringify({
        ...current(),
        savedAt: Date.now() - CACHE_MAX_AGE_MS - 60_000,
        id: 'WALCL',
        units: 'USD_MILLIONS',
        source: 'x',
        retrievedAt: '2026-01-01T00:00:00Z',
        observations: [['2026-01-07', 6_600_000]],
      }),
    ],
  ])('a cache file holding %s is discarded (logged) and rebuilt', async (_name, text) => {
    const cacheDir = tempDir('liq-gateway-corrupt-');
    const file = path.join(cacheDir, 'WALCL.json');
    writeFileSync(file, text);
    const requests = mock.requestsTo(FRED_OBSERVATIONS_PATH).length;

    const test = buildTestGateway({ upstreamUrl: mock.url, cacheDir });
    const answer = await test.gateway.service.getSeries('WALCL');

    expect(answer).toMatchObject({ stale: false, origin: 'upstream', asOf: '2026-02-18' });
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH)).toHaveLength(requests + 1);
    expect(mock.requestsTo(FRED_OBSERVATIONS_PATH).at(-1)!.query.observation_start).toBeUndefined();
    expect(test.logs.some((line) => /^cache: discarded WALCL\.json \(.+\); it will be rebuilt by the next refresh$/.test(line))).toBe(true);
    expect(readFileSync(`${file}.discarded`, 'utf8')).toBe(text);
    const rebuilt = decodeCacheFile('WALCL', readFileSync(file, 'utf8'));
    expect('item' in rebuilt && rebuilt.item.series.days.length).toBe(HISTORY.length);
    expect(readdirSync(cacheDir).sort()).toEqual(['WALCL.json', 'WALCL.json.discarded']);
  });
});

describe('the cache file format', () => {
  const series = createSeries('WALCL', 'USD_MILLIONS', [20454, 20461], [6_581_234, 6_590_001.5]);

  it('round-trips a series with its source and retrieval time', () => {
    const text = encodeCacheFile({ series, source: 'FRED WALCL', retrievedAt: '2026-01-01T12:00:00.000Z' });
    expect(JSON.parse(text)).toMatchObject({
      buster: CACHE_ENVELOPE.buster,
      id: 'WALCL',
      observations: [
        ['2026-01-01', 6581234],
        ['2026-01-08', 6590001.5],
      ],
    });
    const decoded = decodeCacheFile('WALCL', text);
    expect('item' in decoded && Array.from(decoded.item.series.values)).toEqual([6_581_234, 6_590_001.5]);
  });

  it('refuses a file written before a catalogue edit of units, or saved longer ago than the maximum age', () => {
    const savedAt = Date.parse('2026-01-01T12:00:00.000Z');
    const text = encodeCacheFile({ series, source: 'FRED WALCL', retrievedAt: '2026-01-01T12:00:00.000Z' }, savedAt);
    const edited = cacheEnvelope(CACHE_FORMAT, CACHE_MAX_AGE_MS, walclInBillions);
    expect(edited.buster).not.toBe(CACHE_ENVELOPE.buster);
    expect(decodeCacheFile('WALCL', text, savedAt, edited)).toEqual({ reason: `version ${CACHE_ENVELOPE.buster}, expected ${edited.buster}` });
    expect(decodeCacheFile('WALCL', text, savedAt + CACHE_MAX_AGE_MS)).toHaveProperty('item');
    expect(decodeCacheFile('WALCL', text, savedAt + CACHE_MAX_AGE_MS + 1)).toEqual({ reason: 'older than the maximum age' });
  });

  it('refuses a file holding another series', () => {
    const text = encodeCacheFile({ series, source: 'FRED WALCL', retrievedAt: '2026-01-01T12:00:00.000Z' });
    expect(decodeCacheFile('TGA', text)).toEqual({ reason: 'holds WALCL, expected TGA' });
  });

  it('writes atomically: no temporary file is left, and ids that are not catalogue ids name no file', async () => {
    const dir = tempDir('liq-gateway-atomic-');
    const cache = createSeriesCache({ dir, log: () => undefined });
    await Promise.all(Array.from({ length: 10 }, (_, i) => cache.write({ series, source: `FRED WALCL ${i}`, retrievedAt: '2026-01-01T12:00:00.000Z' })));
    expect(readdirSync(dir)).toEqual(['WALCL.json']);
    expect((await cache.read('WALCL'))?.source).toMatch(/^FRED WALCL \d$/);
    for (const id of ['../WALCL', 'WALCL/../../x', '/etc/passwd', 'walcl', '']) {
      expect(() => cache.filePath(id)).toThrow(RangeError);
      await expect(cache.read(id)).rejects.toThrow(RangeError);
    }
  });

  it('a file that is no longer there is simply not held', async () => {
    const cache = createSeriesCache({ dir: tempDir('liq-gateway-empty-'), log: () => undefined });
    await expect(cache.read('WALCL')).resolves.toBeUndefined();
  });
});
