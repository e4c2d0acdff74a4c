import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cashTargetFromFile, CASH_ASSUMPTIONS_FILE, parseCashAssumptions } from '../../../scripts/build-snapshot';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { isCalcError } from '../../../src/core/errors';
import { asOf } from '../../../src/core/series/asOf';
import { coveredUntil } from '../../../src/core/series/coverage';
import { cashTargetSteps, type CashAssumption } from '../../../src/core/treasury/cashTargetSteps';
import { sharedDataPath } from '../_helpers/readSharedCsv';

const file = sharedDataPath(join('treasury', `${CASH_ASSUMPTIONS_FILE}.csv`));
const target = cashTargetFromFile(file);
const on = (day: string) => asOf(target, parseIsoDate(day));
const row = (announced: string, quarterEnd: string, assumedBn: number): CashAssumption => ({ announced: parseIsoDate(announced), quarterEnd: parseIsoDate(quarterEnd), assumedBn });

describe('cashTargetSteps on the refunding table (shared/data/treasury, DESIGN §3.7)', () => {
  it('gives the point-in-time target: the latest announcement on or before the day, for its quarter', () => {
    // 2025-07-28 announced 850 for 2025-12-31; the next announcement is 2025-11-03
    expect(on('2025-10-29')).toBe(850);
    // 2024-07-29 announced 850 for 2024-09-30 and 700 for 2024-12-31; 2024-10-28 confirmed 700
    expect(on('2024-09-30')).toBe(850);
    expect(on('2024-10-01')).toBe(700);
    // 2023-05-01 announced 600 for 2023-09-30; 2023-07-31 raised it to 650
    expect(on('2023-07-30')).toBe(600);
    expect(on('2023-07-31')).toBe(650);
    // 2026-02-02 announced 900 for 2026-06-30
    expect(on('2026-04-01')).toBe(900);
  });

  it('starts at the first announcement and is covered, as a quarterly series, to the last quarter named', () => {
    expect(target.days[0]).toBe(parseIsoDate('2023-01-30')); // first row: 2023-01-30, 2023-03-31, 500
    expect(target.values[0]).toBe(500);
    expect(coveredUntil(target, 'Q')).toBe(parseIsoDate('2026-06-30')); // last row: 2026-02-02, 2026-06-30, 900
  });

  it('reads all 26 rows of the file', () => {
    expect(parseCashAssumptions(readFileSync(file, 'utf8'), file)).toHaveLength(26);
  });
});

describe('cashTargetSteps on edge cases', () => {
  it('a later announcement for the same quarter replaces the earlier one from its day on, not before', () => {
    const steps = cashTargetSteps([row('2025-01-06', '2025-03-31', 800), row('2025-01-06', '2025-06-30', 700), row('2025-02-10', '2025-03-31', 850)], 'T');
    if (isCalcError(steps)) throw new Error(steps.message);
    expect(Array.from(steps.days)).toEqual(['2025-01-06', '2025-02-10', '2025-04-01'].map(parseIsoDate));
    expect(Array.from(steps.values)).toEqual([800, 850, 700]);
  });

  it('does not depend on the order of the rows', () => {
    const rows = [row('2025-02-10', '2025-03-31', 850), row('2025-01-06', '2025-06-30', 700), row('2025-01-06', '2025-03-31', 800)];
    const forward = cashTargetSteps(rows, 'T');
    const backward = cashTargetSteps([...rows].reverse(), 'T');
    expect(forward).toEqual(backward);
  });

  it('returns errors, never throws: a day that is not a quarter end, a negative amount, a quarter with no assumption, no rows', () => {
    const notQuarterEnd = cashTargetSteps([row('2025-01-06', '2025-03-30', 800)], 'T');
    expect(isCalcError(notQuarterEnd) && notQuarterEnd.message).toMatch(/2025-03-30 is not a quarter end/);
    const negative = cashTargetSteps([row('2025-01-06', '2025-03-31', -1)], 'T');
    expect(isCalcError(negative) && negative.code).toBe('VALUE');
    const hole = cashTargetSteps([row('2025-01-06', '2025-03-31', 800), row('2025-01-06', '2025-09-30', 700)], 'T');
    expect(isCalcError(hole) && hole.message).toMatch(/no announcement on or before 2025-04-01 gives an assumption for the quarter ending 2025-06-30/);
    const empty = cashTargetSteps([], 'T');
    expect(isCalcError(empty) && empty.code).toBe('NA');
  });
});
