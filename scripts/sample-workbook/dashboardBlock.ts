/** One of the pane's dashboards: its data block where Insert puts it (no charts: ExcelJS draws none). */
import { isFormulaSyntaxError, parseFormula } from '../../src/functions/formulaSyntax';
import { columnLetters as dashboardColumn } from '../../src/workbook/a1Address';
import type { Dashboard } from '../../src/workbook/dashboards/catalog';
import { planBlocks } from '../../src/workbook/dashboards/layout';
import type { FormulaArg, RangeArg } from './formulas';
import { COLOR } from './layout';
import type { SheetWriter } from './sheetWriter';

/** The dashboard (src/workbook/dashboards/catalog.ts) whose data block the sample carries: it needs no market data. */
export const SAMPLE_DASHBOARD_ID = 'credit-losses';

/** A dashboard formula (`=CREDIT.LOSS({0},"gross")`, the range as the array constant {0}) as a call with `range` in its place. */
function dashboardCall(formula: string, range?: RangeArg): { fn: string; args: FormulaArg[] } {
  const parsed = parseFormula(formula.replace(/^=/, ''));
  if (isFormulaSyntaxError(parsed)) throw new Error(`${formula}: ${parsed.message}`);
  return {
    fn: parsed.name,
    args: parsed.args.map((arg) => {
      if (!Array.isArray(arg)) return arg;
      if (!range) throw new Error(`${formula}: a range argument with no inputs block to stand for`);
      return range;
    }),
  };
}

/**
 * Writes `dashboard`'s data block on `w`'s sheet at the cells layout.ts planBlocks gives (zero-based
 * there, one-based here): titles, headers, inputs and our formulas with their evaluated values. Only
 * dashboards whose blocks are inputs, formulas over them and literal spills: a lifted column would
 * need the spill's rows as the pane finds them.
 */
export async function writeDashboardBlock(w: SheetWriter, dashboard: Dashboard, today: string): Promise<void> {
  w.text(1, 1, dashboard.title, { bold: true, size: 16 });
  w.text(
    2,
    1,
    `${dashboard.summary} This is its data block, where the pane's Dashboards → Insert puts it (from column ${dashboardColumn(planBlocks(dashboard, { today })[0]!.col)}); insert the dashboard from the pane for its native charts.`,
  );
  const inputs = new Map<string, RangeArg>();
  for (const p of planBlocks(dashboard, { today })) {
    const { block } = p;
    const [row, col] = [p.row + 1, p.col + 1];
    if (block.kind === 'inputs') {
      w.text(p.titleRow + 1, col, block.title, { bold: true });
      w.text(row - 1, col, block.header, { bold: true });
      w.row = row;
      inputs.set(
        block.id,
        w.inputs(
          col,
          block.values.map((value) => [value]),
          COLOR.inputFill,
          [block.format],
        ),
      );
    } else if (block.kind === 'over') {
      w.text(row - 1, col, block.header, { bold: true });
      const { fn, args } = dashboardCall(block.formula('{0}'), inputs.get(block.of));
      await w.formula(row, col, fn, args, { formats: [block.format] });
    } else if (block.kind === 'spill') {
      w.text(p.titleRow + 1, col, block.title, { bold: true });
      const { fn, args } = dashboardCall(block.formula);
      await w.formula(row, col, fn, args, { header: true, formats: [...block.formats] });
    } else {
      throw new Error(`${dashboard.id}: the sample cannot lay out a ${block.kind} block (${block.id})`);
    }
  }
}
