/**
 * A cell never sits on #BUSY! longer than the loading bound (issue 11 §7): while its series load
 * it answers an #N/A that says what it is loading, then the value when the data arrives. A formula
 * value preview (invocation.isInValuePreview) never starts a load.
 */
import type { HeldSeries } from '../../src/data/heldSeries';
import { MemoryStore } from '../../src/data/store';
import { createFunctionRuntime } from '../../src/functions/runtime';
import { LOADING_NOTICE_MS, type Timers } from '../../src/functions/streaming';
import { functionsByName, snapshotStore } from './_helpers/engines';

/** Timers that fire only when the test says so. */
class ManualTimers implements Timers {
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private next = 0;
  now = 0;
  setTimeout(callback: () => void, ms: number): unknown {
    this.pending.set(++this.next, { at: this.now + ms, callback });
    return this.next;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  advance(ms: number): void {
    this.now += ms;
    for (const [handle, timer] of [...this.pending]) {
      if (timer.at <= this.now) {
        this.pending.delete(handle);
        timer.callback();
      }
    }
  }
  get waiting(): number {
    return this.pending.size;
  }
}

/** A store that holds nothing in memory and answers each load only when released. */
class SlowStore extends MemoryStore {
  readonly loads: string[] = [];
  private readonly release: (() => void)[] = [];
  constructor(private readonly source: MemoryStore) {
    super();
  }
  override load(id: string): Promise<HeldSeries | undefined> {
    this.loads.push(id);
    return new Promise((resolve) => {
      this.release.push(() => {
        const item = this.source.peek(id);
        if (item) this.put(item);
        resolve(item);
      });
    });
  }
  releaseAll(): void {
    for (const release of this.release.splice(0)) release();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function cell(fn: (...args: unknown[]) => void, args: unknown[], isInValuePreview = false) {
  const results: unknown[] = [];
  fn(...args, { setResult: (value: unknown) => results.push(value), isInValuePreview });
  return results;
}

describe('a cell whose series are not held yet', () => {
  it('is #BUSY! (no result) until the bound, then #N/A naming what loads, then the value', async () => {
    const timers = new ManualTimers();
    const store = new SlowStore(snapshotStore());
    const fx = functionsByName(createFunctionRuntime(store, { timers }));
    const results = cell(fx.liqIndex, ['2025-12-24']);
    expect(results).toEqual([]);
    timers.advance(LOADING_NOTICE_MS - 1);
    expect(results).toEqual([]);
    timers.advance(1);
    expect(results).toMatchObject([
      { code: '#N/A', message: expect.stringMatching(/^loading WALCL, TGA, RRP from the Liquidity Lens gateway; this cell updates when the data arrives/) },
    ]);
    store.releaseAll();
    await settle();
    expect(results[1]).toBeCloseTo(5774.891, 6); // DESIGN §3.1 / golden.test.ts: the snapshot's 2025-12-24
    expect(store.loads.sort()).toEqual(['RRP', 'TGA', 'WALCL']);
  });

  it('that loads within the bound never shows the notice, and leaves no timer behind', async () => {
    const timers = new ManualTimers();
    const store = new SlowStore(snapshotStore());
    const fx = functionsByName(createFunctionRuntime(store, { timers }));
    const results = cell(fx.liqIndex, ['2025-12-24']);
    store.releaseAll();
    await settle();
    timers.advance(LOADING_NOTICE_MS * 2);
    expect(results).toHaveLength(1);
    expect(results[0]).toBeCloseTo(5774.891, 6);
    expect(timers.waiting).toBe(0);
  });

  it('thousands of cells waiting at once share one timer: each gets its notice at the bound, then its value', async () => {
    const timers = new ManualTimers();
    const store = new SlowStore(snapshotStore());
    const fx = functionsByName(createFunctionRuntime(store, { timers }));
    const cells = Array.from({ length: 5000 }, () => cell(fx.liqIndex, ['2025-12-24']));
    expect(timers.waiting).toBe(1);
    timers.advance(LOADING_NOTICE_MS - 1);
    expect(cells.every((results) => results.length === 0)).toBe(true);
    timers.advance(1);
    expect(cells.every((results) => results.length === 1 && (results[0] as { code?: string }).code === '#N/A')).toBe(true);
    // A cell that starts waiting later gets a timer of its own, for its own bound.
    await settle();
    const late = cell(fx.liqIndex, ['2025-12-17']);
    expect(timers.waiting).toBe(1);
    store.releaseAll();
    await settle();
    expect(cells.every((results) => typeof results[1] === 'number')).toBe(true);
    expect(late).toHaveLength(1);
    expect(timers.waiting).toBe(0);
  });

  it('a batch whose cells all got their data clears its timer', async () => {
    const timers = new ManualTimers();
    const store = new SlowStore(snapshotStore());
    const fx = functionsByName(createFunctionRuntime(store, { timers }));
    const cells = Array.from({ length: 100 }, () => cell(fx.liqIndex, ['2025-12-24']));
    expect(timers.waiting).toBe(1);
    store.releaseAll();
    await settle();
    expect(timers.waiting).toBe(0);
    expect(cells.every((results) => results.length === 1 && typeof results[0] === 'number')).toBe(true);
  });

  it('in a formula value preview answers from what is held and starts no load', () => {
    const store = new SlowStore(snapshotStore());
    const fx = functionsByName(createFunctionRuntime(store, { timers: new ManualTimers() }));
    const results = cell(fx.ratioGold, ['SPX', null], true);
    expect(results).toMatchObject([{ code: '#N/A', message: expect.stringMatching(/not held yet: the cell loads them when the formula is entered/) }]);
    expect(store.loads).toEqual([]);
  });
});
