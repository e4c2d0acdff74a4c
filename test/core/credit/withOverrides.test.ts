import { DEFAULT_CREDIT_ASSUMPTIONS } from '../../../src/core/credit/assumptions';
import { withOverrides } from '../../../src/core/credit/withOverrides';
import type { CalcError } from '../../../src/core/errors';
import { isCalcError } from '../../../src/core/errors';

function expectError(result: unknown, code: string, pattern: RegExp): void {
  expect(isCalcError(result)).toBe(true);
  expect((result as CalcError).code).toBe(code);
  expect((result as CalcError).message).toMatch(pattern);
}

describe('withOverrides', () => {
  it('replaces named values, matching names case-insensitively and ignoring spaces', () => {
    const result = withOverrides([
      ['Bank_Equity', 2.4e12],
      [' HOMEOWNERSHIP ', 0.65],
    ]);
    if (isCalcError(result)) throw new Error(result.message);
    expect(result.bank_equity).toBe(2.4e12);
    expect(result.homeownership).toBe(0.65);
    expect(result.employed).toBe(DEFAULT_CREDIT_ASSUMPTIONS.employed);
  });

  it('returns the defaults for no overrides and leaves them untouched', () => {
    const result = withOverrides([]);
    expect(result).toEqual(DEFAULT_CREDIT_ASSUMPTIONS);
    withOverrides([['bank_equity', 1e12]]);
    expect(DEFAULT_CREDIT_ASSUMPTIONS.bank_equity).toBe(2.5e12);
  });

  it('starts from a given base', () => {
    const base = { ...DEFAULT_CREDIT_ASSUMPTIONS, loss_reserves: 0 };
    const result = withOverrides([['bank_equity', 3e12]], base);
    if (isCalcError(result)) throw new Error(result.message);
    expect(result.loss_reserves).toBe(0);
    expect(result.bank_equity).toBe(3e12);
  });

  it('rejects an unknown name, listing the known ones', () => {
    expectError(withOverrides([['equity', 1]]), 'VALUE', /unknown credit assumption "equity".*knowledge_workers.*bank_equity/);
  });

  it('rejects a repeated name', () => {
    expectError(
      withOverrides([
        ['bank_equity', 1e12],
        ['BANK_EQUITY', 2e12],
      ]),
      'VALUE',
      /more than once/,
    );
  });

  it('rejects non-finite values', () => {
    expectError(withOverrides([['avg_mortgage', NaN]]), 'VALUE', /avg_mortgage.*finite/);
    expectError(withOverrides([['avg_mortgage', Infinity]]), 'VALUE', /finite/);
    expectError(withOverrides([['avg_mortgage', '250000' as unknown as number]]), 'VALUE', /finite/);
  });

  it('rejects values outside their range, naming it', () => {
    expectError(withOverrides([['homeownership', 74]]), 'NUM', /homeownership must be between 0 and 1 \(fraction\), got 74/);
    expectError(withOverrides([['mortgage_loss_rate', -0.1]]), 'NUM', /between 0 and 1/);
    expectError(withOverrides([['consumer_credit', -1]]), 'NUM', /consumer_credit must be at least 0 \(USD\)/);
    expectError(withOverrides([['bank_equity', 0]]), 'NUM', /bank_equity must be at least 1/);
    expectError(withOverrides([['employed', 0]]), 'NUM', /employed must be at least 1/);
  });

  it('rejects parts larger than their wholes', () => {
    expectError(withOverrides([['knowledge_workers', 200e6]]), 'NUM', /knowledge_workers .* cannot exceed employed/);
    expectError(withOverrides([['employed', 50e6]]), 'NUM', /cannot exceed employed/);
    expectError(withOverrides([['student_loans', 6e12]]), 'NUM', /student_loans .* cannot exceed consumer_credit/);
  });
});
