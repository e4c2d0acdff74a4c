import type { Series } from '../core/series/series';
import { vintageKey, type Vintage } from './vintage';

/** Where held observations came from, most authoritative last. */
export type Origin = 'snapshot' | 'file' | 'cache' | 'gateway' | 'workbook';

/** A series as the store holds it: the observations and where and when they were obtained. */
export interface HeldSeries {
  readonly series: Series;
  readonly origin: Origin;
  /** Human-readable provenance, e.g. "FRED WALCL (public copy, see SOURCES)". */
  readonly source: string;
  /** ISO timestamp of the retrieval from upstream. */
  readonly retrievedAt: string;
  /** Set for a vintage (ALFRED): the observations as first published, or as known on a date; absent = latest. */
  readonly vintage?: Vintage;
}

/** The key the store holds `item` under: its id, or `id@vintage` for a vintage. */
export function heldKey(item: HeldSeries): string {
  return vintageKey(item.series.id, item.vintage);
}
