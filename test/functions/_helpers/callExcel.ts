import { firstStreamedResult } from '../../../src/functions/callingConvention';
import type { ExcelFunction } from '../../../src/functions/runtime';

/** What Excel would see from a custom-function call: a value, or an error with code and message. */
export type Outcome = { value: unknown } | { code: string; message: string };

function isExcelError(value: unknown): value is { code: string; message?: string } {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'string' && (value as { code: string }).code.startsWith('#');
}

/** Calls a streaming custom function the way Excel does and resolves with its first result. */
export function firstResult(fn: ExcelFunction, ...args: unknown[]): Promise<unknown> {
  return firstStreamedResult({ fn }, args);
}

export async function callExcel(fn: ExcelFunction, ...args: unknown[]): Promise<Outcome> {
  const value = await firstResult(fn, ...args);
  if (isExcelError(value)) return { code: value.code, message: String(value.message) };
  return { value };
}

/** The value of a successful call; fails the test with the error otherwise. */
export async function valueOf(fn: ExcelFunction, ...args: unknown[]): Promise<any> {
  const outcome = await callExcel(fn, ...args);
  if (!('value' in outcome)) throw new Error(`expected a value, got ${outcome.code} ${outcome.message}`);
  return outcome.value;
}
