import type { Unit } from '../core/units';

export type Frequency = 'D' | 'W' | 'M' | 'Q';
export type SourceName = 'FRED' | 'Treasury Fiscal Data' | 'NY Fed' | 'FDIC' | 'Market prices' | 'Open dataset' | 'User supplied';

/**
 * May the series be shipped? `public` (US-government statistics, ODC-PDDL datasets) goes into the
 * embedded snapshot and into shared workbooks; `machine-cache` (commercial market prices) is cached
 * on the user's machine and travels only in a workbook its author chose to share.
 */
export type Licence = 'public' | 'machine-cache';

export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  readonly source: SourceName;
  /** The id upstream, e.g. FRED's `WDTGAL` for catalogue `TGA`. */
  readonly upstreamId: string;
  /**
   * The series' id at further providers that serve it too, by provider name (bitcoin:
   * `{ coinbase: 'BTC-USD', kraken: 'XBTUSD' }`): the keyless fallbacks when the source fails.
   */
  readonly otherUpstreamIds?: Readonly<Record<string, string>>;
  /** Other names a CSV file may carry for this series (e.g. `GOLD_MONTHLY`). */
  readonly aliases?: readonly string[];
  readonly units: Unit;
  readonly frequency: Frequency;
  /** When new observations appear, in words (release cadence). */
  readonly cadence: string;
  readonly description: string;
  readonly licence: Licence;
  readonly licenceNote: string;
  readonly url: string;
  /**
   * Values outside [min, max] (catalogue units) cannot be right: the guard that catches a source
   * switching units (a 1000× jump) on a first load, when there is no held overlap to compare with.
   */
  readonly plausible: readonly [min: number, max: number];
  /** Set when no open upstream is known: the series must be supplied by the user. */
  readonly unavailableReason?: string;
}
