import type { Unit } from '../core/units';

export type Frequency = 'D' | 'W' | 'M' | 'Q';

/**
 * When a newer observation can be expected upstream, as data for the staleness rules
 * (src/data/staleness.ts); `cadence` says the same in words for people.
 * - `business-daily`: a value per US business day, published by the next one (SOFR, market closes)
 * - `calendar-daily`: a value every calendar day, weekends included (IORB, BTC)
 * - `weekly`: one a week, published within days of its date (H.4.1's Wednesday level, the ECB's Friday)
 * - `monthly`: dated in the month, published within about four weeks after it
 * - `quarterly`: dated in the quarter, published within about two months after its end (Call Reports)
 */
export type Release = 'business-daily' | 'calendar-daily' | 'weekly' | 'monthly' | 'quarterly';
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
  /** The same as data: what staleness is computed from. Agrees with `frequency` (a `weekly` series is `W`). */
  readonly release: Release;
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
