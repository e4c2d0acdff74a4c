/**
 * The add-in's store holds the embedded snapshot undecoded and decodes a series when it is first
 * read (issue 17, figure 5: decoding all of it was most of the add-in's own cold start). Status
 * lines and the comparison with the persisted cache use each entry's dates alone.
 */
import { formatIsoDate } from '../../src/core/dates/isoDate';
import { createSeries, lastDay } from '../../src/core/series/series';
import { createGatewayClient } from '../../src/data/gatewayClient';
import type { HeldSeries } from '../../src/data/heldSeries';
import { LiveStore } from '../../src/data/liveStore';
import { MemoryPersistence } from '../../src/data/persistence';
import { deferredEmbeddedSnapshot, embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { DeferredSeries } from '../../src/data/snapshot/snapshotFile';

const NOW = Date.parse('2026-09-02T12:00:00Z');

/** The snapshot's entries, each decode watched (the persisted cache decodes its own entries through the same class). */
function watchedSnapshot(): { entries: DeferredSeries[]; decodes: () => number } {
  const entries = deferredEmbeddedSnapshot();
  const spies = entries.map((entry) => jest.spyOn(entry, 'decode'));
  return { entries, decodes: () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0) };
}

function storeOver(entries: DeferredSeries[], persistence = new MemoryPersistence(() => NOW)): LiveStore {
  return new LiveStore({
    // Nothing here may reach a gateway: a port nothing listens on.
    gateway: createGatewayClient({ baseUrl: 'http://127.0.0.1:9' }),
    persistence,
    initial: entries,
    clock: { now: () => NOW, sleep: async () => {} },
  });
}

afterEach(() => jest.restoreAllMocks());

describe('the embedded snapshot in the add-in store', () => {
  const decoded = new Map(embeddedSnapshotSeries().map((item) => [item.series.id, item]));

  it('decodes a series on its first read only, and gives the same series as a full decode', () => {
    const snapshot = watchedSnapshot();
    const store = storeOver(snapshot.entries);
    expect(store.heldIds()).toEqual([...decoded.keys()]);
    expect(snapshot.decodes()).toBe(0);
    expect(store.peek('WALCL')).toEqual(decoded.get('WALCL'));
    expect(store.peek('WALCL')).toBe(store.peek('WALCL'));
    expect(snapshot.decodes()).toBe(1);
    expect(store.heldIds()).toHaveLength(decoded.size);
  });

  it('shows every status line (as of, source, fresh or stale) without decoding a series', () => {
    const snapshot = watchedSnapshot();
    const store = storeOver(snapshot.entries);
    const lines = store.heldIds().map((id) => store.status(id));
    expect(snapshot.decodes()).toBe(0);
    const fullyDecoded = new LiveStore({
      gateway: createGatewayClient({ baseUrl: 'http://127.0.0.1:9' }),
      persistence: new MemoryPersistence(() => NOW),
      initial: [...decoded.values()],
      clock: { now: () => NOW, sleep: async () => {} },
    });
    expect(lines).toEqual([...decoded.keys()].map((id) => fullyDecoded.status(id)));
  });

  it('lets a newer persisted entry replace a snapshot series without decoding the snapshot one', async () => {
    const snapshotWalcl = decoded.get('WALCL') as HeldSeries;
    const days = Int32Array.from([...snapshotWalcl.series.days, lastDay(snapshotWalcl.series) + 7]);
    const values = Float64Array.from([...snapshotWalcl.series.values, 7_000_000]);
    const newer: HeldSeries = { series: createSeries('WALCL', snapshotWalcl.series.units, days, values), origin: 'cache', source: 'test', retrievedAt: '2026-09-01T00:00:00Z' };
    const persistence = new MemoryPersistence(() => NOW);
    await persistence.save(newer);
    const snapshot = watchedSnapshot();
    const store = storeOver(snapshot.entries, persistence);
    await store.restore();
    expect(snapshot.decodes()).toBe(0);
    expect(store.status('WALCL')).toMatchObject({ origin: 'cache', asOf: formatIsoDate(lastDay(newer.series)) });
    expect(Array.from(store.peek('WALCL')?.series.values ?? [])).toEqual(Array.from(values));
    expect(snapshot.decodes()).toBe(0);
  });

  it('keeps a snapshot series when the persisted one is older', async () => {
    const snapshotTga = decoded.get('TGA') as HeldSeries;
    const older: HeldSeries = {
      series: createSeries('TGA', snapshotTga.series.units, snapshotTga.series.days.slice(0, 10), snapshotTga.series.values.slice(0, 10)),
      origin: 'cache',
      source: 'test',
      retrievedAt: '2026-09-01T00:00:00Z',
    };
    const persistence = new MemoryPersistence(() => NOW);
    await persistence.save(older);
    const store = storeOver(deferredEmbeddedSnapshot(), persistence);
    await store.restore();
    expect(store.peek('TGA')).toEqual(snapshotTga);
  });
});
