/**
 * The catalogue series a dashboard's formulas read, taken from the functions' own declarations
 * (each declares `reads` from its coerced arguments), so the gallery's "Needs" line and the
 * loading before an insert cannot drift from the formulas. Pure: nothing here touches Excel.
 */
import { isCalcError } from '../../core/errors';
import { findFunction } from '../../functions/functionTable';
import { isFormulaSyntaxError, parseFormula } from '../../functions/formulaSyntax';
import type { Block, Dashboard, DashboardContext } from './catalog';

/** A block's formula text; a range argument (lifted, over) is left empty, as reads never depends on dates or pct values. */
function formulaOf(block: Block): string | undefined {
  switch (block.kind) {
    case 'spill':
    case 'scalar':
      return block.formula;
    case 'lifted':
    case 'over':
      return block.formula('');
    case 'inputs':
      return undefined;
  }
}

/** The series one formula reads; throws for a formula that is not one of our functions with valid literal arguments. */
export function formulaReads(formula: string): readonly string[] {
  const parsed = parseFormula(formula.replace(/^=/, ''));
  if (isFormulaSyntaxError(parsed)) throw new Error(`${formula}: ${parsed.message}`);
  const declaration = findFunction(parsed.name);
  if (!declaration) throw new Error(`${formula}: ${parsed.name} is not a Liquidity Lens function`);
  const args = declaration.parameters.map((parameter, i) => parameter.kind.coerce(parsed.args[i] ?? null, parameter.name));
  const invalid = args.find(isCalcError);
  // An omitted range argument may be refused (CREDIT.LOSS needs its pct): such functions read no series.
  if (invalid) return [];
  return declaration.reads(args);
}

/** Every catalogue id the dashboard's formulas read, in first-use order. */
export function dashboardNeeds(dashboard: Dashboard, context: DashboardContext): string[] {
  const ids = new Set<string>();
  for (const block of dashboard.blocks(context)) {
    const formula = formulaOf(block);
    if (formula) for (const id of formulaReads(formula)) ids.add(id);
  }
  return [...ids];
}
