/**
 * `array[index]` where the index is in range by construction — a loop bound, a modulo of the
 * length, a position just found — so that an index out of range is a bug, not input to handle.
 * It throws one that says which index and which array (`what`), instead of handing on `undefined`
 * (outside the core, `noUncheckedIndexedAccess` types every element read as possibly undefined).
 */
export function definedAt<T>(array: ArrayLike<T>, index: number, what = 'array'): T {
  if (!Number.isInteger(index) || index < 0 || index >= array.length) {
    throw new RangeError(`index ${index} is out of range for ${what} (length ${array.length})`);
  }
  return array[index];
}
