/**
 * Requests in flight by key: a second caller for the same key gets the first one's promise, so
 * however many cells, pane actions or HTTP requests ask for a series at once, it is fetched once.
 * The key is forgotten as soon as its promise settles; the next caller starts afresh.
 */
export class InFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /**
   * The promise in flight for `key`, or the one `start` returns, shared until it settles.
   * `onSettled` runs once it has, after the key is forgotten and before any caller continues (so
   * a status read there no longer says "in flight").
   */
  share(key: string, start: () => Promise<T>, onSettled?: () => void): Promise<T> {
    const running = this.running.get(key);
    if (running) return running;
    const task = start().finally(() => {
      if (this.running.get(key) === task) this.running.delete(key);
      onSettled?.();
    });
    this.running.set(key, task);
    return task;
  }

  get(key: string): Promise<T> | undefined {
    return this.running.get(key);
  }

  has(key: string): boolean {
    return this.running.has(key);
  }

  keys(): IterableIterator<string> {
    return this.running.keys();
  }
}
