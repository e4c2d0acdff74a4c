/**
 * The compact text form of a series used by the embedded snapshot (and later the workbook
 * snapshot). Dates become day deltas and values become integers at the published precision, then
 * deltas; runs of equal deltas are written once with a count ("1*6458" for a calendar-daily
 * series). Decoding gives back exactly the doubles the published decimals parse to.
 */

import { definedAt } from '../../core/definedAt';

/** Run-length text of integer deltas: "20089,7*1200,6,7*35". */
export function encodeDeltas(integers: ArrayLike<number>): string {
  const tokens: string[] = [];
  let previous = 0;
  let run = 0;
  let runDelta = NaN;
  const flush = () => {
    if (run > 0) tokens.push(run === 1 ? String(runDelta) : `${runDelta}*${run}`);
  };
  for (let i = 0; i < integers.length; i++) {
    const integer = definedAt(integers, i, 'the integers');
    const delta = i === 0 ? integer : integer - previous;
    previous = integer;
    if (i > 0 && delta === runDelta) {
      run++;
    } else {
      flush();
      runDelta = delta;
      run = 1;
    }
  }
  flush();
  return tokens.join(',');
}

/**
 * Inverse of encodeDeltas, each running total divided by `divisor` as it is written (decodeValues'
 * scale: no second pass over the values); throws on malformed text (callers validate the envelope first).
 */
export function decodeDeltas(text: string, expectedLength: number, divisor = 1): Float64Array {
  const out = new Float64Array(expectedLength);
  let count = 0;
  let current = 0;
  if (text !== '') {
    for (const token of text.split(',')) {
      const star = token.indexOf('*');
      const delta = Number(star < 0 ? token : token.slice(0, star));
      const repeat = star < 0 ? 1 : Number(token.slice(star + 1));
      if (!Number.isInteger(delta) || !Number.isInteger(repeat) || repeat < 1 || count + repeat > expectedLength) {
        throw new RangeError(`malformed delta token "${token}"`);
      }
      for (let r = 0; r < repeat; r++) {
        current += delta;
        out[count++] = current / divisor;
      }
    }
  }
  if (count !== expectedLength) throw new RangeError(`expected ${expectedLength} values, decoded ${count}`);
  return out;
}

/**
 * Decimal places needed to write every value exactly as a safe integer, from the published text;
 * undefined when none will do (computed means with 13 decimals, exponents): those are written
 * as plain numbers instead.
 */
export function decimalsOf(valueTexts: readonly string[]): number | undefined {
  let decimals = 0;
  let largest = 0;
  for (const text of valueTexts) {
    if (/e/i.test(text)) return undefined;
    const dot = text.indexOf('.');
    if (dot >= 0) decimals = Math.max(decimals, text.slice(dot + 1).replace(/0+$/, '').length);
    largest = Math.max(largest, Math.abs(Number(text)));
  }
  return Number.isSafeInteger(Math.round(largest * 10 ** decimals) * 2) ? decimals : undefined;
}

/** Values as their shortest round-trip decimal text, for series without a fixed precision. */
export function encodePlainValues(values: ArrayLike<number>): string {
  return Array.from(values, (value) => String(value)).join(',');
}

export function decodePlainValues(text: string, length: number): Float64Array {
  const values = Float64Array.from(text === '' ? [] : text.split(','), Number);
  if (values.length !== length || values.some(Number.isNaN)) throw new RangeError(`expected ${length} plain values`);
  return values;
}

export function encodeValues(values: ArrayLike<number>, decimals: number): string {
  const scale = 10 ** decimals;
  const integers = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = definedAt(values, i, 'the values');
    const integer = Math.round(value * scale);
    if (!Number.isSafeInteger(integer)) throw new RangeError(`value ${value} cannot be stored at ${decimals} decimals`);
    integers[i] = integer;
  }
  return encodeDeltas(integers);
}

export function decodeValues(text: string, length: number, decimals: number): Float64Array {
  // Division (not multiplication by 10^-d) gives the double nearest the decimal, as parsing does.
  return decodeDeltas(text, length, 10 ** decimals);
}
