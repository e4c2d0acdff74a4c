import { definedAt } from '../../core/definedAt';
import type { HeldSeries } from '../heldSeries';
import { decodeEntry, encodeEntry, type SeriesPersistence } from '../persistence';

const DATABASE = 'liquidity-lens';
const STORE = 'series';

/**
 * How long `indexedDB.open()` may take before the cache is given up for the session. Opens that
 * never call back have been reported in Office's webviews (office-js #615 on Excel for Mac,
 * #1281 on Windows); an open that hangs would otherwise hang every save, and with it the store's
 * refresh, which would stay "refreshing" for ever. A healthy open takes milliseconds.
 */
export const DEFAULT_OPEN_TIMEOUT_MS = 5_000;

/** Starts a one-shot timer; returns its cancel. */
export type SetTimer = (callback: () => void, ms: number) => () => void;

const realTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  return () => clearTimeout(handle);
};

export interface IndexedDbPersistenceOptions {
  readonly openTimeoutMs?: number;
  readonly setTimer?: SetTimer;
  /** Called once, with the reason, when the session falls back to memory. */
  readonly onUnavailable?: (reason: string) => void;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The add-in's persisted cache in IndexedDB (per origin and machine; never in the workbook).
 * Entries that are corrupt, of another version or too old are deleted as they are found.
 *
 * When the database cannot be opened (an error, or no answer within the open timeout), the
 * session keeps series in memory instead: the store still has the embedded snapshot and whatever
 * it fetches, only nothing survives the session. `unavailable` says why.
 */
export class IndexedDbPersistence implements SeriesPersistence {
  private database?: Promise<IDBDatabase | undefined>;
  private readonly memory = new Map<string, HeldSeries>();
  private readonly openTimeoutMs: number;
  private readonly setTimer: SetTimer;
  /** Why this session keeps its cache in memory only, once it does. */
  unavailable?: string;

  constructor(
    private readonly factory: IDBFactory,
    private readonly now: () => number = Date.now,
    private readonly options: IndexedDbPersistenceOptions = {},
  ) {
    this.openTimeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    this.setTimer = options.setTimer ?? realTimer;
  }

  /** The database, or undefined once the session has fallen back to memory. */
  private open(): Promise<IDBDatabase | undefined> {
    this.database ??= new Promise((resolve) => {
      let settled = false;
      let cancel = () => {};
      const fallBack = (reason: string) => {
        if (settled) return;
        settled = true;
        cancel();
        this.unavailable = `${reason}; this session keeps refreshed data in memory only (with the embedded snapshot)`;
        this.options.onUnavailable?.(this.unavailable);
        resolve(undefined);
      };
      cancel = this.setTimer(() => fallBack(`IndexedDB did not open within ${this.openTimeoutMs / 1000} s`), this.openTimeoutMs);
      let req: IDBOpenDBRequest;
      try {
        req = this.factory.open(DATABASE, 1);
      } catch (error) {
        fallBack(`IndexedDB refused to open (${(error as Error).message})`);
        return;
      }
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => {
        // An open that succeeds after the timeout is closed: the session already chose memory.
        if (settled) return req.result.close();
        settled = true;
        cancel();
        resolve(req.result);
      };
      req.onerror = () => fallBack(`IndexedDB could not be opened (${req.error?.message ?? 'unknown error'})`);
    });
    return this.database;
  }

  async loadAll(): Promise<HeldSeries[]> {
    const db = await this.open();
    if (!db) return [...this.memory.values()];
    const store = db.transaction(STORE, 'readwrite').objectStore(STORE);
    const [keys, texts] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
    const items: HeldSeries[] = [];
    texts.forEach((text: unknown, i) => {
      const decoded = typeof text === 'string' ? decodeEntry(text, this.now()) : { reason: 'not text' };
      if ('item' in decoded) items.push(decoded.item);
      else store.delete(definedAt(keys, i, 'the stored keys'));
    });
    return items;
  }

  async save(item: HeldSeries): Promise<void> {
    const db = await this.open();
    if (!db) {
      this.memory.set(item.series.id, item);
      return;
    }
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(encodeEntry(item, this.now()), item.series.id);
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
}
