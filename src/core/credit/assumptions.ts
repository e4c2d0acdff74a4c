/**
 * Inputs of the AI credit-loss scenario (DESIGN §3.3). Amounts are in USD (not billions) and counts
 * in people, as the sources state them; `creditLoss` reports its results in USD billions.
 */
export interface CreditAssumptions {
  /** US knowledge workers, people. */
  readonly knowledge_workers: number;
  /** Total US employment, people. */
  readonly employed: number;
  /** Total consumer credit, USD. */
  readonly consumer_credit: number;
  /** Student loans inside `consumer_credit`, USD; excluded because the government holds them. */
  readonly student_loans: number;
  /** Homeownership rate at the knowledge workers' income, fraction. */
  readonly homeownership: number;
  /** Share of owners with a mortgage, fraction. */
  readonly mortgaged_share: number;
  /** Average mortgage balance, USD. */
  readonly avg_mortgage: number;
  /** Share of the displaced workers' mortgage balance that ends as a bank loss, fraction. */
  readonly mortgage_loss_rate: number;
  /** Allowance for credit losses of insured banks, USD. */
  readonly loss_reserves: number;
  /** Total equity capital of insured banks, USD. */
  readonly bank_equity: number;
}

/** One assumption's default, meaning, provenance, units and allowed range (inclusive). */
export interface CreditAssumptionInfo {
  readonly name: keyof CreditAssumptions;
  readonly defaultValue: number;
  readonly meaning: string;
  readonly source: string;
  readonly units: string;
  readonly min: number;
  readonly max: number;
}

/**
 * The published defaults (DESIGN §3.3). Frozen: override with `withOverrides`, never by mutation.
 * @example
 * DEFAULT_CREDIT_ASSUMPTIONS.knowledge_workers //=> 72100000
 */
export const DEFAULT_CREDIT_ASSUMPTIONS: CreditAssumptions = Object.freeze({
  knowledge_workers: 72.1e6,
  employed: 164.5e6,
  consumer_credit: 5.1e12,
  student_loans: 1.34e12,
  homeownership: 0.74,
  mortgaged_share: 0.42,
  avg_mortgage: 250000,
  mortgage_loss_rate: 0.2026,
  loss_reserves: 2.32e11,
  bank_equity: 2.5e12,
});

/**
 * Every assumption with its published default, meaning and source (DESIGN §3.3), in the order
 * `CREDIT.ASSUMPTIONS()` lists them. Shares lie in [0, 1]; counts and amounts are ≥ 0, except
 * `employed` and `bank_equity`, which divide and so must be at least 1 (one person, one dollar).
 * @example
 * CREDIT_ASSUMPTION_INFO[0]
 * //=> { name: 'knowledge_workers', defaultValue: 72100000, meaning: 'US knowledge workers (BLS)', units: 'people', min: 0, max: Infinity, … }
 */
export const CREDIT_ASSUMPTION_INFO: readonly CreditAssumptionInfo[] = Object.freeze(
  (
    [
      {
        name: 'knowledge_workers',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.knowledge_workers,
        meaning: 'US knowledge workers (BLS)',
        source: 'BLS, as quoted by the essay (seed 000)',
        units: 'people',
        min: 0,
        max: Infinity,
      },
      {
        name: 'employed',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.employed,
        meaning: 'total US employment',
        source: 'BLS, as quoted by the essay (seed 000)',
        units: 'people',
        min: 1,
        max: Infinity,
      },
      {
        name: 'consumer_credit',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.consumer_credit,
        meaning: 'total consumer credit, USD',
        source: 'the essay (seed 000)',
        units: 'USD',
        min: 0,
        max: Infinity,
      },
      {
        name: 'student_loans',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.student_loans,
        meaning: 'student loans, excluded because the government holds them (5.1T → 3.76T)',
        source: 'the essay (seed 000)',
        units: 'USD',
        min: 0,
        max: Infinity,
      },
      {
        name: 'homeownership',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.homeownership,
        meaning: "homeownership at the knowledge workers' income (≈ $85k, 70th percentile)",
        source: 'the essay (seed 000): "74% of this income bracket own their home"',
        units: 'fraction',
        min: 0,
        max: 1,
      },
      {
        name: 'mortgaged_share',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.mortgaged_share,
        meaning: 'share of owners with a mortgage',
        source: 'the essay (seed 000): "about 42% of owners have a mortgage"',
        units: 'fraction',
        min: 0,
        max: 1,
      },
      {
        name: 'avg_mortgage',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.avg_mortgage,
        meaning: 'average mortgage balance, USD',
        source: 'the essay (seed 000): "average balance $250k"',
        units: 'USD',
        min: 0,
        max: Infinity,
      },
      {
        name: 'mortgage_loss_rate',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.mortgage_loss_rate,
        meaning: "share of the displaced workers' mortgage balance that ends as a bank loss",
        source: 'calibrated: the essay does not publish it; this value reproduces its $227B (DESIGN §3.3)',
        units: 'fraction',
        min: 0,
        max: 1,
      },
      {
        name: 'loss_reserves',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.loss_reserves,
        meaning: 'allowance for credit losses of insured banks',
        source: 'FDIC LNATRES, mid-2025 order of magnitude; refreshable from FDIC',
        units: 'USD',
        min: 0,
        max: Infinity,
      },
      {
        name: 'bank_equity',
        defaultValue: DEFAULT_CREDIT_ASSUMPTIONS.bank_equity,
        meaning: 'total equity capital of insured banks',
        source: 'FDIC EQ, mid-2025 ≈ $2.5T; refreshable from FDIC',
        units: 'USD',
        min: 1,
        max: Infinity,
      },
    ] satisfies CreditAssumptionInfo[]
  ).map((info) => Object.freeze(info)),
);
