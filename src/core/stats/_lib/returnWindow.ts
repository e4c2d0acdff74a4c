import { formatIsoDate } from '../../dates/isoDate';
import type { CalcError } from '../../errors';
import { invalidNumber, invalidValue, notAvailable } from '../../errors';
import { asOfIndex } from '../../series/asOf';
import type { Series } from '../../series/series';
import { alignedLogReturns, logReturn } from './alignedLogReturns';

/** Why a window length is unusable, or null: fewer than 3 pairs make correlation meaningless. */
export function checkWindow(window: number): CalcError | null {
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 3) {
    return invalidNumber(`the window must be a whole number of return pairs, at least 3, got ${String(window)}`);
  }
  return null;
}

/** The last `window` log-return pairs ending on or before a day, oldest first. */
export interface ReturnWindow {
  readonly a: Float64Array;
  readonly b: Float64Array;
}

/**
 * The last `window` log-return pairs ending at the last common date on or before `endDay`
 * (window + 1 common dates), or the error explaining why there are not enough.
 *
 * Walks back from `endDay` through both series only as far as the window reaches, so a formula
 * filled down 10,000 rows costs O(log n + window) per cell instead of re-aligning whole histories.
 * The same rules as `alignedLogReturns`: common dates only, NaN and non-positive prices skipped.
 */
export function returnWindowEndingAt(a: Series, b: Series, window: number, endDay: number): ReturnWindow | CalcError {
  const bad = checkWindow(window);
  if (bad) return bad;
  if (typeof endDay !== 'number' || !Number.isFinite(endDay)) return invalidValue(`the end date is not a valid date: ${String(endDay)}`);
  const day = Math.floor(endDay);
  const need = window + 1;
  const pa = new Float64Array(need);
  const pb = new Float64Array(need);
  let found = 0;
  let i = asOfIndex(a, day);
  let j = asOfIndex(b, day);
  // Filled from the back: slot need − 1 is the newest common date.
  while (found < need && i >= 0 && j >= 0) {
    const da = a.days[i];
    const db = b.days[j];
    if (da > db) i--;
    else if (db > da) j--;
    else {
      const x = a.values[i];
      const y = b.values[j];
      if (x > 0 && y > 0) {
        pa[need - 1 - found] = x;
        pb[need - 1 - found] = y;
        found++;
      }
      i--;
      j--;
    }
  }
  if (found < need) return notEnough(a, b, window, day);
  const ra = new Float64Array(window);
  const rb = new Float64Array(window);
  for (let k = 0; k < window; k++) {
    ra[k] = logReturn(pa[k], pa[k + 1]);
    rb[k] = logReturn(pb[k], pb[k + 1]);
  }
  return { a: ra, b: rb };
}

/** The not-enough-data error, with the counts and ranges a user needs to fix the call. O(n + m). */
function notEnough(a: Series, b: Series, window: number, day: number): CalcError {
  const common = alignedLogReturns(a, b).days;
  if (common.length === 0) {
    return notAvailable(`${a.id} and ${b.id} have no dates in common with positive prices (${a.id}: ${range(a.days)}; ${b.id}: ${range(b.days)})`);
  }
  let found = 0;
  while (found < common.length && common[found] <= day) found++;
  return notAvailable(
    `${a.id} and ${b.id} have ${found} common dates on or before ${formatIsoDate(day)}; ` +
      `a window of ${window} returns needs ${window + 1} (common dates cover ${range(common)})`,
  );
}

function range(days: Int32Array): string {
  return days.length ? `${formatIsoDate(days[0])} to ${formatIsoDate(days[days.length - 1])}` : 'no observations';
}
