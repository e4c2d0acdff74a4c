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

/** A cell that may be waiting for its loading notice. */
interface Waiting {
  showNotice(): void;
}

/** Cells that started waiting in one synchronous run, and the one timer that shows their notices. */
interface NoticeBatch {
  readonly cells: Set<Waiting>;
  handle: unknown;
}

/**
 * The loading notices of waiting cells, one timer per batch of cells that started waiting in the
 * same synchronous run (a workbook opening on a cold store starts thousands at once: a browser
 * timer each cost tens of milliseconds, `npm run bench` figure 9). A cell's notice comes at most
 * `ms` after it started waiting — sooner for a cell that joined late in a long run, never later.
 * A batch whose cells all got their data clears its timer.
 */
class LoadingNotices {
  private open: NoticeBatch | undefined;

  constructor(
    private readonly timers: Timers,
    private readonly ms: number,
  ) {}

  add(cell: Waiting): NoticeBatch {
    let batch = this.open;
    if (batch === undefined) {
      const opened: NoticeBatch = { cells: new Set(), handle: undefined };
      opened.handle = this.timers.setTimeout(() => {
        if (this.open === opened) this.open = undefined;
        const cells = [...opened.cells];
        opened.cells.clear();
        for (const waiting of cells) waiting.showNotice();
      }, this.ms);
      this.open = batch = opened;
      // The batch takes the cells of this synchronous run only (a promise job, as in dependencies.ts).
      void Promise.resolve().then(() => {
        if (this.open === opened) this.open = undefined;
      });
    }
    batch.cells.add(cell);
    return batch;
  }

  remove(cell: Waiting, batch: NoticeBatch): void {
    if (!batch.cells.delete(cell) || batch.cells.size > 0) return;
    this.timers.clearTimeout(batch.handle);
    if (this.open === batch) this.open = undefined;
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
  readonly notices: LoadingNotices;
}

export function createStreamingContext(store: ObservableStore, timers: Timers = SYSTEM_TIMERS, loadingNoticeMs = LOADING_NOTICE_MS): StreamingContext {
  return {
    recorder: new ReadRecorder(store),
    dependencies: new DependencyRegistry(store),
    reads: new ReadSet(),
    timers,
    loadingNoticeMs,
    notices: new LoadingNotices(timers, loadingNoticeMs),
  };
}

function loadingNotice(ids: readonly string[]): unknown {
  return toExcelError(notAvailable(`loading ${ids.join(', ')} from the Liquidity Lens gateway; this cell updates when the data arrives`));
}

/**
 * One streaming cell: its invocation, its declaration and raw arguments, the series it depends on.
 * Several series changing in one refresh cause one recomputation (coalesced in a promise job); a
 * result that arrives after a newer one started is dropped.
 */
class StreamingCell implements Dependent, Waiting {
  private generation = 0;
  private scheduled = false;
  private cancelled = false;
  /** The batch whose timer shows this cell's loading notice, while it waits; for which evaluation and ids. */
  private notice: NoticeBatch | undefined = undefined;
  private noticeGeneration = 0;
  private noticeIds: readonly string[] = [];
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
    // A new evaluation answers for itself: an earlier one's loading notice no longer applies.
    this.clearNotice();
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
    this.clearNotice();
    this.noticeGeneration = current;
    this.noticeIds = result.loading;
    this.notice = this.context.notices.add(this);
    result.pending.then(
      (answer) => this.settle(current, toExcelAnswer(answer)),
      (error: unknown) => this.settle(current, internalError(error)),
    );
  }

  private settle(current: number, value: unknown): void {
    if (current === this.generation) this.clearNotice();
    this.deliver(current, value);
  }

  showNotice(): void {
    this.notice = undefined;
    this.deliver(this.noticeGeneration, loadingNotice(this.noticeIds));
  }

  private clearNotice(): void {
    if (this.notice === undefined) return;
    this.context.notices.remove(this, this.notice);
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
