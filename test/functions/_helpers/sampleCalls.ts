/**
 * One valid call per function of the table, optional arguments omitted (null), and whether it
 * answers a value on ../shared/data: the profile tests (unit and e2e) run each under both Excels.
 * A new function must add its call here (the tests check every declaration has one).
 */
export const SAMPLE_CALLS: Record<string, { args: unknown[]; answers: boolean }> = {
  'LIQ.INDEX': { args: [null], answers: true },
  'LIQ.SERIES': { args: ['2025-12-01', null, null, null], answers: true },
  'LIQ.STRESS': { args: [null, null], answers: true },
  'LIQ.SRF': { args: [null], answers: false }, // SRF is not in ../shared/data: #N/A "not held" either way
  'LIQ.M2.YOY': { args: [null, null], answers: true },
  'LIQ.CORR': { args: ['BTC', 'NDX', null, null], answers: true },
  'LIQ.BETA': { args: ['BTC', 'NDX', null, null], answers: true },
  'LIQ.DATA': { args: ['WALCL', '2025-01-01', null, null, null], answers: true },
  'CREDIT.LOSS': { args: [[[0.2]], null, null], answers: true },
  'CREDIT.ASSUMPTIONS': { args: [], answers: true },
  'RATIO.GOLD': { args: ['SPX', null], answers: true },
  'RATIO.GOLD.SERIES': { args: ['SPX', '2025-01-01', null, null, null], answers: true },
  'RATIO.PAIR': { args: ['XLP', 'XLY', null], answers: true },
  'LIQ.GLOBAL': { args: [null, null], answers: true },
  'LIQ.GLOBAL.SERIES': { args: ['2025-01-01', null, null, null], answers: true },
  'LIQ.TGA.GAP': { args: [null, null], answers: true },
  'LIQ.LAG': { args: ['BTC', 'M2', null, null, null], answers: true },
  'RATIO.GOLD.CHANGE': { args: ['SPX', '1999-03-31', null], answers: true },
};

/** A call written as a formula: text quoted, a 1×1 matrix as its value, null as an empty argument. */
export function formulaFor(name: string, args: readonly unknown[], omitted = ''): string {
  const literal = (arg: unknown): string => {
    if (arg === null) return omitted;
    if (Array.isArray(arg)) return literal((arg as unknown[][])[0]![0]);
    return typeof arg === 'string' ? `"${arg}"` : String(arg);
  };
  return `=${name}(${args.map(literal).join(',')})`;
}
