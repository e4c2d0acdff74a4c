import type { HeldSeries } from '../heldSeries';
import { decodeEntry, encodeEntry, type SeriesPersistence } from '../persistence';

const DATABASE = 'liquidity-lens';
const STORE = 'series';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The add-in's persisted cache in IndexedDB (per origin and machine; never in the workbook).
 * Entries that are corrupt, of another version or too old are deleted as they are found.
 */
export class IndexedDbPersistence implements SeriesPersistence {
  private database?: Promise<IDBDatabase>;

  constructor(
    private readonly factory: IDBFactory,
    private readonly now: () => number = Date.now,
  ) {}

  private open(): Promise<IDBDatabase> {
    this.database ??= new Promise((resolve, reject) => {
      const req = this.factory.open(DATABASE, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.database;
  }

  async loadAll(): Promise<HeldSeries[]> {
    const db = await this.open();
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    const [keys, texts] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const items: HeldSeries[] = [];
    texts.forEach((text: unknown, i) => {
      const decoded = typeof text === 'string' ? decodeEntry(text, this.now()) : { reason: 'not text' };
      if ('item' in decoded) items.push(decoded.item);
      else store.delete(keys[i]);
    });
    return items;
  }

  async save(item: HeldSeries): Promise<void> {
    const db = await this.open();
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(encodeEntry(item, this.now()), item.series.id);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}
