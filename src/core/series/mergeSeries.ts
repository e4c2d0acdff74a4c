import type { Series } from './series';

export interface MergeResult<S extends Series> {
  readonly series: S;
  /** Observations after the last held date. */
  readonly appended: number;
  /** Held dates whose value changed, and dates filled in inside the held range (revisions). */
  readonly revised: number;
}

/**
 * Merges newly fetched observations into a held series by date: new dates are added, dates held
 * with a different value take the new value (revisions), and nothing else changes — a held date
 * the new batch does not mention stays as it was. O(n + m).
 * @example
 * mergeSeries(held, fetched) //=> { series, appended: 1, revised: 0 }
 */
export function mergeSeries<S extends Series>(held: S, incoming: Series): MergeResult<S> {
  if (incoming.units !== held.units) throw new RangeError(`cannot merge ${incoming.id} in ${incoming.units} into ${held.units}`);
  const days: number[] = [];
  const values: number[] = [];
  let appended = 0;
  let revised = 0;
  const lastHeld = held.days.length ? held.days[held.days.length - 1] : -Infinity;
  let i = 0;
  let j = 0;
  while (i < held.days.length || j < incoming.days.length) {
    const a = i < held.days.length ? held.days[i] : Infinity;
    const b = j < incoming.days.length ? incoming.days[j] : Infinity;
    if (a < b) {
      days.push(a);
      values.push(held.values[i++]);
    } else if (b < a) {
      days.push(b);
      values.push(incoming.values[j++]);
      // A date inside the held range that was missing is a revision of history, not new data.
      if (b > lastHeld) appended++;
      else revised++;
    } else {
      const next = incoming.values[j++];
      if (!Object.is(next, held.values[i])) revised++;
      days.push(a);
      values.push(next);
      i++;
    }
  }
  const series = { ...held, days: Int32Array.from(days), values: Float64Array.from(values) };
  return { series, appended, revised };
}
