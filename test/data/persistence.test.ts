import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { createSeries } from '../../src/core/series/series';
import { IndexedDbPersistence } from '../../src/data/browser/indexedDbPersistence';
import type { HeldSeries } from '../../src/data/heldSeries';
import { FilePersistence } from '../../src/data/node/filePersistence';
import { PERSISTENCE_MAX_AGE_MS, decodeEntry, encodeEntry, type SeriesPersistence } from '../../src/data/persistence';
import { tempDir } from '../../harness/tempDir';

const NOW = Date.parse('2026-08-25T00:00:00Z');
const item = (id: string, values: number[]): HeldSeries => ({
  series: createSeries(
    id,
    id === 'SOFR' ? 'PERCENT' : 'USD_MILLIONS',
    values.map((_, i) => parseIsoDate('2026-08-01') + i),
    values,
  ),
  origin: 'gateway',
  source: `test ${id}`,
  retrievedAt: '2026-08-24T10:00:00.000Z',
});

describe('persisted entries', () => {
  it('round-trip values exactly, including fetched doubles with no fixed precision', () => {
    const original = item('SOFR', [3.63, 3.6400000000000001, 1 / 3, 4.05]);
    const decoded = decodeEntry(encodeEntry(original, NOW), NOW);
    if (!('item' in decoded)) throw new Error(decoded.reason);
    expect(decoded.item.series.values).toEqual(original.series.values);
    expect(decoded.item).toMatchObject({ origin: 'cache', source: 'test SOFR', retrievedAt: original.retrievedAt });
  });

  it('are refused when corrupt, of another version, or older than the maximum age', () => {
    const text = encodeEntry(item('WALCL', [1, 2]), NOW);
    expect(decodeEntry(text.slice(0, 30), NOW)).toEqual({ reason: 'not JSON' });
    expect(decodeEntry(text.replace(/"buster":"[^"]*"/, '"buster":"0:1"'), NOW)).toEqual({ reason: expect.stringMatching(/^version 0:1/) });
    expect(decodeEntry(text, NOW + PERSISTENCE_MAX_AGE_MS + 1)).toEqual({ reason: 'older than the maximum age' });
    expect(decodeEntry(text.replace('"USD_MILLIONS"', '"USD_BILLIONS"'), NOW)).toEqual({ reason: expect.stringMatching(/units USD_BILLIONS differ/) });
  });
});

const implementations: [string, () => SeriesPersistence & { corrupt(id: string): Promise<void> | void }][] = [
  [
    'IndexedDB',
    () => {
      const factory = new IDBFactory();
      const persistence = new IndexedDbPersistence(factory, () => NOW);
      return Object.assign(persistence, {
        corrupt: (id: string) =>
          new Promise<void>((resolve) => {
            const open = factory.open('liquidity-lens', 1);
            open.onsuccess = () => {
              const tx = open.result.transaction('series', 'readwrite');
              tx.objectStore('series').put('{"half', id);
              tx.oncomplete = () => resolve();
            };
          }),
      });
    },
  ],
  [
    'files',
    () => {
      const dir = tempDir('ll-persist-');
      return Object.assign(new FilePersistence(dir, () => NOW), { corrupt: (id: string) => writeFileSync(join(dir, `${id}.json`), '{"half'), folder: dir });
    },
  ],
];

describe.each(implementations)('%s persistence', (_name, make) => {
  it('stores, replaces and restores series, and discards a corrupt entry without failing', async () => {
    const persistence = make();
    await persistence.save(item('WALCL', [1, 2, 3]));
    await persistence.save(item('WALCL', [1, 2, 4]));
    await persistence.save(item('SOFR', [3.6]));
    await persistence.corrupt('TGA');
    const restored = await persistence.loadAll();
    expect(restored.map((r) => [r.series.id, Array.from(r.series.values)]).sort()).toEqual([
      ['SOFR', [3.6]],
      ['WALCL', [1, 2, 4]],
    ]);
    expect((await persistence.loadAll()).length).toBe(2);
  });
});

it('file persistence leaves no temporary files behind', async () => {
  const [, make] = implementations[1]!;
  const persistence = make() as unknown as SeriesPersistence & { folder: string };
  await persistence.save(item('WALCL', [1]));
  expect(readdirSync(persistence.folder)).toEqual(['WALCL.json']);
});

it('file persistence removes interrupted writes and drops only an unusable entry, logged once with its reason', async () => {
  const dir = tempDir('ll-persist-');
  const lines: string[] = [];
  const persistence = new FilePersistence(
    dir,
    () => NOW,
    (line) => lines.push(line),
  );
  await persistence.save(item('SOFR', [3.6]));
  writeFileSync(join(dir, 'WALCL.json.123.tmp'), '{"half');
  // A folder where a file should be once made the whole cache unreadable.
  mkdirSync(join(dir, 'TGA.json'));
  writeFileSync(join(dir, 'TGA.json', 'inside'), 'x');
  expect((await persistence.loadAll()).map((r) => r.series.id)).toEqual(['SOFR']);
  expect(lines).toEqual(['cache: removed WALCL.json.123.tmp (left by an interrupted write)', 'cache: dropped TGA.json (is a folder, not a regular file)']);
  // Removed, so the next start neither finds nor logs them again.
  expect((await persistence.loadAll()).map((r) => r.series.id)).toEqual(['SOFR']);
  expect(lines).toHaveLength(2);
  expect(readdirSync(dir)).toEqual(['SOFR.json']);
});
