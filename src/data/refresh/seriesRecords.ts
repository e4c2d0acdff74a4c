import { InFlight } from './inFlight';

/** Why the last refresh of a series failed, and when; cleared by a successful one. */
export interface RefreshFailure {
  readonly reason: string;
  /** Milliseconds since the epoch, by the side's injected clock. */
  readonly atMs: number;
}

/**
 * What one side knows of a series between refreshes: the data it holds (with its retrieval time;
 * `Held` is each side's form of it) and the last failure. Its refresh in flight, if any, is in
 * {@link SeriesRecords.inFlight} under the same id.
 */
export interface SeriesRecord<Held> {
  held?: Held;
  failure?: RefreshFailure;
}

/**
 * The per-series state of the add-in's store and of the gateway: one record per id (a catalogue id,
 * or a vintage key in the add-in) and one de-duplicated refresh in flight per id. Status (fresh,
 * stale, refreshing, error) is derived from these by each side; nothing else holds series state.
 */
export class SeriesRecords<Held, Outcome> {
  private readonly records = new Map<string, SeriesRecord<Held>>();
  /** The refresh in flight per id: every caller for an id shares it. */
  readonly inFlight = new InFlight<Outcome>();

  /** The record of `id`, if there is one. */
  get(id: string): SeriesRecord<Held> | undefined {
    return this.records.get(id);
  }

  /** The record of `id`, made empty if there was none. */
  ensure(id: string): SeriesRecord<Held> {
    let record = this.records.get(id);
    if (!record) {
      record = {};
      this.records.set(id, record);
    }
    return record;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** Ids that hold data, in the order their records were made. */
  heldIds(): string[] {
    const ids: string[] = [];
    for (const [id, record] of this.records) if (record.held !== undefined) ids.push(id);
    return ids;
  }
}
