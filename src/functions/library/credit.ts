/** CREDIT.LOSS and CREDIT.ASSUMPTIONS: the AI-driven credit-loss scenario (DESIGN §3.3). */
import { CREDIT_ASSUMPTION_INFO, type CreditAssumptions } from '../../core/credit/assumptions';
import { creditLoss, type CreditLossResult } from '../../core/credit/creditLoss';
import { withOverrides } from '../../core/credit/withOverrides';
import { invalidValue, isCalcError, type CalcError } from '../../core/errors';
import { singleCell, type Cell } from '../cells';
import { NO_SERIES, defineFunction } from '../declaration';
import { isOmitted, matrix, option } from '../parameters';

const OUTPUTS = ['capital_hit', 'consumer', 'mortgage', 'gross', 'net', 'table'] as const;
type Output = (typeof OUTPUTS)[number];

const SCALAR_OUTPUT: Record<Exclude<Output, 'table'>, (result: CreditLossResult) => number> = {
  capital_hit: (r) => r.capitalHit,
  consumer: (r) => r.consumer,
  mortgage: (r) => r.mortgage,
  gross: (r) => r.gross,
  net: (r) => r.net,
};

/**
 * The assumptions range: name/value pairs in its first two columns. Blank rows and a header row
 * (first cell "name", as CREDIT.ASSUMPTIONS() spills it) are skipped, so users can pass a copy of
 * that spill straight back.
 */
function parseAssumptions(rows: unknown[][]): CreditAssumptions | CalcError {
  const pairs: [string, number][] = [];
  // One empty cell is no overrides: null on the web, 0 on desktop (office-js #4702).
  const single = singleCell(rows);
  if (single && (isOmitted(single.value) || single.value === 0)) return withOverrides(pairs);
  for (const [r, row] of rows.entries()) {
    const [name, value] = row;
    if (isOmitted(name) && isOmitted(value)) continue;
    if (r === 0 && typeof name === 'string' && name.trim().toLowerCase() === 'name') continue;
    if (typeof name !== 'string') return invalidValue(`assumptions row ${r + 1}: the first column must be an assumption name, got ${String(name)}`);
    if (row.length < 2 || typeof value !== 'number') {
      return invalidValue(`assumptions row ${r + 1} (${name}): the second column must be a number, got ${isOmitted(value) ? 'nothing' : JSON.stringify(value)}`);
    }
    pairs.push([name, value]);
  }
  return withOverrides(pairs);
}

function pctCell(value: unknown, output: Exclude<Output, 'table'>, assumptions: CreditAssumptions): Cell {
  if (isOmitted(value)) return '';
  if (typeof value !== 'number') return invalidValue(`pct must be a number between 0 and 1, got ${typeof value === 'string' ? `text "${value}"` : String(value)}`);
  const result = creditLoss(value, assumptions);
  return isCalcError(result) ? result : SCALAR_OUTPUT[output](result);
}

function auditTable(result: CreditLossResult): Cell[][] {
  return [['step', 'value', 'units'], ...result.steps.map((step): Cell[] => [step.label, step.value, step.units])];
}

export const CREDIT_LOSS = defineFunction({
  name: 'CREDIT.LOSS',
  method: 'creditLoss',
  description:
    'AI credit-loss scenario for a share of US knowledge workers displaced: capital hit as a fraction of bank equity (default), or losses in USD billions, or the audit table. A range of pct values spills one result each.',
  parameters: [
    { name: 'pct', description: 'Share of knowledge workers displaced, 0–1 (e.g. 0.2); a range for a sensitivity table.', kind: matrix },
    {
      name: 'output',
      description: '"capital_hit" (fraction, default), "consumer", "mortgage", "gross", "net" (USD billions) or "table".',
      kind: option(OUTPUTS, 'capital_hit'),
      optional: true,
    },
    { name: 'assumptions', description: 'Two-column range of name/value overrides (see CREDIT.ASSUMPTIONS).', kind: matrix, optional: true },
  ],
  result: 'matrix',
  reads: () => NO_SERIES,
  compute([pcts, which, assumptions]) {
    const inputs = parseAssumptions(assumptions);
    if (isCalcError(inputs)) return inputs;
    if (which === 'table') {
      const single = singleCell(pcts);
      if (!single) return invalidValue('output "table" needs a single pct, not a range');
      const value = single.value;
      if (typeof value !== 'number') return invalidValue(`pct must be a number between 0 and 1, got ${isOmitted(value) ? 'nothing' : String(value)}`);
      const result = creditLoss(value, inputs);
      return isCalcError(result) ? result : auditTable(result);
    }
    const onlyPct = singleCell(pcts);
    if (onlyPct && isOmitted(onlyPct.value)) return invalidValue('pct is required: the share (0–1) of knowledge workers displaced');
    const cells = pcts.map((row) => row.map((value) => pctCell(value, which, inputs)));
    // A single pct answers in one cell; its error is the whole call's error.
    const onlyCell = singleCell(cells);
    if (onlyCell && isCalcError(onlyCell.value)) return onlyCell.value;
    return cells;
  },
});

export const CREDIT_ASSUMPTIONS = defineFunction({
  name: 'CREDIT.ASSUMPTIONS',
  method: 'creditAssumptions',
  description: "Every credit-loss assumption: name · default value · meaning · source · units. Copy, edit and pass as CREDIT.LOSS's assumptions.",
  parameters: [],
  result: 'matrix',
  reads: () => NO_SERIES,
  compute: () => [
    ['name', 'default', 'meaning', 'source', 'units'],
    ...CREDIT_ASSUMPTION_INFO.map((info): Cell[] => [info.name, info.defaultValue, info.meaning, info.source, info.units]),
  ],
});
