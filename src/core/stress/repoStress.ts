import { formatIsoDate } from '../dates/isoDate';
import { notAvailable, type CalcError } from '../errors';
import { asOf, asOfIndex } from '../series/asOf';
import type { Series } from '../series/series';
import { requireUnits } from '../series/series';

export interface RepoStress {
  /** The SOFR observation's day (the latest on or before the requested one). */
  readonly day: number;
  /** SOFR − reference, basis points; positive = cash is tight. */
  readonly spreadBp: number;
  readonly sofr: number;
  readonly reference: number;
}

/**
 * Repo-market stress: SOFR minus an administered rate (top of the fed-funds range by default, or
 * IORB), in basis points. The reference is read on SOFR's own observation day so both describe
 * the same day.
 * @param sofr - SOFR, percent
 * @param reference - DFEDTARU or IORB, percent
 * @param day - epoch day
 * @example
 * repoStressAt(sofr, upper, parseIsoDate('2025-12-31')).spreadBp //=> 12 (3.87 − 3.75)
 */
export function repoStressAt(sofr: Series, reference: Series, day: number): RepoStress | CalcError {
  const rates = requireUnits(sofr, 'PERCENT');
  const index = asOfIndex(rates, day);
  if (index < 0) return notAvailable(`no ${sofr.id} observation on or before ${formatIsoDate(day)}`);
  const sofrDay = rates.days[index];
  const referenceRate = asOf(requireUnits(reference, 'PERCENT'), sofrDay);
  if (Number.isNaN(referenceRate)) return notAvailable(`no ${reference.id} observation on or before ${formatIsoDate(sofrDay)}`);
  const sofrRate = rates.values[index];
  // Round to 1e-9 bp: percent inputs like 3.87 − 3.75 otherwise print as 12.000000000000011.
  const spreadBp = Math.round((sofrRate - referenceRate) * 100 * 1e9) / 1e9;
  return { day: sofrDay, spreadBp, sofr: sofrRate, reference: referenceRate };
}
