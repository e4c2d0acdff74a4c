import { asOfJoin } from '../series/asOf';
import { requireUnits, type Series } from '../series/series';

/**
 * SOFR minus an administered rate on every SOFR day, in basis points (the reference read as of
 * each SOFR day). Days before the reference starts are left out.
 * @param sofr - SOFR, percent
 * @param reference - DFEDTARU or IORB, percent
 * @example
 * repoStressSeries(sofr, upper) // { id: 'SOFR-FF.UPPER', units: 'BASIS_POINTS', … 2025-12-31 → 12 }
 */
export function repoStressSeries(sofr: Series, reference: Series): Series<'BASIS_POINTS'> {
  const rates = requireUnits(sofr, 'PERCENT');
  const references = asOfJoin(requireUnits(reference, 'PERCENT'), rates.days);
  const days: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rates.days.length; i++) {
    if (Number.isNaN(references[i])) continue;
    days.push(rates.days[i]);
    values.push(Math.round((rates.values[i] - references[i]) * 100 * 1e9) / 1e9);
  }
  return { id: `${sofr.id}-${reference.id}`, units: 'BASIS_POINTS', days: Int32Array.from(days), values: Float64Array.from(values) };
}
