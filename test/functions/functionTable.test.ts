/**
 * The function table is the one declaration of every function: the committed metadata wrappers
 * (what custom-functions-metadata reads to build functions.json) must be exactly what it renders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderWrappers } from '../../scripts/functions/renderWrappers';
import { FUNCTIONS, findFunction } from '../../src/functions/functionTable';
import { maxRows } from '../../src/functions/parameters';

describe('the function table', () => {
  it('renders exactly the committed wrappers (run `npm run functions` after changing a declaration)', () => {
    const committed = readFileSync(join(__dirname, '../../src/functions/excelFunctions.generated.ts'), 'utf8');
    expect(committed).toBe(renderWrappers(FUNCTIONS));
  });

  it('names every function under a family prefix, once, with a unique JavaScript name', () => {
    for (const declaration of FUNCTIONS) expect(declaration.name).toMatch(/^(LIQ|CREDIT|RATIO)\.[A-Z0-9.]+$/);
    expect(new Set(FUNCTIONS.map((d) => d.name)).size).toBe(FUNCTIONS.length);
    expect(new Set(FUNCTIONS.map((d) => d.method)).size).toBe(FUNCTIONS.length);
  });

  it('lists required parameters before optional ones, as Excel requires', () => {
    for (const declaration of FUNCTIONS) {
      const firstOptional = declaration.parameters.findIndex((p) => p.optional);
      if (firstOptional >= 0) expect(declaration.parameters.slice(firstOptional).every((p) => p.optional)).toBe(true);
    }
  });

  it('caps every spilling series function by a max_rows parameter it declares', () => {
    for (const declaration of FUNCTIONS.filter((d) => d.maxRowsArgument !== undefined)) {
      const parameter = declaration.parameters[declaration.maxRowsArgument as number];
      expect([declaration.name, parameter?.name, parameter?.kind]).toEqual([declaration.name, 'max_rows', maxRows]);
    }
  });

  it('finds a function by its typed name or by the form Excel stores it in a file', () => {
    expect(findFunction('liq.index')?.name).toBe('LIQ.INDEX');
    // Excel saves =LIQ.INDEX(…) as _xldudf_LIQ_INDEX(…) (shared/fixtures/excel_xldudf, DESIGN §2a).
    expect(findFunction('_xldudf_RATIO_GOLD_SERIES')?.name).toBe('RATIO.GOLD.SERIES');
    expect(findFunction('_xldudf_NOT_OURS')).toBeUndefined();
  });
});
