/**
 * Who listens to which series: the cells that read it (streaming functions subscribe while they
 * live). A store calls `notify` after a series' observations change, and only then, so exactly
 * the dependent cells recompute.
 */
export class Subscribers {
  private readonly byId = new Map<string, Set<() => void>>();

  /** @param onUsedChange - called with the id when its first listener arrives and when its last one leaves */
  constructor(private readonly onUsedChange: (id: string) => void = () => undefined) {}

  /** Calls `listener` after each change of `id`; returns the unsubscribe. */
  subscribe(id: string, listener: () => void): () => void {
    let set = this.byId.get(id);
    if (!set) {
      this.byId.set(id, (set = new Set()));
      this.onUsedChange(id);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.byId.get(id) === set) {
        this.byId.delete(id);
        this.onUsedChange(id);
      }
    };
  }

  /** Tells the listeners of `id`; one that unsubscribes meanwhile is still told this once. */
  notify(id: string): void {
    for (const listener of [...(this.byId.get(id) ?? [])]) listener();
  }

  /** Ids with at least one listener. */
  ids(): string[] {
    return [...this.byId.keys()];
  }
}
