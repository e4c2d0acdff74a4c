/**
 * The refresh mechanism (docs/refresh.md): each cell streams, re-answers when a series it read
 * changes, and stays put when an unrelated series changes.
 */
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { mergeSeries } from '../../src/core/series/mergeSeries';
import { createSeries } from '../../src/core/series/series';
import type { HeldSeries } from '../../src/data/heldSeries';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../src/data/store';
import { fx, snapshotStore, useStore } from './_helpers/engines';

/** A cell: every result Excel was given, and a way to delete the formula. */
function cell(fn: (...args: any[]) => void, ...args: unknown[]) {
  const results: unknown[] = [];
  const invocation: { setResult(value: unknown): void; onCanceled?: () => void } = { setResult: (value) => results.push(value) };
  fn(...args, invocation);
  return { results, cancel: () => invocation.onCanceled?.() };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A store that counts the subscriptions its cells hold. */
class CountingStore extends MemoryStore {
  subscriptions = 0;
  active = 0;

  override subscribe(id: string, listener: () => void): () => void {
    this.subscriptions++;
    this.active++;
    const unsubscribe = super.subscribe(id, listener);
    return () => {
      this.active--;
      unsubscribe();
    };
  }
}

/** The held series with one observation added (a refresh that appended a week). */
function withObservation(store: MemoryStore, id: string, iso: string, value: number): HeldSeries {
  const held = store.peek(id) as HeldSeries;
  const extra = createSeries(id, held.series.units, [parseIsoDate(iso)], [value]);
  return { ...held, series: mergeSeries(held.series, extra).series, origin: 'gateway' };
}

describe('streaming cells', () => {
  it('answer at once, then again when a series they read changes', async () => {
    const store = useStore(snapshotStore());
    const liquidity = cell(fx.liqIndex, null);
    expect(liquidity.results).toHaveLength(1);
    // WALCL's new Wednesday alone does not move LIQ.INDEX() (TGA ends 2026-07-22), a TGA revision does.
    store.put(withObservation(store, 'TGA', '2026-07-22', 900000));
    await settle();
    expect(liquidity.results).toHaveLength(2);
    expect(liquidity.results[1]).not.toBe(liquidity.results[0]);
  });

  it('are not recomputed when an unrelated series changes', async () => {
    const store = useStore(snapshotStore());
    const credit = cell(fx.creditLoss, [[0.2]], null, null);
    const ratio = cell(fx.ratioGold, 'SPX', '2000-08-31');
    store.put(withObservation(store, 'WALCL', '2026-08-26', 6700000));
    await settle();
    expect(credit.results).toHaveLength(1);
    expect(ratio.results).toHaveLength(1);
  });

  it('recompute once when several of their series change together', async () => {
    const store = useStore(snapshotStore());
    const liquidity = cell(fx.liqIndex, '2026-07-22');
    for (const [id, value] of [
      ['WALCL', 6500000],
      ['TGA', 800000],
      ['RRP', 1],
    ] as const) {
      store.put(withObservation(store, id, '2026-07-22', value));
    }
    await settle();
    expect(liquidity.results).toEqual([expect.any(Number), 6500 - 800 - 1]);
  });

  it('stop when the formula is deleted', async () => {
    const store = useStore(snapshotStore());
    const liquidity = cell(fx.liqIndex, null);
    liquidity.cancel();
    store.put(withObservation(store, 'TGA', '2026-07-22', 900000));
    await settle();
    expect(liquidity.results).toHaveLength(1);
  });

  it('fill in once a series that was not held arrives', async () => {
    const store = useStore(snapshotStore());
    const corr = cell(fx.liqCorr, 'SOFR', 'IORB', 5, null);
    expect(corr.results).toHaveLength(1);
    const gold = cell(fx.ratioGold, 'QQQ', null);
    await settle();
    expect(gold.results[0]).toMatchObject({ code: '#N/A' });
    const days = [parseIsoDate('2026-08-20'), parseIsoDate('2026-08-21')];
    store.put({ series: createSeries('QQQ', 'PRICE_USD', days, [700, 710]), origin: 'gateway', source: 'test', retrievedAt: '2026-08-22T00:00:00Z' });
    store.put({ series: createSeries('GOLD', 'USD_PER_OZ', days, [3500, 3550]), origin: 'gateway', source: 'test', retrievedAt: '2026-08-22T00:00:00Z' });
    await settle();
    expect(gold.results.at(-1)).toBeCloseTo(710 / 3550, 12);
  });

  it('hold one store subscription per series however many cells read it, and all update', async () => {
    const store = new CountingStore(embeddedSnapshotSeries());
    useStore(store);
    const cells = Array.from({ length: 1000 }, (_, i) => cell(fx.liqIndex, 46000 + (i % 50)));
    // WALCL, TGA and RRP: one subscription each, not one per cell and series.
    expect(store.active).toBe(3);
    // Deleting cells in the middle of the group leaves the others watching.
    for (const c of cells.filter((_, i) => i % 3 === 1)) c.cancel();
    store.put(withObservation(store, 'TGA', '2026-07-22', 900000));
    await settle();
    cells.forEach((c, i) => expect(c.results).toHaveLength(i % 3 === 1 ? 1 : 2));
  });

  it('keep the subscription when Excel replaces a cell within one batch, and drop it when none is left', async () => {
    const store = new CountingStore(embeddedSnapshotSeries());
    useStore(store);
    const before = cell(fx.ratioGold, 'SPX', '2000-08-31');
    const subscribed = store.subscriptions;
    before.cancel();
    const after = cell(fx.ratioGold, 'SPX', '2001-08-31');
    expect(store.subscriptions).toBe(subscribed);
    await settle();
    expect(store.active).toBe(subscribed);
    after.cancel();
    await settle();
    expect(store.active).toBe(0);
  });
});
