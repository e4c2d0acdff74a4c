import { CATALOG } from '../catalog/catalog';
import { INSTRUMENTS, KNOWN_TICKERS, type Instrument } from '../catalog/instruments';
import { findSeries } from '../catalog/lookup';
import { notAvailable, type CalcError } from '../core/errors';
import { boundedEcho } from './echo';

export type { Instrument };

/** Tickers and the catalogue series usable as tickers, by upper-case name; other series ids are added on first use. */
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
