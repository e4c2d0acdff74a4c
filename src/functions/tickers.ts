import { CATALOG } from '../catalog/catalog';
import { findSeries } from '../catalog/lookup';
import { notAvailable, type CalcError } from '../core/errors';
import { boundedEcho } from './echo';

/**
 * A name usable in RATIO.* and LIQ.CORR: a daily and/or a monthly catalogue series. The daily one
 * is preferred; the monthly open dataset answers where no daily prices are held (the shipped
 * snapshot) or for dates before they start.
 */
export interface Instrument {
  readonly name: string;
  readonly daily?: string;
  readonly monthly?: string;
  /** `USD` is not a series: its price in dollars is 1. */
  readonly unit?: true;
}

const INSTRUMENTS: readonly Instrument[] = [
  { name: 'SPX', daily: 'SPX', monthly: 'SPX.M' },
  { name: 'GOLD', daily: 'GOLD', monthly: 'GOLD.M' },
  { name: 'NDX', daily: 'NDX' },
  { name: 'QQQ', daily: 'QQQ' },
  { name: 'BTC', daily: 'BTC' },
  { name: 'NVDA', daily: 'NVDA' },
  { name: 'IGV', daily: 'IGV' },
  { name: 'XLP', daily: 'XLP' },
  { name: 'XLY', daily: 'XLY' },
  { name: 'OWL', daily: 'OWL' },
  { name: 'AXP', daily: 'AXP' },
  { name: 'M2', monthly: 'M2.US' },
  { name: 'USD', unit: true },
];

export const KNOWN_TICKERS: readonly string[] = INSTRUMENTS.map((instrument) => instrument.name);

/** Tickers and the catalogue series usable as tickers, by upper-case name; filled on first use. */
const byName = new Map(INSTRUMENTS.map((instrument) => [instrument.name, instrument]));

/**
 * The instrument a ticker names; any other catalogue series id (e.g. "WALCL", "SOFR") works too,
 * at its own frequency. The same name always gives the same object (pairIds caches by it).
 */
export function findInstrument(ticker: string): Instrument | CalcError {
  const exact = byName.get(ticker);
  if (exact) return exact;
  const name = ticker.trim().toUpperCase();
  const known = byName.get(name);
  if (known) return known;
  const entry = findSeries(name);
  if (!entry) {
    return notAvailable(`unknown ticker "${boundedEcho(ticker)}": known tickers are ${KNOWN_TICKERS.join(', ')} (or any series id: ${CATALOG.map((e) => e.id).join(', ')})`);
  }
  let instrument = byName.get(entry.id);
  if (!instrument) {
    instrument = entry.frequency === 'D' ? { name: entry.id, daily: entry.id } : { name: entry.id, monthly: entry.id };
    byName.set(entry.id, instrument);
  }
  return instrument;
}

/** Gold, the denominator of every RATIO.GOLD. */
export const GOLD = byName.get('GOLD') as Instrument;

/** Every catalogue id an instrument may read. */
function instrumentIds(instrument: Instrument): string[] {
  return [instrument.daily, instrument.monthly].filter((id): id is string => id !== undefined);
}

const pairCache = new Map<Instrument, Map<Instrument, readonly string[]>>();

/** Every catalogue id a ratio of two instruments may read; the same array for the same pair. */
export function pairIds(numerator: Instrument, denominator: Instrument): readonly string[] {
  let byDenominator = pairCache.get(numerator);
  if (!byDenominator) pairCache.set(numerator, (byDenominator = new Map()));
  let ids = byDenominator.get(denominator);
  if (!ids) byDenominator.set(denominator, (ids = [...instrumentIds(numerator), ...instrumentIds(denominator)]));
  return ids;
}
