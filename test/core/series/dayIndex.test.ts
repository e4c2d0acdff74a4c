import { definedAt } from '../../../src/core/definedAt';
import { MIN_INDEXED_LENGTH, indexedAsOf } from '../../../src/core/series/dayIndex';
import { random } from '../_helpers/random';

/** The latest index with days[i] ≤ day, by definition (a plain scan). */
function reference(days: Int32Array, day: number): number {
  let found = -1;
  for (let i = 0; i < days.length && definedAt(days, i) <= day; i++) found = i;
  return found;
}

function checkEveryDay(days: Int32Array): void {
  for (let day = definedAt(days, 0); day <= definedAt(days, days.length - 1) + 10; day++) {
    const got = indexedAsOf(days, day);
    const expected = reference(days, day);
    if (got !== expected) throw new Error(`day ${day}: index ${got}, expected ${expected}`);
  }
}

describe('indexedAsOf', () => {
  it('agrees with a plain scan on every day of an evenly spread daily series', () => {
    const days = Int32Array.from({ length: 2000 }, (_, i) => 10_000 + Math.floor(i * 1.4));
    checkEveryDay(days);
  });

  it('agrees on clustered observations with years-long gaps (blocks with none, blocks with many)', () => {
    const next = random(11);
    const list: number[] = [];
    let day = -40_000;
    while (list.length < 3000) {
      // Mostly one-day steps, now and then a gap of up to three years.
      day += next() < 0.01 ? 1 + Math.floor(next() * 1100) : 1;
      list.push(day);
    }
    checkEveryDay(Int32Array.from(list));
  });

  it('agrees on a series whose first and last observations are far apart and few in between', () => {
    const days = Int32Array.from([0, ...Array.from({ length: MIN_INDEXED_LENGTH }, (_, i) => 50_000 + i), 90_000]);
    checkEveryDay(days);
  });
});
