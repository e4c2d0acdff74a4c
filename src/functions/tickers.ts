import { CATALOG } from '../catalog/catalog';
import { findSeries } from '../catalog/lookup';
import { notAvailable, type CalcError } from '../core/errors';

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

const byName = new Map(INSTRUMENTS.map((instrument) => [instrument.name, instrument]));

/**
 * The instrument a ticker names; any other catalogue series id (e.g. "WALCL", "SOFR") works too,
 * at its own frequency.
 */
export function findInstrument(ticker: string): Instrument | CalcError {
  const name = ticker.trim().toUpperCase();
  const known = byName.get(name);
  if (known) return known;
  const entry = findSeries(name);
  if (entry) return entry.frequency === 'D' ? { name: entry.id, daily: entry.id } : { name: entry.id, monthly: entry.id };
  return notAvailable(`unknown ticker "${ticker}": known tickers are ${KNOWN_TICKERS.join(', ')} (or any series id: ${CATALOG.map((e) => e.id).join(', ')})`);
}

/** Every catalogue id an instrument may read. */
export function instrumentIds(instrument: Instrument): string[] {
  return [instrument.daily, instrument.monthly].filter((id): id is string => id !== undefined);
}
