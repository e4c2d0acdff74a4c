import { definedAt } from '../../src/core/definedAt';

describe('definedAt', () => {
  it('reads an element in range, of an array or a typed array', () => {
    expect(definedAt(['a', 'b', 'c'], 2)).toBe('c');
    expect(definedAt(new Float64Array([1.5, 2.5]), 0)).toBe(1.5);
  });

  it('hands back an element that is itself undefined', () => {
    expect(definedAt([undefined, 1], 0)).toBeUndefined();
  });

  it('throws, naming the index and the array, for an index out of range or not an integer', () => {
    expect(() => definedAt([1, 2], 2, 'the tabs')).toThrow(new RangeError('index 2 is out of range for the tabs (length 2)'));
    expect(() => definedAt([1, 2], -1)).toThrow(/index -1 is out of range for array/);
    expect(() => definedAt([1, 2], 0.5)).toThrow(RangeError);
    expect(() => definedAt([], Number.NaN)).toThrow(RangeError);
  });
});
