import * as z from 'zod/mini';
import { CATALOG_VERSION } from '../../catalog/catalog';
import { findSeries } from '../../catalog/lookup';
import { createSeries } from '../../core/series/series';
import { UNIT_LABELS, type Unit } from '../../core/units';
import type { HeldSeries } from '../heldSeries';
import { parseVintage, vintageKey, type Vintage } from '../vintage';
import { decodeDeltas, decodePlainValues, decodeValues, encodeDeltas, encodePlainValues, encodeValues } from './codec';

export const SNAPSHOT_FORMAT = 1;

const unitNames = Object.keys(UNIT_LABELS) as [Unit, ...Unit[]];

const encodedSeriesSchema = z.object({
  id: z.string(),
  units: z.enum(unitNames),
  source: z.string(),
  retrievedAt: z.string(),
  count: z.number().check(z.int(), z.minimum(0)),
  /** Values are scaled-integer deltas at this many decimals; absent: plain numbers. */
  decimals: z.optional(z.number().check(z.int(), z.minimum(0))),
  days: z.string(),
  values: z.string(),
  /**
   * Set when the observations are a vintage (DESIGN §4a): "first" or the real-time date they were
   * known on. A shared workbook records so which vintage each series was pinned to; absent = latest.
   */
  vintage: z.optional(z.string()),
});

export const snapshotFileSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  catalogVersion: z.number(),
  builtAt: z.string(),
  series: z.array(encodedSeriesSchema),
});

export type EncodedSeries = z.infer<typeof encodedSeriesSchema>;
export type SnapshotFile = z.infer<typeof snapshotFileSchema>;

export interface SnapshotInput {
  readonly held: HeldSeries;
  /** Decimal places that write every value exactly (from the published text), if any do. */
  readonly decimals: number | undefined;
}

export function encodeSnapshot(inputs: readonly SnapshotInput[], builtAt: string): SnapshotFile {
  return {
    format: SNAPSHOT_FORMAT,
    catalogVersion: CATALOG_VERSION,
    builtAt,
    series: inputs.map(({ held, decimals }) => ({
      id: held.series.id,
      units: held.series.units,
      source: held.source,
      retrievedAt: held.retrievedAt,
      count: held.series.days.length,
      ...(decimals === undefined ? {} : { decimals }),
      days: encodeDeltas(held.series.days),
      values: decimals === undefined ? encodePlainValues(held.series.values) : encodeValues(held.series.values, decimals),
      ...(held.vintage === undefined ? {} : { vintage: held.vintage }),
    })),
  };
}

export interface DecodedSnapshot {
  readonly series: HeldSeries[];
  /** Entries left out, each with its reason: a snapshot never half-loads a series. */
  readonly rejected: { id: string; reason: string }[];
}

/**
 * A snapshot entry that agrees with the catalogue, its observations still in compact text until
 * first read: decoding the whole embedded snapshot was most of the add-in's own cold start
 * (`npm run bench`, figure 5), and a cell needs only the series it reads.
 */
export class DeferredSeries {
  readonly id: string;
  /** The store key: the id, or `id@vintage`. */
  readonly key: string;
  readonly retrievedAt: string;
  readonly source: string;
  private decoded: HeldSeries | undefined;
  private decodedDays: Float64Array | undefined;

  constructor(
    private readonly entry: EncodedSeries,
    readonly vintage: Vintage | undefined,
  ) {
    this.id = entry.id;
    this.key = vintageKey(entry.id, vintage);
    this.retrievedAt = entry.retrievedAt;
    this.source = entry.source;
  }

  /**
   * The last observation's epoch day (NaN when empty), from the dates alone: what a status line or
   * a comparison with the persisted cache needs, without decoding the values.
   */
  lastDay(): number {
    const days = this.days();
    return days.length === 0 ? NaN : (days[days.length - 1] as number);
  }

  /** The held series, decoded once; throws a RangeError for corrupt text (which a test of the shipped file rules out). */
  decode(): HeldSeries {
    if (this.decoded === undefined) {
      const entry = this.entry;
      const values = entry.decimals === undefined ? decodePlainValues(entry.values, entry.count) : decodeValues(entry.values, entry.count, entry.decimals);
      this.decoded = {
        series: createSeries(entry.id, entry.units, this.days(), values),
        origin: 'snapshot',
        source: entry.source,
        retrievedAt: entry.retrievedAt,
        ...(this.vintage === undefined ? {} : { vintage: this.vintage }),
      };
      this.decodedDays = undefined;
    }
    return this.decoded;
  }

  private days(): ArrayLike<number> {
    if (this.decoded !== undefined) return this.decoded.series.days;
    return (this.decodedDays ??= decodeDeltas(this.entry.days, this.entry.count));
  }
}

export interface CheckedSnapshot {
  readonly entries: DeferredSeries[];
  /** Entries the catalogue disagrees with, each with its reason. */
  readonly rejected: { id: string; reason: string }[];
}

/**
 * Validates a snapshot and checks each entry against the catalogue, decoding nothing yet. A wrong
 * envelope (format, catalogue version) is an error for the whole file; an entry whose id, units or
 * vintage disagree with the catalogue is rejected on its own.
 */
export function checkSnapshot(json: unknown): CheckedSnapshot | { error: string } {
  const parsed = snapshotFileSchema.safeParse(json);
  if (!parsed.success) return { error: `snapshot is not in format ${SNAPSHOT_FORMAT}: ${z.prettifyError(parsed.error)}` };
  if (parsed.data.catalogVersion !== CATALOG_VERSION) {
    return { error: `snapshot was built for catalogue version ${parsed.data.catalogVersion}, this add-in has ${CATALOG_VERSION}` };
  }
  const entries: DeferredSeries[] = [];
  const rejected: { id: string; reason: string }[] = [];
  for (const entry of parsed.data.series) {
    const catalogEntry = findSeries(entry.id);
    const vintage = entry.vintage === undefined ? undefined : parseVintage(entry.vintage);
    if (!catalogEntry || catalogEntry.id !== entry.id) {
      rejected.push({ id: entry.id, reason: 'not a catalogue id' });
    } else if (entry.vintage !== undefined && vintage !== entry.vintage) {
      // Never read an unknown vintage as the latest data: the entry is left out with its reason.
      rejected.push({ id: entry.id, reason: `vintage ${JSON.stringify(entry.vintage.slice(0, 40))} is neither "first" nor a date YYYY-MM-DD` });
    } else if (catalogEntry.units !== entry.units) {
      rejected.push({ id: entry.id, reason: `units ${entry.units} differ from the catalogue's ${catalogEntry.units}` });
    } else {
      entries.push(new DeferredSeries(entry, vintage));
    }
  }
  return { entries, rejected };
}

/** Validates and decodes a snapshot (checkSnapshot, then every entry); an entry that does not decode is rejected with its reason. */
export function decodeSnapshot(json: unknown): DecodedSnapshot | { error: string } {
  const checked = checkSnapshot(json);
  if ('error' in checked) return checked;
  const series: HeldSeries[] = [];
  const rejected = [...checked.rejected];
  for (const entry of checked.entries) {
    try {
      series.push(entry.decode());
    } catch (error) {
      rejected.push({ id: entry.id, reason: (error as Error).message });
    }
  }
  return { series, rejected };
}
