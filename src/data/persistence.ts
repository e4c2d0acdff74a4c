import * as z from 'zod/mini';
import { CATALOG_VERSION } from '../catalog/catalog';
import type { HeldSeries } from './heldSeries';
import { decodeSnapshot, encodeSnapshot, snapshotFileSchema } from './snapshot/snapshotFile';

/**
 * Where the add-in keeps fetched series between sessions (IndexedDB in the browser, a file in
 * Node, memory in tests). Entries are stored in the snapshot's compact form inside an envelope with
 * a version ("buster"): a change of schema, catalogue or units discards old caches instead of
 * misreading them.
 */
export interface SeriesPersistence {
  /** Everything stored; a corrupt or foreign-version store yields [] and is cleared. */
  loadAll(): Promise<HeldSeries[]>;
  save(item: HeldSeries): Promise<void>;
}

/** Bump when the envelope changes; the catalogue version is part of the buster too. */
export const PERSISTENCE_FORMAT = 1;
export const PERSISTENCE_BUSTER = `${PERSISTENCE_FORMAT}:${CATALOG_VERSION}`;
/** Entries not refreshed for this long are dropped rather than trusted. */
export const PERSISTENCE_MAX_AGE_MS = 400 * 86_400_000;

const envelopeSchema = z.object({
  buster: z.string(),
  savedAt: z.number(),
  snapshot: snapshotFileSchema,
});

/** One stored entry as text: the series in snapshot form, with the buster and save time. */
export function encodeEntry(item: HeldSeries, nowMs: number): string {
  const decimals = decimalsForValues(item.series.values);
  return JSON.stringify({ buster: PERSISTENCE_BUSTER, savedAt: nowMs, snapshot: encodeSnapshot([{ held: item, decimals }], new Date(nowMs).toISOString()) });
}

/** The entry back, or undefined (with the reason) for corrupt, foreign-version or expired text. */
export function decodeEntry(text: string, nowMs: number): { item: HeldSeries } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: 'not JSON' };
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) return { reason: 'not a series entry' };
  if (parsed.data.buster !== PERSISTENCE_BUSTER) return { reason: `version ${parsed.data.buster}, expected ${PERSISTENCE_BUSTER}` };
  if (nowMs - parsed.data.savedAt > PERSISTENCE_MAX_AGE_MS) return { reason: 'older than the maximum age' };
  const decoded = decodeSnapshot(parsed.data.snapshot);
  if ('error' in decoded) return { reason: decoded.error };
  if (decoded.series.length !== 1) return { reason: decoded.rejected.map((r) => r.reason).join('; ') || 'empty entry' };
  const [held] = decoded.series;
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
    for (let i = 0; i < values.length && exact; i++) {
      const scaled = Math.round(values[i] * scale);
      exact = Number.isSafeInteger(scaled) && scaled / scale === values[i];
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
