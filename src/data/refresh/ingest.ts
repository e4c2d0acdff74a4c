import type { CatalogEntry } from '../../catalog/types';
import { mergeSeries } from '../../core/series/mergeSeries';
import { createSeries, type Series } from '../../core/series/series';
import { checkPlausible } from '../plausibility';
import { UpstreamError } from '../upstreamError';

export interface IngestOptions {
  /** Who delivered the batch, for messages: a provider (`FRED`) or `the gateway`. */
  readonly from: string;
  /** The `since` it was asked with (ISO date), named when nothing came back. */
  readonly since?: string;
  /** Why there are no observations, when the deliverer said so (the gateway's staleReason). */
  readonly emptyReason?: string;
  /**
   * Whether an empty batch is "nothing new" while data is held. The add-in asks a gateway that may
   * hold less than it does (a workbook's embedded data, another gateway's cache); an upstream asked
   * from the last held date minus an overlap that answers nothing is broken, and is refused.
   */
  readonly emptyIsNothingNew?: boolean;
}

/** The held series with the batch merged in, and what changed. */
export interface Ingested {
  readonly series: Series;
  /** Observations after the last held date. */
  readonly appended: number;
  /** Held dates whose value changed or was filled in. */
  readonly revised: number;
}

/**
 * The one check-and-merge of a fetched batch, for the add-in's store and the gateway alike: the
 * units must be the catalogue's, an empty batch is refused (unless it means nothing new), values
 * must be plausible — in range, and no order-of-magnitude jump from the held ones on shared dates —
 * and then the batch is merged into `held` by date. A refused batch comes back as the
 * UpstreamError that says why, and nothing is merged.
 * @param held - what is held for `entry` now, in its catalogue units; undefined when nothing is
 * @param incoming - the fetched observations, in the units they arrived in
 */
export function ingest(entry: CatalogEntry, held: Series | undefined, incoming: Series, options: IngestOptions): Ingested | UpstreamError {
  const wrongUnits = unitsProblem(entry, incoming, options.from);
  if (wrongUnits) return wrongUnits;
  if (incoming.days.length === 0 && !(held && options.emptyIsNothingNew)) {
    const after = options.since ? ` since ${options.since}` : '';
    return new UpstreamError('empty', options.emptyReason ?? `${options.from} returned no observations for ${entry.id}${after}${held ? '; keeping the held data' : ''}`);
  }
  // Under the catalogue's id whatever the deliverer called it (an upstream id, an alias).
  const series = createSeries(entry.id, entry.units, incoming.days, incoming.values);
  const implausible = checkPlausible(entry, series, held);
  if (implausible) return implausible;
  return held ? mergeSeries(held, series) : { series, appended: series.days.length, revised: 0 };
}

/**
 * Refuses observations in other units than the catalogue's: the same mistake as a 1000× jump (the
 * data is wrong, not the transport), so `implausible` like it. Vintages, taken whole, check only this.
 */
export function unitsProblem(entry: CatalogEntry, incoming: Series, from: string): UpstreamError | undefined {
  return incoming.units === entry.units ? undefined : new UpstreamError('implausible', `${from} delivered ${entry.id} in ${incoming.units}, the catalogue holds ${entry.units}`);
}
