/**
 * Every function is a streaming function: it answers at once from held data, remembers which
 * series it read, and answers again when one of them changes — so a refresh updates exactly the
 * cells that depend on the refreshed series, and no others (docs/refresh.md explains the choice).
 * A cell whose series is not held yet never sits on #BUSY! for longer than LOADING_NOTICE_MS: it
 * answers an #N/A saying what it is loading, then the value when the data arrives.
 *
 * A sheet can hold tens of thousands of these cells, so the per-call path allocates little: the
 * series read recorded into a reused set, one object per cell carrying its state, and one slot in
 * a group of cells that read the same series (dependencies.ts). `npm run bench`, figure 1.
 */
import type { HeldSeries } from '../data/heldSeries';
import type { ObservableStore, SeriesStore } from '../data/store';
import { notAvailable } from '../core/errors';
import type { FunctionDeclaration } from './declaration';
import { DependencyRegistry, ReadSet, type DependencyGroup, type Dependent } from './dependencies';
import { internalError, toExcelAnswer, toExcelError } from './excelErrors';
import { isPending, runFunction, type PendingAnswer } from './runFunction';

/** The part of CustomFunctions.StreamingInvocation we use. */
export interface StreamingInvocationLike<T> {
  setResult(value: T): void;
  onCanceled?: () => void;
  /** Excel's formula value preview: answer from what is held, fetch nothing. */
  readonly isInValuePreview?: boolean;
}

/** The timers a cell uses to say it is loading; injected so tests control time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SYSTEM_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The longest a cell shows #BUSY! while its series load; after it, "#N/A loading …" until they arrive. */
export const LOADING_NOTICE_MS = 1000;

/**
 * A store view that records the series a computation reads. One per runtime, shared by every
 * cell: an evaluation opens a recording, runs (every store read of runFunction happens
 * synchronously inside it), and closes it.
 */
class ReadRecorder implements SeriesStore {
  private reads: ReadSet | undefined;
  constructor(private readonly inner: SeriesStore) {}

  recording(): boolean {
    return this.reads !== undefined;
  }

  begin(reads: ReadSet): ReadSet | undefined {
    const outer = this.reads;
    this.reads = reads;
    return outer;
  }

  end(outer: ReadSet | undefined): void {
    this.reads = outer;
  }

  peek(id: string): HeldSeries | undefined {
    this.reads?.add(id);
    return this.inner.peek(id);
  }

  load(id: string): Promise<HeldSeries | undefined> {
    this.reads?.add(id);
    return this.inner.load(id);
  }

  heldIds(): readonly string[] {
    return this.inner.heldIds();
  }
}

/** What every cell of one runtime shares: the recording view, the dependencies, the timers. */
export interface StreamingContext {
  readonly recorder: ReadRecorder;
  readonly dependencies: DependencyRegistry;
  /** The reads of an evaluation, reused: the registry copies them only for a new group. */
  readonly reads: ReadSet;
  readonly timers: Timers;
  readonly loadingNoticeMs: number;
}

export function createStreamingContext(store: ObservableStore, timers: Timers = SYSTEM_TIMERS, loadingNoticeMs = LOADING_NOTICE_MS): StreamingContext {
  return { recorder: new ReadRecorder(store), dependencies: new DependencyRegistry(store), reads: new ReadSet(), timers, loadingNoticeMs };
}

function loadingNotice(ids: readonly string[]): unknown {
  return toExcelError(notAvailable(`loading ${ids.join(', ')} from the Liquidity Lens gateway; this cell updates when the data arrives`));
}

/**
 * One streaming cell: its invocation, its declaration and raw arguments, the series it depends on.
 * Several series changing in one refresh cause one recomputation (coalesced in a promise job); a
 * result that arrives after a newer one started is dropped.
 */
class StreamingCell implements Dependent {
  private generation = 0;
  private scheduled = false;
  private cancelled = false;
  private notice: unknown = undefined;
  group: DependencyGroup | undefined = undefined;
  slot = 0;

  constructor(
    private readonly invocation: StreamingInvocationLike<unknown>,
    private readonly declaration: FunctionDeclaration,
    private readonly args: readonly unknown[],
    private readonly context: StreamingContext,
  ) {}

  schedule(): void {
    if (this.scheduled || this.cancelled) return;
    this.scheduled = true;
    void Promise.resolve().then(() => this.evaluate());
  }

  evaluate(): void {
    this.scheduled = false;
    if (this.cancelled) return;
    const current = ++this.generation;
    const { recorder, dependencies } = this.context;
    // Evaluations do not nest; if one ever did, it gets a read set of its own.
    const reads = recorder.recording() ? new ReadSet() : this.context.reads;
    reads.clear();
    const outer = recorder.begin(reads);
    try {
      const result = runFunction(this.declaration, this.args, recorder, { mayLoad: this.invocation.isInValuePreview !== true });
      if (isPending(result)) this.deliverLater(current, result);
      else this.deliver(current, toExcelAnswer(result));
    } catch (error) {
      this.deliver(current, internalError(error));
    } finally {
      recorder.end(outer);
    }
    dependencies.watch(this, reads);
  }

  /** A method of its own: a closure over `current` in evaluate would allocate on every evaluation. */
  private deliverLater(current: number, result: PendingAnswer): void {
    const { timers, loadingNoticeMs } = this.context;
    this.clearNotice();
    this.notice = timers.setTimeout(() => {
      this.notice = undefined;
      this.deliver(current, loadingNotice(result.loading));
    }, loadingNoticeMs);
    result.pending.then(
      (answer) => this.settle(current, toExcelAnswer(answer)),
      (error: unknown) => this.settle(current, internalError(error)),
    );
  }

  private settle(current: number, value: unknown): void {
    if (current === this.generation) this.clearNotice();
    this.deliver(current, value);
  }

  private clearNotice(): void {
    if (this.notice === undefined) return;
    this.context.timers.clearTimeout(this.notice);
    this.notice = undefined;
  }

  private deliver(current: number, value: unknown): void {
    if (!this.cancelled && current === this.generation) this.invocation.setResult(value);
  }

  cancel(): void {
    this.cancelled = true;
    this.clearNotice();
    this.context.dependencies.leave(this);
  }
}

/** Runs `declaration` for one cell now, and again whenever a series it read changes. */
export function streamCell(context: StreamingContext, declaration: FunctionDeclaration, args: readonly unknown[], invocation: StreamingInvocationLike<unknown>): void {
  const cell = new StreamingCell(invocation, declaration, args, context);
  invocation.onCanceled = cell.cancel.bind(cell);
  cell.evaluate();
}
