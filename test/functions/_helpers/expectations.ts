/**
 * One way to assert what Excel would see from a custom-function call, instead of unwrapping each
 * outcome by hand: `await expectExcelError(fn, args, code, message)` and `await expectValue(fn, args)`.
 */
import type { ExcelFunction } from '../../../src/functions/runtime';
import { callExcel } from './callExcel';

/**
 * Asserts that the call answers the Excel error `code` with a message matching `message` (a
 * pattern) or equal to it (a string), and nothing else (no value).
 * @example
 * await expectExcelError(fx.liqIndex, ['2025-12-24', 'first'], '#N/A', /^WALCL as first published is not held/)
 */
export async function expectExcelError(fn: ExcelFunction, args: readonly unknown[], code: string, message: RegExp | string): Promise<void> {
  expect(await callExcel(fn, ...args)).toEqual({ code, message: typeof message === 'string' ? message : expect.stringMatching(message) });
}

/**
 * Asserts that the call answers a value (not an error) and resolves with it, for the test's own
 * `expect(...)` on the value.
 * @example
 * expect(await expectValue(fx.liqIndex, ['2025-12-24', null])).toBeCloseTo(5774.891, 6)
 */
export async function expectValue(fn: ExcelFunction, args: readonly unknown[]): Promise<unknown> {
  const outcome = await callExcel(fn, ...args);
  expect(outcome).not.toHaveProperty('code');
  return (outcome as { value: unknown }).value;
}
