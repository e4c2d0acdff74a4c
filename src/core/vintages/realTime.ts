/**
 * Point-in-time data (DESIGN §4a): what a series said on a given day. ALFRED describes a series'
 * history as validity periods — for each observation date, the real-time days during which each
 * published value was current (output_type 1: a new period starts only when the value changes;
 * exactly one open-ended period per observation). Values are in the series' published units,
 * untouched here. Pure: days are epoch days, a withdrawn observation is NaN.
 */

/** Observation `day` had `value` from real-time day `from` to `to` inclusive; NaN = withdrawn then. */
export interface ValidityPeriod {
  readonly day: number;
  readonly from: number;
  readonly to: number;
  readonly value: number;
}

/**
 * The observations as known on real-time day `asOf`, ascending by date: for each observation the
 * value of the period containing `asOf`. An observation withdrawn then ("." in ALFRED: 1946 GDP
 * quarters after 1999-10-28) or not yet published is absent — never an older or newer value.
 * @example
 * valuesKnownOn([{ day: 10, from: 100, to: 199, value: 1 }, { day: 10, from: 200, to: Infinity, value: 2 }], 150)
 * //=> [[10, 1]]
 */
export function valuesKnownOn(periods: readonly ValidityPeriod[], asOf: number): Array<[day: number, value: number]> {
  const known = new Map<number, number>();
  for (const period of periods) {
    if (period.from <= asOf && asOf <= period.to) known.set(period.day, period.value);
  }
  return [...known].filter(([, value]) => !Number.isNaN(value)).sort((a, b) => a[0] - b[0]);
}

/**
 * Each observation's first published value, ascending by date: the value of its earliest period.
 * Only meaningful over a real-time window that starts before the first release (ALFRED's own
 * output_type 4 is preferred where available; this is for periods already held). A first period
 * that is a withdrawal (NaN) leaves the observation out.
 * @example
 * firstReleases([{ day: 10, from: 200, to: Infinity, value: 2 }, { day: 10, from: 100, to: 199, value: 1 }])
 * //=> [[10, 1]]
 */
export function firstReleases(periods: readonly ValidityPeriod[]): Array<[day: number, value: number]> {
  const first = new Map<number, ValidityPeriod>();
  for (const period of periods) {
    const seen = first.get(period.day);
    if (seen === undefined || period.from < seen.from) first.set(period.day, period);
  }
  return [...first.values()]
    .filter((period) => !Number.isNaN(period.value))
    .map((period): [number, number] => [period.day, period.value])
    .sort((a, b) => a[0] - b[0]);
}
