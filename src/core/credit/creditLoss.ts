import type { CalcError } from '../errors';
import { invalidNumber } from '../errors';
import { checkAssumptions } from './_lib/checkAssumptions';
import type { CreditAssumptions } from './assumptions';
import { DEFAULT_CREDIT_ASSUMPTIONS } from './assumptions';

/** One line of the audit table: what it is, its value, and the units of that value. */
export interface CreditLossStep {
  readonly label: string;
  readonly value: number;
  readonly units: string;
}

/** The scenario's results; money in USD billions, the capital hit as a fraction of bank equity. */
export interface CreditLossResult {
  /** Consumer-credit losses (excluding student loans), USD billions. */
  readonly consumer: number;
  /** Mortgage losses, USD billions. */
  readonly mortgage: number;
  /** consumer + mortgage, USD billions. */
  readonly gross: number;
  /** Losses left after loss reserves absorb what they can (never negative), USD billions. */
  readonly net: number;
  /** net / bank equity, fraction (0.13 = 13% of equity written off). */
  readonly capitalHit: number;
  /** Every input used and every intermediate, in the order they are computed. */
  readonly steps: readonly CreditLossStep[];
}

const BILLION = 1e9;

/**
 * Bank credit losses if a share `pct` of US knowledge workers lose their jobs (DESIGN §3.3):
 * consumer = (consumer credit − student loans) × knowledge workers / employed × pct;
 * mortgage = knowledge workers × pct × homeownership × mortgaged share × average mortgage × loss rate;
 * capital hit = max(0, consumer + mortgage − loss reserves) / bank equity.
 * Linear in `pct` until reserves are used up; 0 below (with the defaults, pct ≈ 0.083).
 * Errors: `pct` outside [0, 1] or not finite → `invalidNumber`; assumptions out of range (when not
 * built by `withOverrides`) → the same errors `withOverrides` gives.
 * @param pct - share of knowledge workers displaced, fraction 0–1
 * @param assumptions - the inputs (people, USD, fractions); the published defaults unless given
 * @example
 * const r = creditLoss(0.2)
 * r.consumer   //=> 329.6 (USD billions)
 * r.mortgage   //=> 227.0 (USD billions)
 * r.capitalHit //=> 0.1298 (fraction of bank equity)
 */
export function creditLoss(pct: number, assumptions: CreditAssumptions = DEFAULT_CREDIT_ASSUMPTIONS): CreditLossResult | CalcError {
  if (typeof pct !== 'number' || !Number.isFinite(pct) || pct < 0 || pct > 1) {
    return invalidNumber(`the share of knowledge workers displaced must be a fraction between 0 and 1, got ${String(pct)}`);
  }
  const invalid = checkAssumptions(assumptions);
  if (invalid) return invalid;
  const a = assumptions;

  const nonStudentCredit = (a.consumer_credit - a.student_loans) / BILLION;
  const knowledgeShare = a.knowledge_workers / a.employed;
  // Displaced workers are assumed to hold an average share of the non-student consumer credit.
  const consumer = nonStudentCredit * knowledgeShare * pct;

  const displaced = a.knowledge_workers * pct;
  const displacedOwners = displaced * a.homeownership;
  const mortgagedOwners = displacedOwners * a.mortgaged_share;
  const mortgageBalance = (mortgagedOwners * a.avg_mortgage) / BILLION;
  const mortgage = mortgageBalance * a.mortgage_loss_rate;

  const gross = consumer + mortgage;
  const reserves = a.loss_reserves / BILLION;
  // Reserves are set aside for losses already; only what exceeds them reaches equity.
  const net = Math.max(0, gross - reserves);
  const equity = a.bank_equity / BILLION;
  const capitalHit = net / equity;

  const steps: CreditLossStep[] = [
    { label: 'Share of knowledge workers displaced', value: pct, units: 'fraction' },
    { label: 'Consumer credit (USD bn)', value: a.consumer_credit / BILLION, units: 'USD billions' },
    { label: 'Student loans, excluded (USD bn)', value: a.student_loans / BILLION, units: 'USD billions' },
    { label: 'Consumer credit ex student loans (USD bn)', value: nonStudentCredit, units: 'USD billions' },
    { label: 'Knowledge workers', value: a.knowledge_workers, units: 'people' },
    { label: 'Total employment', value: a.employed, units: 'people' },
    { label: 'Knowledge-worker share of employment', value: knowledgeShare, units: 'fraction' },
    { label: 'Consumer-credit losses (USD bn)', value: consumer, units: 'USD billions' },
    { label: 'Displaced knowledge workers', value: displaced, units: 'people' },
    { label: 'Homeownership rate', value: a.homeownership, units: 'fraction' },
    { label: 'Displaced homeowners', value: displacedOwners, units: 'people' },
    { label: 'Share of owners with a mortgage', value: a.mortgaged_share, units: 'fraction' },
    { label: 'Mortgaged displaced homeowners', value: mortgagedOwners, units: 'people' },
    { label: 'Average mortgage balance (USD)', value: a.avg_mortgage, units: 'USD' },
    { label: 'Mortgage balance of displaced (USD bn)', value: mortgageBalance, units: 'USD billions' },
    { label: 'Mortgage loss rate', value: a.mortgage_loss_rate, units: 'fraction' },
    { label: 'Mortgage losses (USD bn)', value: mortgage, units: 'USD billions' },
    { label: 'Gross credit losses (USD bn)', value: gross, units: 'USD billions' },
    { label: 'Loss reserves (USD bn)', value: reserves, units: 'USD billions' },
    { label: 'Net losses after reserves (USD bn)', value: net, units: 'USD billions' },
    { label: 'Bank equity (USD bn)', value: equity, units: 'USD billions' },
    { label: 'Capital hit (fraction of bank equity)', value: capitalHit, units: 'fraction' },
  ];
  return { consumer, mortgage, gross, net, capitalHit, steps: Object.freeze(steps.map((step) => Object.freeze(step))) };
}
