import type { CatalogEntry } from '../catalog/types';
import { formatIsoDate } from '../core/dates/isoDate';
import { definedAt } from '../core/definedAt';
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
  const outside = outsideRange(entry, incoming);
  if (outside) return new UpstreamError('implausible', `${entry.id}: ${outside.text} — wrong units upstream?`);
  const jump = held ? unitJump(incoming, held) : undefined;
  if (jump !== undefined) return new UpstreamError('implausible', `${entry.id}: new values are ${jump.toPrecision(3)}× the held ones on the same dates — wrong units upstream?`);
  return undefined;
}

/**
 * The same checks for a series a user supplied as a CSV file: why it cannot be used, with the
 * index of the offending observation when one is to blame (the caller names the file and line).
 * `reference` is what is otherwise held for the id (the snapshot).
 */
export function csvPlausibilityProblem(entry: CatalogEntry, series: Series, reference?: Series): { index?: number; reason: string } | undefined {
  const outside = outsideRange(entry, series);
  if (outside) return { index: outside.index, reason: `${outside.text} for ${entry.id}; are the values in ${UNIT_LABELS[entry.units]}?` };
  const jump = reference ? unitJump(series, reference) : undefined;
  if (jump !== undefined) {
    return { reason: `its values are ${jump.toPrecision(3)}× the snapshot's for ${entry.id} on the same dates; are they in ${UNIT_LABELS[entry.units]}?` };
  }
  return undefined;
}

/** The first value that is not finite or outside the entry's plausible range, and it in words. */
function outsideRange(entry: CatalogEntry, series: Series): { index: number; text: string } | undefined {
  const [min, max] = entry.plausible;
  for (const [i, value] of series.values.entries()) {
    if (!Number.isFinite(value) || value < min || value > max) {
      return { index: i, text: `${value} on ${formatIsoDate(definedAt(series.days, i, 'the days'))} is outside the plausible range ${min} to ${max} ${UNIT_LABELS[entry.units]}` };
    }
  }
  return undefined;
}

/** The median ratio of new to held values on shared dates when it is an order of magnitude or more (a unit change), else undefined. */
function unitJump(incoming: Series, held: Series): number | undefined {
  const ratios: number[] = [];
  let i = 0;
  let j = 0;
  while (i < held.days.length && j < incoming.days.length) {
    const heldDay = definedAt(held.days, i, 'the held days');
    const incomingDay = definedAt(incoming.days, j, 'the new days');
    if (heldDay < incomingDay) i++;
    else if (heldDay > incomingDay) j++;
    else {
      const a = definedAt(held.values, i++, 'the held values');
      const b = definedAt(incoming.values, j++, 'the new values');
      if (a !== 0 && b !== 0) ratios.push(Math.abs(b / a));
    }
  }
  ratios.sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)];
  if (median === undefined) return undefined; // no shared dates with values
  return median > UNIT_JUMP || median < 1 / UNIT_JUMP ? median : undefined;
}
