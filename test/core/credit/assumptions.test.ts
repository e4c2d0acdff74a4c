import { CREDIT_ASSUMPTION_INFO, DEFAULT_CREDIT_ASSUMPTIONS } from '../../../src/core/credit/assumptions';

describe('credit assumptions', () => {
  it('carry the published defaults of DESIGN §3.3', () => {
    // DESIGN §3.3 table, column "default"
    expect(DEFAULT_CREDIT_ASSUMPTIONS).toEqual({
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
  });

  it('describe every assumption once, with its default, meaning, source, units and range', () => {
    const names = CREDIT_ASSUMPTION_INFO.map((info) => info.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(Object.keys(DEFAULT_CREDIT_ASSUMPTIONS).sort());
    for (const info of CREDIT_ASSUMPTION_INFO) {
      expect(info.defaultValue).toBe(DEFAULT_CREDIT_ASSUMPTIONS[info.name]);
      expect(info.meaning.length).toBeGreaterThan(5);
      expect(info.source.length).toBeGreaterThan(5);
      expect(info.units.length).toBeGreaterThan(0);
      expect(info.defaultValue).toBeGreaterThanOrEqual(info.min);
      expect(info.defaultValue).toBeLessThanOrEqual(info.max);
    }
  });

  it('keep shares in [0, 1] and make divisors positive', () => {
    const byName = Object.fromEntries(CREDIT_ASSUMPTION_INFO.map((info) => [info.name, info])) as Record<
      (typeof CREDIT_ASSUMPTION_INFO)[number]['name'],
      (typeof CREDIT_ASSUMPTION_INFO)[number]
    >;
    for (const share of ['homeownership', 'mortgaged_share', 'mortgage_loss_rate'] as const) {
      expect([byName[share].min, byName[share].max, byName[share].units]).toEqual([0, 1, 'fraction']);
    }
    expect(byName.employed.min).toBeGreaterThan(0);
    expect(byName.bank_equity.min).toBeGreaterThan(0);
    expect(byName.loss_reserves.source).toMatch(/LNATRES/);
    expect(byName.bank_equity.source).toMatch(/FDIC EQ/);
    // DESIGN §3.3 meanings, verbatim
    expect(byName.student_loans.meaning).toBe('student loans, excluded because the government holds them (5.1T → 3.76T)');
    expect(byName.knowledge_workers.meaning).toBe('US knowledge workers (BLS)');
  });

  it('are frozen', () => {
    expect(Object.isFrozen(DEFAULT_CREDIT_ASSUMPTIONS)).toBe(true);
    expect(Object.isFrozen(CREDIT_ASSUMPTION_INFO)).toBe(true);
    expect(Object.isFrozen(CREDIT_ASSUMPTION_INFO[0])).toBe(true);
  });
});
