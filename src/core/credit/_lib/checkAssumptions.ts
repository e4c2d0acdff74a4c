import type { CalcError } from '../../errors';
import { invalidNumber, invalidValue } from '../../errors';
import type { CreditAssumptionInfo, CreditAssumptions } from '../assumptions';
import { CREDIT_ASSUMPTION_INFO } from '../assumptions';

/** Words for an assumption's allowed range, e.g. "between 0 and 1 (fraction)". */
export function describeRange(info: CreditAssumptionInfo): string {
  const bounds = info.max === Infinity ? `at least ${info.min}` : `between ${info.min} and ${info.max}`;
  return `${bounds} (${info.units})`;
}

/** The error for one assumption's value, or null when it is a finite number in its range. */
export function checkAssumption(info: CreditAssumptionInfo, value: unknown): CalcError | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return invalidValue(`credit assumption ${info.name} must be a finite number, got ${String(value)}`);
  }
  if (value < info.min || value > info.max) {
    return invalidNumber(`credit assumption ${info.name} must be ${describeRange(info)}, got ${value}`);
  }
  return null;
}

/**
 * The first problem with a full set of assumptions, or null. Besides each value's own range, the
 * parts cannot exceed their wholes: knowledge workers are part of employment and student loans are
 * part of consumer credit, and either inversion would turn a loss negative.
 */
export function checkAssumptions(assumptions: CreditAssumptions): CalcError | null {
  for (const info of CREDIT_ASSUMPTION_INFO) {
    const error = checkAssumption(info, assumptions[info.name]);
    if (error) return error;
  }
  if (assumptions.knowledge_workers > assumptions.employed) {
    return invalidNumber(
      `credit assumption knowledge_workers (${assumptions.knowledge_workers}) cannot exceed employed (${assumptions.employed}): knowledge workers are part of employment`,
    );
  }
  if (assumptions.student_loans > assumptions.consumer_credit) {
    return invalidNumber(
      `credit assumption student_loans (${assumptions.student_loans}) cannot exceed consumer_credit (${assumptions.consumer_credit}): student loans are part of consumer credit`,
    );
  }
  return null;
}
