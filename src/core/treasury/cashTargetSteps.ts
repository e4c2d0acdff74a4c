import { civilFromEpochDay, endOfMonth, epochDayFromCivil } from '../dates/epochDay';
import { formatIsoDate } from '../dates/isoDate';
import { invalidValue, notAvailable, type CalcError } from '../errors';
import { createSeries, type Series } from '../series/series';

/** One assumption of one quarterly refunding announcement ("Marketable Borrowing Estimates"). */
export interface CashAssumption {
  /** Epoch day the estimates were announced. */
  readonly announced: number;
  /** Epoch day of the quarter end the assumption is for (31 March, 30 June, 30 September or 31 December). */
  readonly quarterEnd: number;
  /** The end-of-quarter cash balance Treasury assumed, USD billions. */
  readonly assumedBn: number;
}

/** The last day of the calendar quarter containing `day`. */
function quarterEndOf(day: number): number {
  const { year, month } = civilFromEpochDay(day);
  return endOfMonth(epochDayFromCivil(year, Math.ceil(month / 3) * 3, 1));
}

function isQuarterEnd(day: number): boolean {
  return quarterEndOf(day) === day;
}

/**
 * The Treasury's cash-balance target as a step series, USD billions: each observation is the day
 * from which a target applies and the target then in effect, so an as-of lookup gives the
 * point-in-time target of DESIGN §3.7 — the assumption, in the latest announcement made on or
 * before the day, for the quarter that contains the day. Steps fall on every announcement day and
 * on the first day of every quarter, from the first announcement to the last quarter any
 * announcement names; a series with catalogue frequency `Q` is then covered to that quarter's end.
 * Equal targets on consecutive steps are kept: each step records when its value was (re)stated.
 * @param assumptions - rows of the refunding table, in any order
 * @param id - the id to give the series (the catalogue's `TGA.TARGET`)
 * @returns the step series; `invalidValue` for a quarter end that is not one or a negative or
 *   non-finite amount; `notAvailable` when some quarter in the span has no assumption announced
 *   on or before its start (the table has a hole)
 * @example
 * // shared/data/treasury/quarterly_refunding_assumed_cash_balance_2023-2026.csv: 2025-07-28 announced
 * // 850 for 2025-09-30 and 850 for 2025-12-31; 2025-11-03 announced 850 for 2025-12-31 and 2026-03-31
 * asOf(cashTargetSteps(rows, 'TGA.TARGET'), parseIsoDate('2025-10-29')) //=> 850 (the 2025-07-28 figure for Q4)
 */
export function cashTargetSteps(assumptions: readonly CashAssumption[], id: string): Series<'USD_BILLIONS'> | CalcError {
  if (assumptions.length === 0) return notAvailable(`${id}: no announcements`);
  for (const row of assumptions) {
    if (!isQuarterEnd(row.quarterEnd)) return invalidValue(`${id}: ${formatIsoDate(row.quarterEnd)} is not a quarter end (31 March, 30 June, 30 September, 31 December)`);
    if (!(Number.isFinite(row.assumedBn) && row.assumedBn >= 0))
      return invalidValue(
        `${id}: the assumption for ${formatIsoDate(row.quarterEnd)} announced ${formatIsoDate(row.announced)} must be a non-negative number of billions, got ${row.assumedBn}`,
      );
  }
  // Stable sort by announcement: of two rows for the same quarter on the same day, the later row wins.
  const rows = assumptions
    .map((row, order) => ({ row, order }))
    .sort((x, y) => x.row.announced - y.row.announced || x.order - y.order)
    .map(({ row }) => row);
  const first = rows[0].announced;
  const lastQuarterEnd = Math.max(...rows.map((row) => row.quarterEnd));
  const stepDays = new Set<number>(rows.map((row) => row.announced));
  for (let quarterEnd = quarterEndOf(first); quarterEnd < lastQuarterEnd; quarterEnd = quarterEndOf(quarterEnd + 1)) stepDays.add(quarterEnd + 1);
  const days = [...stepDays].filter((day) => day <= lastQuarterEnd).sort((a, b) => a - b);
  const values: number[] = [];
  for (const day of days) {
    const quarter = quarterEndOf(day);
    let target = NaN;
    for (const row of rows) {
      if (row.announced > day) break;
      if (row.quarterEnd === quarter) target = row.assumedBn;
    }
    if (Number.isNaN(target)) return notAvailable(`${id}: no announcement on or before ${formatIsoDate(day)} gives an assumption for the quarter ending ${formatIsoDate(quarter)}`);
    values.push(target);
  }
  return createSeries(id, 'USD_BILLIONS', days, values);
}
