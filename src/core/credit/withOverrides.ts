import type { CalcError } from '../errors';
import { invalidValue } from '../errors';
import { checkAssumption, checkAssumptions } from './_lib/checkAssumptions';
import type { CreditAssumptionInfo, CreditAssumptions } from './assumptions';
import { CREDIT_ASSUMPTION_INFO, DEFAULT_CREDIT_ASSUMPTIONS } from './assumptions';

const INFO_BY_NAME: ReadonlyMap<string, CreditAssumptionInfo> = new Map(CREDIT_ASSUMPTION_INFO.map((info) => [info.name, info]));
const KNOWN_NAMES = CREDIT_ASSUMPTION_INFO.map((info) => info.name).join(', ');

/**
 * The credit-loss assumptions with some of them replaced by name, checked as a whole.
 * Names are matched case-insensitively and ignoring surrounding spaces, as users type them into a
 * two-column range. Errors: an unknown or repeated name or a non-finite value → `invalidValue`
 * (the unknown-name message lists the known names); a value outside its range, more knowledge workers
 * than employed, or more student loans than consumer credit → `invalidNumber` naming the allowed range.
 * @param overrides - `[name, value]` pairs, each value in the assumption's own units (people, USD or a
 *   fraction; see `CREDIT_ASSUMPTION_INFO`)
 * @param base - the assumptions to start from; the published defaults unless given
 * @example
 * withOverrides([['Bank_Equity', 2.4e12]]).bank_equity //=> 2400000000000
 * withOverrides([['homeownership', 74]]) //=> CalcError NUM: "… must be between 0 and 1 (fraction), got 74"
 */
export function withOverrides(overrides: ReadonlyArray<readonly [string, number]>, base: CreditAssumptions = DEFAULT_CREDIT_ASSUMPTIONS): CreditAssumptions | CalcError {
  const result: Record<string, number> = { ...base };
  const seen = new Set<string>();
  for (const [rawName, value] of overrides) {
    const name = String(rawName).trim().toLowerCase();
    const info = INFO_BY_NAME.get(name);
    if (!info) return invalidValue(`unknown credit assumption "${String(rawName)}"; known names: ${KNOWN_NAMES}`);
    // A name given twice is almost always a copy-paste slip; picking one silently would hide it.
    if (seen.has(name)) return invalidValue(`credit assumption ${name} is given more than once`);
    seen.add(name);
    const error = checkAssumption(info, value);
    if (error) return error;
    result[name] = value;
  }
  const assumptions = result as unknown as CreditAssumptions;
  return checkAssumptions(assumptions) ?? Object.freeze(assumptions);
}
