import { heldKey, type HeldSeries } from './heldSeries';
import { Subscribers } from './refresh/subscribers';

/**
 * What the function edge needs from the data layer. `peek` answers synchronously from memory so
 * formulas over held data never wait; `load` may go further (persisted cache, gateway) and
 * de-duplicates concurrent callers.
 */
export interface SeriesStore {
  /** `id` is a catalogue id (the latest data) or a vintage key, `GDP@first` (vintage.ts). */
  peek(id: string): HeldSeries | undefined;
  load(id: string): Promise<HeldSeries | undefined>;
  /** Ids of every series held now. */
  heldIds(): readonly string[];
}

/** A store that says when a series' observations change, so dependent cells can update. */
export interface ObservableStore extends SeriesStore {
  /** Calls `listener` after the observations of `id` change; returns the unsubscribe. */
  subscribe(id: string, listener: () => void): () => void;
}

/** The store of the spine: what is in memory (snapshot, files) and nothing else. */
export class MemoryStore implements ObservableStore {
  private readonly held = new Map<string, HeldSeries>();
  private readonly subscribers = new Subscribers();

  constructor(initial: Iterable<HeldSeries> = []) {
    for (const item of initial) this.put(item);
  }

  /** Adds or replaces a whole series (files loaded later override the snapshot); a vintage under its own key. */
  put(item: HeldSeries): void {
    const key = heldKey(item);
    this.held.set(key, item);
    this.subscribers.notify(key);
  }

  subscribe(id: string, listener: () => void): () => void {
    return this.subscribers.subscribe(id, listener);
  }

  peek(id: string): HeldSeries | undefined {
    return this.held.get(id);
  }

  load(id: string): Promise<HeldSeries | undefined> {
    return Promise.resolve(this.held.get(id));
  }

  heldIds(): readonly string[] {
    return [...this.held.keys()];
  }
}
