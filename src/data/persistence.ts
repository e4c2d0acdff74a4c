import * as z from 'zod/mini';
import { cacheEnvelope, envelopeFields, envelopeProblem, type CacheEnvelope } from './cacheEnvelope';
import type { HeldSeries } from './heldSeries';
import { decodeSnapshot, encodeSnapshot, snapshotFileSchema } from './snapshot/snapshotFile';

/**
 * Where the add-in keeps fetched series between sessions (IndexedDB in the browser, a file in
 * Node, memory in tests). Entries are stored in the snapshot's compact form inside the cache
 * envelope (cacheEnvelope.ts): a change of layout, or of a catalogue id, unit or frequency,
 * discards old caches instead of misreading them.
 */
export interface SeriesPersistence {
  /** Everything stored; a corrupt or foreign-version store yields [] and is cleared. */
  loadAll(): Promise<HeldSeries[]>;
  save(item: HeldSeries): Promise<void>;
}

/** Bump when the entry's layout changes; the catalogue's fingerprint is part of the buster too. */
export const PERSISTENCE_FORMAT = 1;
/** Entries not refreshed for this long are dropped rather than trusted. */
export const PERSISTENCE_MAX_AGE_MS = 400 * 86_400_000;
export const PERSISTENCE_ENVELOPE: CacheEnvelope = cacheEnvelope(PERSISTENCE_FORMAT, PERSISTENCE_MAX_AGE_MS);

const entrySchema = z.object({ ...envelopeFields, snapshot: snapshotFileSchema });

/** One stored entry as text: the series in snapshot form, with the buster and save time. */
export function encodeEntry(item: HeldSeries, nowMs: number, envelope: CacheEnvelope = PERSISTENCE_ENVELOPE): string {
  const decimals = decimalsForValues(item.series.values);
  return JSON.stringify({ buster: envelope.buster, savedAt: nowMs, snapshot: encodeSnapshot([{ held: item, decimals }], new Date(nowMs).toISOString()) });
}

/** The entry back, or the reason it cannot be used: corrupt, foreign-version or expired text. */
export function decodeEntry(text: string, nowMs: number, envelope: CacheEnvelope = PERSISTENCE_ENVELOPE): { item: HeldSeries } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: 'not JSON' };
  }
  const parsed = entrySchema.safeParse(json);
  if (!parsed.success) return { reason: 'not a series entry' };
  const problem = envelopeProblem(envelope, parsed.data, nowMs);
  if (problem) return { reason: problem };
  const decoded = decodeSnapshot(parsed.data.snapshot);
  if ('error' in decoded) return { reason: decoded.error };
  const [held, ...more] = decoded.series;
  if (!held || more.length > 0) return { reason: decoded.rejected.map((r) => r.reason).join('; ') || 'empty entry' };
  // The snapshot decoder marks everything as the snapshot's; a persisted entry came from a refresh.
  return { item: { ...held, origin: 'cache' } };
}

/**
 * Fetched values have no published text, so the precision is found from the doubles: the fewest
 * decimals (up to 6) that reproduce every value exactly, or plain numbers.
 */
export function decimalsForValues(values: Float64Array): number | undefined {
  for (let decimals = 0; decimals <= 6; decimals++) {
    const scale = 10 ** decimals;
    let exact = true;
    for (const value of values) {
      const scaled = Math.round(value * scale);
      exact = Number.isSafeInteger(scaled) && scaled / scale === value;
      if (!exact) break;
    }
    if (exact) return decimals;
  }
  return undefined;
}

/** Persistence in memory: for tests and for hosts with nowhere to write. Keeps the encoded text. */
export class MemoryPersistence implements SeriesPersistence {
  readonly entries = new Map<string, string>();
  constructor(private readonly now: () => number = Date.now) {}

  async loadAll(): Promise<HeldSeries[]> {
    const items: HeldSeries[] = [];
    for (const [id, text] of this.entries) {
      const decoded = decodeEntry(text, this.now());
      if ('item' in decoded) items.push(decoded.item);
      else this.entries.delete(id);
    }
    return items;
  }

  async save(item: HeldSeries): Promise<void> {
    this.entries.set(item.series.id, encodeEntry(item, this.now()));
  }
}
