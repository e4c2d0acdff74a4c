/**
 * Every function is a streaming function: it answers at once from held data, remembers which
 * series it read, and answers again when one of them changes — so a refresh updates exactly the
 * cells that depend on the refreshed series, and no others (docs/refresh.md explains the choice).
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

/** A store view that records the series a computation reads. */
class ReadRecorder implements SeriesStore {
  readonly ids = new Set<string>();
  constructor(private readonly inner: SeriesStore) {}
  peek(id: string): HeldSeries | undefined {
    this.ids.add(id);
    return this.inner.peek(id);
  }
  load(id: string): Promise<HeldSeries | undefined> {
    this.ids.add(id);
    return this.inner.load(id);
  }
  heldIds(): readonly string[] {
    return this.inner.heldIds();
  }
}

/**
 * Runs `compute` for one cell now and again whenever a series it read changes. Several series
 * changing in one refresh cause one recomputation (coalesced in a microtask); a result that
 * arrives after a newer one started is dropped.
 */
export function streamAnswer(invocation: StreamingInvocationLike<any>, compute: (engine: Engine) => MaybePromise<Answer>, store: ObservableStore = activeStore()): void {
  let generation = 0;
  let scheduled = false;
  let cancelled = false;
  let watchedKey = '';
  let unsubscribers: (() => void)[] = [];

  const deliverFor = (current: number) => (value: ExcelAnswer | unknown) => {
    if (!cancelled && current === generation) invocation.setResult(value);
  };

  const watch = (ids: ReadonlySet<string>) => {
    const key = [...ids].sort().join('\u0000');
    if (key === watchedKey) return;
    watchedKey = key;
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers = [...ids].map((id) => store.subscribe(id, schedule));
  };

  const evaluate = () => {
    scheduled = false;
    if (cancelled) return;
    const deliver = deliverFor(++generation);
    const recorder = new ReadRecorder(store);
    try {
      const result = toExcel(() => compute(createEngine(recorder)));
      if (result instanceof Promise) result.then(deliver, deliver);
      else deliver(result);
    } catch (error) {
      deliver(error);
    }
    watch(recorder.ids);
  };

  function schedule() {
    if (scheduled || cancelled) return;
    scheduled = true;
    queueMicrotask(evaluate);
  }

  invocation.onCanceled = () => {
    cancelled = true;
    for (const unsubscribe of unsubscribers) unsubscribe();
    unsubscribers = [];
  };
  evaluate();
}
