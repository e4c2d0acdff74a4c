import type { ObservableStore } from '../data/store';

/** A streaming cell as the registry sees it: told when a series it reads changes. */
export interface Dependent {
  schedule(): void;
  /** The registry's bookkeeping: the cell's group and its place in it. */
  group: DependencyGroup | undefined;
  slot: number;
}

/** Cells that read the same series: a sheet of RATIO.GOLD("SPX", …) cells is one group. */
export interface DependencyGroup {
  readonly key: string;
  readonly ids: readonly string[];
  readonly cells: Dependent[];
}

/**
 * The series ids an evaluation read, each once, in order of first read. One is reused from
 * evaluation to evaluation (its array never shrinks), so recording the reads allocates nothing.
 */
export class ReadSet {
  private readonly items: string[] = [];
  size = 0;

  clear(): void {
    this.size = 0;
  }

  add(id: string): void {
    if (!this.has(id)) this.items[this.size++] = id;
  }

  has(id: string): boolean {
    for (let i = 0; i < this.size; i++) if (this.items[i] === id) return true;
    return false;
  }

  toArray(): string[] {
    return this.items.slice(0, this.size);
  }
}

/** Whether `ids` (no duplicates) are exactly the ids read. */
function sameIds(ids: readonly string[], reads: ReadSet): boolean {
  if (ids.length !== reads.size) return false;
  for (const id of ids) if (!reads.has(id)) return false;
  return true;
}

interface Watched {
  readonly groups: DependencyGroup[];
  readonly unsubscribe: () => void;
}

/**
 * Which streaming cells read which series of one store. A sheet holds tens of thousands of cells
 * but few distinct sets of series, so cells are kept in groups by the ids they read: joining or
 * leaving is one array write (swap-remove), and the store holds one subscription per series
 * rather than one per cell and series (`npm run bench`, figure 1, measures the difference).
 *
 * Empty groups are dropped in a microtask, not at once: Excel cancels a cell and starts its
 * replacement in the same batch, and that must not unsubscribe and resubscribe the series.
 */
export class DependencyRegistry {
  private readonly groups = new Map<string, DependencyGroup>();
  private readonly watched = new Map<string, Watched>();
  /** The group the previous cell joined: the next cell usually joins it too. */
  private recent: DependencyGroup | undefined;
  private sweepScheduled = false;

  constructor(private readonly store: ObservableStore) {}

  /** Makes `cell` depend on exactly the series it read. */
  watch(cell: Dependent, reads: ReadSet): void {
    const current = cell.group;
    if (current !== undefined && sameIds(current.ids, reads)) return;
    if (current !== undefined) this.leave(cell);
    if (reads.size === 0) return;
    const group = this.groupFor(reads);
    cell.group = group;
    cell.slot = group.cells.length;
    group.cells.push(cell);
  }

  /** Stops `cell` depending on anything. */
  leave(cell: Dependent): void {
    const group = cell.group;
    if (group === undefined) return;
    const cells = group.cells;
    const moved = cells.pop() as Dependent;
    if (moved !== cell) {
      cells[cell.slot] = moved;
      moved.slot = cell.slot;
    }
    cell.group = undefined;
    if (cells.length === 0) this.scheduleSweep();
  }

  private groupFor(reads: ReadSet): DependencyGroup {
    const recent = this.recent;
    if (recent !== undefined && sameIds(recent.ids, reads)) return recent;
    const ids = reads.toArray();
    const key = ids.join('\n');
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { key, ids, cells: [] };
      this.groups.set(key, group);
      for (const id of group.ids) this.watchedFor(id).groups.push(group);
    }
    this.recent = group;
    return group;
  }

  private watchedFor(id: string): Watched {
    let watched = this.watched.get(id);
    if (watched === undefined) {
      watched = { groups: [], unsubscribe: this.store.subscribe(id, () => this.notify(id)) };
      this.watched.set(id, watched);
    }
    return watched;
  }

  private notify(id: string): void {
    const watched = this.watched.get(id);
    if (watched === undefined) return;
    // Scheduling only queues a recomputation, so the lists do not change while we walk them.
    for (const group of watched.groups) for (const cell of group.cells) cell.schedule();
  }

  private scheduleSweep(): void {
    if (this.sweepScheduled) return;
    this.sweepScheduled = true;
    // A promise job rather than queueMicrotask, which is not part of JavaScript itself and which
    // some hosts of the functions bundle (a bare vm context) do not provide.
    void Promise.resolve().then(() => {
      this.sweepScheduled = false;
      for (const group of this.groups.values()) if (group.cells.length === 0) this.drop(group);
    });
  }

  private drop(group: DependencyGroup): void {
    this.groups.delete(group.key);
    if (this.recent === group) this.recent = undefined;
    for (const id of group.ids) {
      const watched = this.watched.get(id) as Watched;
      watched.groups.splice(watched.groups.indexOf(group), 1);
      if (watched.groups.length === 0) {
        this.watched.delete(id);
        watched.unsubscribe();
      }
    }
  }
}
