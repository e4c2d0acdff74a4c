/**
 * Every function is a streaming function: it answers at once from held data, remembers which
 * series it read, and answers again when one of them changes — so a refresh updates exactly the
 * cells that depend on the refreshed series, and no others (docs/refresh.md explains the choice).
 *
 * A sheet can hold tens of thousands of these cells, so the per-call path allocates little: one
 * engine per store (not per evaluation), the series read recorded into a small array, and one
 * object per cell carrying its state (`npm run bench`, figure 1, measures it).
 */
import type { HeldSeries } from '../data/heldSeries';
import type { ObservableStore, SeriesStore } from '../data/store';
import { activeStore } from './activeStore';
import type { Answer, MaybePromise } from './answer';
import { createEngine, type Engine } from './engine';
import { toExcel, type ExcelAnswer } from './excelErrors';

/** The part of CustomFunctions.StreamingInvocation we use. */
export interface StreamingInvocationLike<T> {
  setResult(value: T): void;
  onCanceled?: () => void;
}

/**
 * A store view that records the series a computation reads. One per store, shared by every cell:
 * an evaluation opens a recording, runs (every store read of a computation happens synchronously
 * inside it: see withSeries), and closes it. A read outside any evaluation is not recorded.
 */
class ReadRecorder implements SeriesStore {
  /** The ids read by the evaluation running now, in order of first read; undefined between evaluations. */
  private reads: string[] | undefined;
  constructor(private readonly inner: SeriesStore) {}

  /** Starts recording into `ids`; returns the recording to restore with `end`. */
  begin(ids: string[]): string[] | undefined {
    const outer = this.reads;
    this.reads = ids;
    return outer;
  }

  end(outer: string[] | undefined): void {
    this.reads = outer;
  }

  private note(id: string): void {
    const reads = this.reads;
    if (reads !== undefined && !reads.includes(id)) reads.push(id);
  }

  peek(id: string): HeldSeries | undefined {
    this.note(id);
    return this.inner.peek(id);
  }

  load(id: string): Promise<HeldSeries | undefined> {
    this.note(id);
    return this.inner.load(id);
  }

  heldIds(): readonly string[] {
    return this.inner.heldIds();
  }
}

/** The recording view and the engine over it, made once per store. */
interface StoreContext {
  readonly recorder: ReadRecorder;
  readonly engine: Engine;
}

const contexts = new WeakMap<ObservableStore, StoreContext>();

function contextFor(store: ObservableStore): StoreContext {
  let context = contexts.get(store);
  if (context === undefined) {
    const recorder = new ReadRecorder(store);
    context = { recorder, engine: createEngine(recorder) };
    contexts.set(store, context);
  }
  return context;
}

/** Whether two id lists hold the same ids (each list has no duplicates). */
function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (const id of a) if (!b.includes(id)) return false;
  return true;
}

const NO_IDS: readonly string[] = [];

/**
 * One streaming cell: its invocation, the computation, the series it watches. Several series
 * changing in one refresh cause one recomputation (coalesced in a microtask); a result that
 * arrives after a newer one started is dropped.
 */
class StreamingCell {
  private generation = 0;
  private scheduled = false;
  private cancelled = false;
  private watched: readonly string[] = NO_IDS;
  private unsubscribers: (() => void)[] = [];
  /** The store listener: one function per cell, whatever the number of series it watches. */
  readonly schedule = (): void => {
    if (this.scheduled || this.cancelled) return;
    this.scheduled = true;
    queueMicrotask(() => this.evaluate());
  };

  constructor(
    private readonly invocation: StreamingInvocationLike<any>,
    private readonly compute: (engine: Engine) => MaybePromise<Answer>,
    private readonly store: ObservableStore,
    private readonly context: StoreContext,
  ) {}

  evaluate(): void {
    this.scheduled = false;
    if (this.cancelled) return;
    const current = ++this.generation;
    const { recorder, engine } = this.context;
    const ids: string[] = [];
    const compute = this.compute;
    try {
      let result: ExcelAnswer | Promise<ExcelAnswer>;
      const outer = recorder.begin(ids);
      try {
        result = toExcel(() => compute(engine));
      } finally {
        recorder.end(outer);
      }
      if (result instanceof Promise) {
        const deliver = (value: unknown) => this.deliver(current, value);
        result.then(deliver, deliver);
      } else {
        this.deliver(current, result);
      }
    } catch (error) {
      this.deliver(current, error);
    }
    this.watch(ids);
  }

  private deliver(current: number, value: unknown): void {
    if (!this.cancelled && current === this.generation) this.invocation.setResult(value);
  }

  /** Subscribes to the series just read when they differ from those watched. */
  private watch(ids: readonly string[]): void {
    if (sameIds(ids, this.watched)) return;
    this.watched = ids;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    const unsubscribers: (() => void)[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) unsubscribers[i] = this.store.subscribe(ids[i], this.schedule);
    this.unsubscribers = unsubscribers;
  }

  cancel(): void {
    this.cancelled = true;
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    this.unsubscribers = [];
  }
}

/**
 * Runs `compute` for one cell now and again whenever a series it read changes. Several series
 * changing in one refresh cause one recomputation (coalesced in a microtask); a result that
 * arrives after a newer one started is dropped.
 */
export function streamAnswer(invocation: StreamingInvocationLike<any>, compute: (engine: Engine) => MaybePromise<Answer>, store: ObservableStore = activeStore()): void {
  const cell = new StreamingCell(invocation, compute, store, contextFor(store));
  invocation.onCanceled = () => cell.cancel();
  cell.evaluate();
}
