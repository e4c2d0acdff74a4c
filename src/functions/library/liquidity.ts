/** LIQ.INDEX, LIQ.SERIES, LIQ.STRESS, LIQ.SRF, LIQ.M2.YOY: dollar liquidity and repo stress (DESIGN §3.1, §3.2). */
import { wednesdayOnOrBefore } from '../../core/dates/epochDay';
import { getSeries } from '../../catalog/lookup';
import { formatIsoDate } from '../../core/dates/isoDate';
import { definedAt } from '../../core/definedAt';
import { isCalcError, notAvailable, type CalcError } from '../../core/errors';
import { netLiquidityAt, netLiquidityOn, type LiquidityInputs } from '../../core/liquidity/netLiquidity';
import { netLiquidityDays } from '../../core/liquidity/netLiquidityDays';
import { yearOverYear } from '../../core/money/yearOverYear';
import { asOfIndex } from '../../core/series/asOf';
import { checkCovered } from '../../core/series/coverage';
import { lastDay } from '../../core/series/series';
import { repoStressAt } from '../../core/stress/repoStress';
import { dayRows, type HeldMap } from '../cells';
import { defineFunction, spill } from '../declaration';
import { maxRows, option, optionalDate } from '../parameters';
import { atVintage, checkDateRange, checkHeldCovers, requireHeld } from '../seriesAccess';
import { VINTAGE_PARAMETER } from './data';

const WEEKLY_IDS = ['WALCL', 'TGA', 'RRP'] as const;
const SRF_IDS = ['SRF'] as const;
const DAILY_IDS = ['WALCL', 'TGA.D', 'RRP'] as const;

/** The held component series, or the first reason one is missing. */
function liquidityInputs(held: HeldMap, [fedAssetsId, tgaId, rrpId]: readonly [string, string, string]): LiquidityInputs | CalcError {
  const fedAssets = requireHeld(held, fedAssetsId);
  if (isCalcError(fedAssets)) return fedAssets;
  const tga = requireHeld(held, tgaId);
  if (isCalcError(tga)) return tga;
  const rrp = requireHeld(held, rrpId);
  if (isCalcError(rrp)) return rrp;
  return { fedAssets, tga, rrp };
}

/** The last day every component still covers: the latest day the index can describe. */
function latestCommonDay(inputs: LiquidityInputs): number {
  return Math.min(lastDay(inputs.fedAssets), lastDay(inputs.tga), lastDay(inputs.rrp));
}

const date = { name: 'date', description: 'Date (serial or ISO text "2025-12-24"); omitted = latest.', kind: optionalDate, optional: true } as const;
const start = { name: 'start', description: 'First date; omitted = from the start of the data.', kind: optionalDate, optional: true } as const;
const end = { name: 'end', description: 'Last date; omitted = to the end of the data.', kind: optionalDate, optional: true } as const;
const maxRowsParameter = { name: 'max_rows', description: 'Largest number of rows to spill (default 5000).', kind: maxRows, optional: true } as const;

export const LIQ_INDEX = defineFunction({
  name: 'LIQ.INDEX',
  method: 'liqIndex',
  description:
    'Net liquidity in USD billions: Fed total assets (WALCL) − Treasury General Account (WDTGAL) − overnight reverse repo (RRPONTSYD), as of the Wednesday on or before the date; latest when omitted.',
  parameters: [date, VINTAGE_PARAMETER],
  result: 'scalar',
  reads: ([, asKnown]) => atVintage(WEEKLY_IDS, asKnown),
  compute([day, asKnown], held) {
    const inputs = liquidityInputs(held, atVintage(WEEKLY_IDS, asKnown));
    if (isCalcError(inputs)) return inputs;
    const requested = day ?? latestCommonDay(inputs);
    const uncovered = checkHeldCovers(inputs.fedAssets, requested) ?? checkHeldCovers(inputs.tga, requested) ?? checkHeldCovers(inputs.rrp, requested);
    if (uncovered) return uncovered;
    const result = netLiquidityAt(inputs, wednesdayOnOrBefore(requested));
    return isCalcError(result) ? result : result.net;
  },
});

export const LIQ_SERIES = defineFunction({
  name: 'LIQ.SERIES',
  method: 'liqSeries',
  description: 'Net liquidity and its components over time, USD billions: a header row, then date · net liquidity · Fed assets · TGA · RRP.',
  parameters: [
    start,
    end,
    { name: 'frequency', description: '"W" (Wednesdays, default) or "D" (daily TGA from the Daily Treasury Statement).', kind: option(['W', 'D'] as const, 'W'), optional: true },
    maxRowsParameter,
    VINTAGE_PARAMETER,
  ],
  result: 'matrix',
  maxRowsArgument: 3,
  reads: ([, , frequency, , asKnown]) => atVintage(frequency === 'W' ? WEEKLY_IDS : DAILY_IDS, asKnown),
  compute([from, to, frequency, , asKnown], held) {
    const badRange = checkDateRange(from, to);
    if (badRange) return badRange;
    const inputs = liquidityInputs(held, atVintage(frequency === 'W' ? WEEKLY_IDS : DAILY_IDS, asKnown));
    if (isCalcError(inputs)) return inputs;
    const days = netLiquidityDays(inputs, frequency, from, to);
    if (isCalcError(days)) return days;
    return spill(days.length, ['date', 'net_liquidity_bn', 'fed_assets_bn', 'tga_bn', 'rrp_bn'], () => {
      const table = netLiquidityOn(inputs, days);
      return dayRows(days, [table.net, table.fedAssets, table.tga, table.rrp]);
    });
  },
});

const STRESS_REFERENCES = { UPPER: 'FF.UPPER', IORB: 'IORB' } as const;
const STRESS_IDS = { UPPER: ['SOFR', 'FF.UPPER'], IORB: ['SOFR', 'IORB'] } as const;

export const LIQ_STRESS = defineFunction({
  name: 'LIQ.STRESS',
  method: 'liqStress',
  description: 'Repo-market stress in basis points: SOFR − top of the fed-funds target range (default) or SOFR − IORB. Positive = cash is tight.',
  parameters: [
    { ...date, description: 'Date; omitted = latest SOFR.' },
    { name: 'measure', description: '"UPPER" (top of the range, default) or "IORB".', kind: option(['UPPER', 'IORB'] as const, 'UPPER'), optional: true },
  ],
  result: 'scalar',
  reads: ([, measure]) => (measure === 'UPPER' ? STRESS_IDS.UPPER : STRESS_IDS.IORB),
  compute([day, measure], held) {
    const sofr = requireHeld(held, 'SOFR');
    if (isCalcError(sofr)) return sofr;
    const reference = requireHeld(held, STRESS_REFERENCES[measure]);
    if (isCalcError(reference)) return reference;
    const requested = day ?? lastDay(sofr);
    const uncovered = checkCovered(sofr, requested, 'D') ?? checkCovered(reference, requested, 'D');
    if (uncovered) return uncovered;
    const stress = repoStressAt(sofr, reference, requested);
    return isCalcError(stress) ? stress : stress.spreadBp;
  },
});

export const LIQ_SRF = defineFunction({
  name: 'LIQ.SRF',
  method: 'liqSrf',
  description: 'Standing Repo Facility take-up on a day, USD billions (0 on days with no use).',
  parameters: [{ ...date, description: 'Date; omitted = latest operation day.' }],
  result: 'scalar',
  reads: () => SRF_IDS,
  compute([day], held) {
    const srf = requireHeld(held, 'SRF');
    if (isCalcError(srf)) return srf;
    const requested = day ?? lastDay(srf);
    const uncovered = checkCovered(srf, requested, 'D');
    if (uncovered) return uncovered;
    // Take-up is a daily flow, not a level: a day without an operation result had none.
    const index = asOfIndex(srf, requested);
    return index >= 0 && srf.days[index] === requested ? definedAt(srf.values, index, 'the SRF values') : 0;
  },
});

const M2_IDS = { US: ['M2.US'], CN: ['M2.CN'] } as const;

export const LIQ_M2_YOY = defineFunction({
  name: 'LIQ.M2.YOY',
  method: 'liqM2Yoy',
  description: 'M2 money supply growth over 12 months, as a fraction (0.046 = 4.6%).',
  parameters: [
    { name: 'country', description: '"US" (default) or "CN".', kind: option(['US', 'CN'] as const, 'US'), optional: true },
    { ...date, description: 'Date; omitted = latest month.' },
    {
      ...VINTAGE_PARAMETER,
      description: `${VINTAGE_PARAMETER.description} With "first" both months are first releases; for the growth as reported on a release day, pass that day.`,
    },
  ],
  result: 'scalar',
  reads: ([country, , asKnown]) => atVintage(M2_IDS[country], asKnown),
  compute([country, day, asKnown], held) {
    const m2 = requireHeld(held, atVintage(M2_IDS[country], asKnown)[0]);
    if (isCalcError(m2)) return m2;
    // A series the catalogue knows has no current source (China's M2) may be held from its old
    // one: "latest" would silently be years old, so only an explicit date reads it.
    const stopped = getSeries(m2.id).unavailableReason;
    if (day === undefined && stopped) return notAvailable(`${stopped}; the ${m2.id} held ends ${formatIsoDate(lastDay(m2))}: pass a date to use it`);
    const requested = day ?? lastDay(m2);
    const uncovered = checkCovered(m2, requested, 'M');
    if (uncovered) return uncovered;
    const growth = yearOverYear(m2, requested);
    return isCalcError(growth) ? growth : growth.value;
  },
});
