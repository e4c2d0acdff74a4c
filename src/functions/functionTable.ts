/**
 * Every custom function, one declaration each (declaration.ts). Excel's metadata (the generated
 * wrappers in excelFunctions.generated.ts), the help page, the CLI and the pane's function
 * reference all read this list; adding a function means adding its declaration here.
 */
import type { FunctionDeclaration } from './declaration';
import { CREDIT_ASSUMPTIONS, CREDIT_LOSS } from './library/credit';
import { LIQ_DATA } from './library/data';
import { LIQ_GLOBAL, LIQ_GLOBAL_SERIES } from './library/globalLiquidity';
import { LIQ_INDEX, LIQ_M2_YOY, LIQ_SERIES, LIQ_SRF, LIQ_STRESS } from './library/liquidity';
import { RATIO_GOLD, RATIO_GOLD_CHANGE, RATIO_GOLD_SERIES, RATIO_PAIR } from './library/ratio';
import { LIQ_BETA, LIQ_CORR, LIQ_LAG } from './library/stats';
import { LIQ_TGA_GAP } from './library/treasury';

export const FUNCTIONS: readonly FunctionDeclaration[] = [
  LIQ_INDEX,
  LIQ_SERIES,
  LIQ_STRESS,
  LIQ_SRF,
  LIQ_M2_YOY,
  LIQ_CORR,
  LIQ_BETA,
  LIQ_DATA,
  LIQ_GLOBAL,
  LIQ_GLOBAL_SERIES,
  LIQ_TGA_GAP,
  LIQ_LAG,
  CREDIT_LOSS,
  CREDIT_ASSUMPTIONS,
  RATIO_GOLD,
  RATIO_GOLD_SERIES,
  RATIO_PAIR,
  RATIO_GOLD_CHANGE,
];

const byName = new Map(FUNCTIONS.map((declaration) => [declaration.name.toUpperCase(), declaration]));

/** The declaration of a function by its Excel name, case-insensitive; also Excel's stored `_xldudf_LIQ_INDEX` form. */
export function findFunction(name: string): FunctionDeclaration | undefined {
  const upper = name.trim().toUpperCase();
  const direct = byName.get(upper);
  if (direct) return direct;
  const stored = /^_XLDUDF_(.+)$/.exec(upper);
  return stored ? FUNCTIONS.find((declaration) => declaration.name.replace(/\./g, '_') === stored[1]) : undefined;
}
