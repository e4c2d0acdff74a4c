import { DEFAULT_CREDIT_ASSUMPTIONS } from '../../../src/core/credit/assumptions';
import type { CreditLossResult } from '../../../src/core/credit/creditLoss';
import { creditLoss } from '../../../src/core/credit/creditLoss';
import { withOverrides } from '../../../src/core/credit/withOverrides';
import type { CalcError } from '../../../src/core/errors';
import { isCalcError } from '../../../src/core/errors';

function ok(result: CreditLossResult | CalcError): CreditLossResult {
  if (isCalcError(result)) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

function step(result: CreditLossResult, label: string): number {
  const found = result.steps.find((s) => s.label === label);
  if (!found) throw new Error(`no step "${label}"`);
  return found.value;
}

describe('creditLoss', () => {
  describe('published figures at pct = 0.20 with the defaults (DESIGN §3.3)', () => {
    const r = ok(creditLoss(0.2));

    it('consumer-credit losses 329.6 (±1) USD bn: 3.76T × 72.1/164.5 × 0.20', () => {
      expect(Math.abs(r.consumer - 329.6)).toBeLessThanOrEqual(1);
    });

    it('mortgage losses 227.0 (±1) USD bn: 72.1M × 0.20 × 0.74 × 0.42 × $250k × 20.26%', () => {
      expect(Math.abs(r.mortgage - 227.0)).toBeLessThanOrEqual(1);
    });

    it('capital hit 0.130 (±0.002): (330 + 227 − 232) / 2,500', () => {
      expect(Math.abs(r.capitalHit - 0.13)).toBeLessThanOrEqual(0.002);
    });

    it('adds up: gross, net after reserves, and capital hit over equity', () => {
      expect(r.gross).toBeCloseTo(r.consumer + r.mortgage, 9);
      expect(r.net).toBeCloseTo(r.gross - 232, 9);
      expect(r.capitalHit).toBeCloseTo(r.net / 2500, 12);
    });

    it('shows every step of the audit table (DESIGN §3.3: 5.1T → 3.76T; $1,120B of mortgages)', () => {
      expect(step(r, 'Consumer credit ex student loans (USD bn)')).toBeCloseTo(3760, 6);
      expect(step(r, 'Knowledge-worker share of employment')).toBeCloseTo(72.1 / 164.5, 12);
      expect(step(r, 'Displaced knowledge workers')).toBeCloseTo(14.42e6, 3);
      expect(step(r, 'Mortgaged displaced homeowners')).toBeCloseTo(14.42e6 * 0.74 * 0.42, 3);
      expect(Math.abs(step(r, 'Mortgage balance of displaced (USD bn)') - 1120)).toBeLessThan(1);
      expect(step(r, 'Consumer-credit losses (USD bn)')).toBe(r.consumer);
      expect(step(r, 'Mortgage losses (USD bn)')).toBe(r.mortgage);
      expect(step(r, 'Gross credit losses (USD bn)')).toBe(r.gross);
      expect(step(r, 'Loss reserves (USD bn)')).toBeCloseTo(232, 9);
      expect(step(r, 'Net losses after reserves (USD bn)')).toBe(r.net);
      expect(step(r, 'Bank equity (USD bn)')).toBeCloseTo(2500, 9);
      expect(step(r, 'Capital hit (fraction of bank equity)')).toBe(r.capitalHit);
      for (const s of r.steps) {
        expect(Number.isFinite(s.value)).toBe(true);
        expect(s.units.length).toBeGreaterThan(0);
      }
      expect(new Set(r.steps.map((s) => s.label)).size).toBe(r.steps.length);
    });

    it('lists every input it uses', () => {
      const values = r.steps.map((s) => s.value);
      const a = DEFAULT_CREDIT_ASSUMPTIONS;
      for (const input of [
        0.2,
        a.knowledge_workers,
        a.employed,
        a.consumer_credit / 1e9,
        a.student_loans / 1e9,
        a.homeownership,
        a.mortgaged_share,
        a.avg_mortgage,
        a.mortgage_loss_rate,
      ]) {
        expect(values).toContain(input);
      }
    });
  });

  it('is linear in pct once reserves are used up', () => {
    const r2 = ok(creditLoss(0.2));
    const r4 = ok(creditLoss(0.4));
    const r3 = ok(creditLoss(0.3));
    expect(r4.consumer).toBeCloseTo(2 * r2.consumer, 9);
    expect(r4.mortgage).toBeCloseTo(2 * r2.mortgage, 9);
    expect(r4.gross).toBeCloseTo(2 * r2.gross, 9);
    expect(r3.capitalHit - r2.capitalHit).toBeCloseTo(r4.capitalHit - r3.capitalHit, 12);
  });

  it('leaves capital untouched until reserves are used up, near pct = 0.083 (DESIGN §3.3)', () => {
    expect(ok(creditLoss(0)).capitalHit).toBe(0);
    const below = ok(creditLoss(0.08));
    expect(below.capitalHit).toBe(0);
    expect(below.net).toBe(0);
    expect(below.gross).toBeGreaterThan(0);
    expect(ok(creditLoss(0.09)).capitalHit).toBeGreaterThan(0);
  });

  it('responds to overridden assumptions', () => {
    const base = ok(creditLoss(0.2));
    const lessEquity = withOverrides([['bank_equity', 2.4e12]]);
    if (isCalcError(lessEquity)) throw new Error(lessEquity.message);
    const r = ok(creditLoss(0.2, lessEquity));
    expect(r.net).toBeCloseTo(base.net, 9);
    expect(r.capitalHit).toBeCloseTo(base.net / 2400, 12);

    const noReserves = withOverrides([['loss_reserves', 0]]);
    if (isCalcError(noReserves)) throw new Error(noReserves.message);
    expect(ok(creditLoss(0.2, noReserves)).net).toBeCloseTo(base.gross, 9);

    const noMortgages = withOverrides([['mortgaged_share', 0]]);
    if (isCalcError(noMortgages)) throw new Error(noMortgages.message);
    const r3 = ok(creditLoss(0.2, noMortgages));
    expect(r3.mortgage).toBe(0);
    expect(r3.consumer).toBe(base.consumer);
  });

  it('rejects pct outside 0–1 or not finite with invalidNumber', () => {
    for (const pct of [-0.01, 1.01, NaN, Infinity, '0.2' as unknown as number]) {
      const r = creditLoss(pct);
      expect(isCalcError(r) && r.code).toBe('NUM');
    }
    expect(isCalcError(creditLoss(1))).toBe(false);
  });

  it('rejects invalid assumptions passed in directly', () => {
    const r = creditLoss(0.2, { ...DEFAULT_CREDIT_ASSUMPTIONS, bank_equity: 0 });
    expect(isCalcError(r) && r.code).toBe('NUM');
    const r2 = creditLoss(0.2, { ...DEFAULT_CREDIT_ASSUMPTIONS, employed: NaN });
    expect(isCalcError(r2) && r2.code).toBe('VALUE');
  });
});
