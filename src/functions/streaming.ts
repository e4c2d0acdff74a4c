/**
 * Every function is a streaming function: it answers at once from held data, remembers which
 * series it read, and answers again when one of them changes — so a refresh updates exactly the
 * cells that depend on the refreshed series, and no others (docs/refresh.md explains the choice).
 *
 * A sheet can hold tens of thousands of these cells, so the per-call path allocates little: one
 * engine per store (not per evaluation), the series read recorded into a reused set, one object
 * per cell carrying its state, and one slot in a group of cells that read the same series
 * (dependencies.ts). `npm run bench`, figure 1, measures it.
 */
import type { HeldSeries } from '../data/heldSeries';
import type { ObservableStore, SeriesStore } from '../data/store';
import { activeStore } from './activeStore';
import type { Answer, MaybePromise } from './answer';
import { DependencyRegistry, ReadSet, type DependencyGroup, type Dependent } from './dependencies';
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
  /** The reads of the evaluation running now; undefined between evaluations. */
  private reads: ReadSet | undefined;
  constructor(private readonly inner: SeriesStore) {}

  recording(): boolean {
    return this.reads !== undefined;
  }

  /** Starts recording into `reads`; returns the recording to restore with `end`. */
  begin(reads: ReadSet): ReadSet | undefined {
    const outer = this.reads;
    this.reads = reads;
    return outer;
  }

  end(outer: ReadSet | undefined): void {
    this.reads = outer;
  }

  private note(id: string): void {
    this.reads?.add(id);
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

/** The recording view, the engine over it and the cells' dependencies, made once per store. */
interface StoreContext {
  readonly recorder: ReadRecorder;
  readonly engine: Engine;
  readonly dependencies: DependencyRegistry;
  /** The reads of an evaluation, reused: the registry copies them only for a new group. */
  readonly reads: ReadSet;
}

const contexts = new WeakMap<ObservableStore, StoreContext>();

function contextFor(store: ObservableStore): StoreContext {
  let context = contexts.get(store);
  if (context === undefined) {
    const recorder = new ReadRecorder(store);
    context = { recorder, engine: createEngine(recorder), dependencies: new DependencyRegistry(store), reads: new ReadSet() };
    contexts.set(store, context);
  }
  return context;
}

/**
 * One streaming cell: its invocation, the computation, the series it depends on. Several series
 * changing in one refresh cause one recomputation (coalesced in a microtask); a result that
 * arrives after a newer one started is dropped.
 */
class StreamingCell<K extends EngineMethod = EngineMethod> implements Dependent {
  private generation = 0;
  private scheduled = false;
  private cancelled = false;
  group: DependencyGroup | undefined = undefined;
  slot = 0;

  constructor(
    private readonly invocation: StreamingInvocationLike<any>,
    private readonly method: K,
    private readonly args: Parameters<Engine[K]>,
    private readonly context: StoreContext,
  ) {}

  schedule(): void {
    if (this.scheduled || this.cancelled) return;
    this.scheduled = true;
    void Promise.resolve().then(() => this.evaluate());
  }

  compute(): MaybePromise<Answer> {
    const engine = this.context.engine;
    return (engine[this.method] as (...args: unknown[]) => MaybePromise<Answer>).apply(engine, this.args);
  }

  evaluate(): void {
    this.scheduled = false;
    if (this.cancelled) return;
    const current = ++this.generation;
    const { recorder, dependencies } = this.context;
    // Evaluations do not nest (a computation never runs another cell synchronously); if one ever
    // did, it gets a read set of its own.
    const reads = recorder.recording() ? new ReadSet() : this.context.reads;
    reads.clear();
    try {
      let result: ExcelAnswer | Promise<ExcelAnswer>;
      const outer = recorder.begin(reads);
      try {
        result = toExcel(computeCell, this);
      } finally {
        recorder.end(outer);
      }
      if (result instanceof Promise) this.deliverLater(current, result);
      else this.deliver(current, result);
    } catch (error) {
      this.deliver(current, error);
    }
    dependencies.watch(this, reads);
  }

  /** A method of its own: a closure over `current` in evaluate would allocate on every evaluation. */
  private deliverLater(current: number, result: Promise<ExcelAnswer>): void {
    const deliver = (value: unknown) => this.deliver(current, value);
    result.then(deliver, deliver);
  }

  private deliver(current: number, value: unknown): void {
    if (!this.cancelled && current === this.generation) this.invocation.setResult(value);
  }

  cancel(): void {
    this.cancelled = true;
    this.context.dependencies.leave(this);
  }
}

function computeCell(cell: StreamingCell): MaybePromise<Answer> {
  return cell.compute();
}

type EngineMethod = keyof Engine;

/**
 * Runs `engine[method](...args)` for one cell now and again whenever a series it read changes.
 * The cell keeps the method's name and arguments rather than a closure: a sheet holds tens of
 * thousands of live cells, and each byte they keep is copied by every garbage collection.
 */
export function streamAnswer<K extends EngineMethod>(invocation: StreamingInvocationLike<any>, method: K, ...args: Parameters<Engine[K]>): void {
  const cell = new StreamingCell(invocation, method, args, contextFor(activeStore()));
  invocation.onCanceled = cell.cancel.bind(cell);
  cell.evaluate();
}
