import type { CatalogEntry } from '../catalog/types';
import { formatIsoDate } from '../core/dates/isoDate';
import type { Series } from '../core/series/series';
import { UNIT_LABELS } from '../core/units';
import { UpstreamError } from './upstreamError';

/** Revised values move by percent, not by orders of magnitude: a median ratio beyond this is units. */
const UNIT_JUMP = 20;

/**
 * Refuses a fetched batch whose values cannot be in the catalogue's units: any value outside the
 * entry's plausible range, or overlap dates whose values sit an order of magnitude or more away
 * from the held ones (a source switching from millions to billions). Nothing is merged when this
 * returns an error.
 */
export function checkPlausible(entry: CatalogEntry, incoming: Series, held?: Series): UpstreamError | undefined {
  const [min, max] = entry.plausible;
  for (let i = 0; i < incoming.values.length; i++) {
    const value = incoming.values[i];
    if (!Number.isFinite(value) || value < min || value > max) {
      return new UpstreamError(
        'implausible',
        `${entry.id}: ${value} on ${formatIsoDate(incoming.days[i])} is outside the plausible range ${min} to ${max} ${UNIT_LABELS[entry.units]} — wrong units upstream?`,
      );
    }
  }
  if (!held) return undefined;
  const ratios: number[] = [];
  let i = 0;
  let j = 0;
  while (i < held.days.length && j < incoming.days.length) {
    if (held.days[i] < incoming.days[j]) i++;
    else if (held.days[i] > incoming.days[j]) j++;
    else {
      const a = held.values[i++];
      const b = incoming.values[j++];
      if (a !== 0 && b !== 0) ratios.push(Math.abs(b / a));
    }
  }
  if (ratios.length === 0) return undefined;
  ratios.sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)];
  if (median > UNIT_JUMP || median < 1 / UNIT_JUMP) {
    return new UpstreamError('implausible', `${entry.id}: new values are ${median.toPrecision(3)}× the held ones on the same dates — wrong units upstream?`);
  }
  return undefined;
}
