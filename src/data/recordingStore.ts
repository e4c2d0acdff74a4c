import type { HeldSeries } from './heldSeries';
import type { ObservableStore } from './store';

/**
 * A view of a store that notes every series id read through it: how `calc --live` learns what to
 * refresh and the sample workbook what to embed. (Streaming cells use a shared, cheaper recorder
 * of their own: src/functions/streaming.ts.)
 */
export class RecordingStore implements ObservableStore {
  readonly ids = new Set<string>();
  constructor(private readonly inner: ObservableStore) {}

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

  subscribe(id: string, listener: () => void): () => void {
    return this.inner.subscribe(id, listener);
  }
}
