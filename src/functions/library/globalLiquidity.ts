/** LIQ.GLOBAL and LIQ.GLOBAL.SERIES: Fed + ECB + BoJ balance sheets in USD billions (DESIGN §3.6). */
import { isCalcError, notAvailable, type CalcError } from '../../core/errors';
import { globalLiquidityAt, globalLiquidityOn, type GlobalComponent, type GlobalLiquidityInputs } from '../../core/liquidity/globalLiquidity';
import { globalLiquidityDays } from '../../core/liquidity/globalLiquidityDays';
import { lastDay } from '../../core/series/series';
import { UNIT_LABELS } from '../../core/units';
import { dateCell, dayRows, type Cell, type HeldMap } from '../cells';
import { defineFunction, spill } from '../declaration';
import { maxRows, option, optionalDate } from '../parameters';
import { checkDateRange, checkHeldCovers, missingSeries } from '../seriesAccess';

/** Fed assets, ECB assets and its rate, BoJ assets and its rate: the order of GlobalLiquidityInputs. */
const GLOBAL_IDS = ['WALCL', 'ECBASSETSW', 'DEXUSEU', 'JPNASSETS', 'DEXJPUS'] as const;

/**
 * The five held series, or a #N/A naming every one that is missing: a component that is not held
 * is never left out of the sum in silence.
 */
function globalInputs(held: HeldMap): GlobalLiquidityInputs | CalcError {
  const [fed, ecb, usdPerEur, boj, jpyPerUsd] = GLOBAL_IDS.map((id) => held.get(id));
  if (fed && ecb && usdPerEur && boj && jpyPerUsd) return { fed, ecb, usdPerEur, boj, jpyPerUsd };
  const missing = GLOBAL_IDS.filter((id) => held.get(id) === undefined).map((id) => missingSeries(id).message);
  return notAvailable(`global liquidity needs all of Fed, ECB and BoJ with their FX rates: ${missing.join('; ')}`);
}

function seriesOf(inputs: GlobalLiquidityInputs) {
  return [inputs.fed, inputs.ecb, inputs.usdPerEur, inputs.boj, inputs.jpyPerUsd];
}

const TABLE_HEADER: Cell[] = ['component', 'series', 'local_value', 'local_units', 'fx_series', 'fx_rate', 'fx_units', 'usd_bn', 'as_of', 'fx_as_of'];

function componentRow(component: GlobalComponent): Cell[] {
  const fx = component.fx;
  return [
    component.bank,
    component.seriesId,
    component.localValue,
    UNIT_LABELS[component.localUnits],
    fx?.seriesId ?? '',
    fx?.rate ?? '',
    fx ? UNIT_LABELS[fx.units] : '',
    component.usdBillions,
    dateCell(component.day),
    fx ? dateCell(fx.day) : '',
  ];
}

export const LIQ_GLOBAL = defineFunction({
  name: 'LIQ.GLOBAL',
  method: 'liqGlobal',
  description:
    'Global central-bank liquidity in USD billions: Fed (WALCL, USD millions) + ECB (ECBASSETSW, EUR millions × DEXUSEU USD per EUR) + BoJ (JPNASSETS, 100 million yen ÷ DEXJPUS yen per USD), each balance sheet and rate as of the date; latest common date when omitted. "table" shows every component with its local value, units, rate and dates. The PBoC is not included: no open source of its total assets is known.',
  parameters: [
    { name: 'date', description: 'Date (serial or ISO text "2025-05-09"); omitted = the latest date all five series cover.', kind: optionalDate, optional: true },
    { name: 'output', description: '"total" (USD billions, default) or "table" (every component, for audit).', kind: option(['total', 'table'] as const, 'total'), optional: true },
  ],
  result: 'matrix',
  reads: () => GLOBAL_IDS,
  compute([day, output], held) {
    const inputs = globalInputs(held);
    if (isCalcError(inputs)) return inputs;
    const requested = day ?? Math.min(...seriesOf(inputs).map(lastDay));
    for (const series of seriesOf(inputs)) {
      const uncovered = checkHeldCovers(series, requested);
      if (uncovered) return uncovered;
    }
    const global = globalLiquidityAt(inputs, requested);
    if (isCalcError(global)) return global;
    if (output === 'total') return [[global.total]];
    return [TABLE_HEADER, ...global.components.map(componentRow), ['total', '', '', '', '', '', '', global.total, dateCell(requested), '']];
  },
});

export const LIQ_GLOBAL_SERIES = defineFunction({
  name: 'LIQ.GLOBAL.SERIES',
  method: 'liqGlobalSeries',
  description: 'Global central-bank liquidity over time, USD billions: a header row, then date · total · Fed · ECB · BoJ, each component and FX rate as of the row date.',
  parameters: [
    { name: 'start', description: 'First date; omitted = from the start of the common data.', kind: optionalDate, optional: true },
    { name: 'end', description: 'Last date; omitted = to the end of the common data.', kind: optionalDate, optional: true },
    { name: 'frequency', description: '"W" (Wednesdays, default) or "M" (month ends).', kind: option(['W', 'M'] as const, 'W'), optional: true },
    { name: 'max_rows', description: 'Largest number of rows to spill (default 5000).', kind: maxRows, optional: true },
  ],
  result: 'matrix',
  maxRowsArgument: 3,
  reads: () => GLOBAL_IDS,
  compute([from, to, frequency], held) {
    const badRange = checkDateRange(from, to);
    if (badRange) return badRange;
    const inputs = globalInputs(held);
    if (isCalcError(inputs)) return inputs;
    const days = globalLiquidityDays(inputs, frequency, from, to);
    if (isCalcError(days)) return days;
    return spill(days.length, ['date', 'global_liquidity_bn', 'fed_bn', 'ecb_bn', 'boj_bn'], () => {
      const table = globalLiquidityOn(inputs, days);
      return dayRows(days, [table.total, table.fed, table.ecb, table.boj]);
    });
  },
});
