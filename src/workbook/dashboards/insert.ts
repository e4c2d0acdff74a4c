/**
 * Inserts a dashboard (catalog.ts) as a new sheet: our spilled formulas in a data block and native
 * Excel charts bound to the spills (DESIGN §6, issue 16).
 *
 * Excel facts this relies on (learn.microsoft.com/javascript/api/excel):
 * - a custom function's cell shows #BUSY! until its first result, and a spill's extent is known
 *   only then: Range.getSpillingToRangeOrNullObject (ExcelApi 1.12) "Gets the range object
 *   containing the spill range when called on an anchor cell", null when it does not spill;
 * - ChartCollection.add(type, sourceData, seriesBy) (ExcelApi 1.1) creates a chart over a range;
 *   ChartSeries.setValues / setXAxisValues and ChartSeriesCollection.add (ExcelApi 1.7) bind series
 *   to cells; ChartSeries.axisGroup and ChartAxis.numberFormat are ExcelApi 1.8; ChartAxes.getItem,
 *   ChartAxis.categoryType, scaleType and logBase ExcelApi 1.7. A chart holds references, so a
 *   recalculation (a refresh) redraws it, and the file caches the values it drew, so a reader
 *   without the add-in still sees it;
 * - Excel refuses a logBase on an axis that is not logarithmic ("This operation is not permitted
 *   for the current object", office-js #3695): scaleType is set first;
 * - a range given to a scalar parameter of a custom function is lifted: one call per cell, spilled.
 *
 * Charts are bound to the rows the spills filled when the dashboard was inserted; a refresh that
 * adds rows (a new week) redraws the existing points but does not extend the chart. Insert again
 * for a longer one (it makes a new sheet and never touches an existing one).
 */
import type { ColumnRef, Dashboard, DashboardContext } from './catalog';
import { CHART_COLUMNS, DATA_COLUMN, MAX_CHART_POINTS, chartNotes, columnAddress, planBlocks, planCharts, uniqueSheetName, type Placement } from './layout';
import { cellAddress, columnLetters } from '../a1Address';

/** The highest requirement set insert uses (Range.getSpillingToRangeOrNullObject). */
export const DASHBOARD_REQUIREMENT = { set: 'ExcelApi', version: '1.12' } as const;

interface RequirementsLike {
  readonly context?: { readonly requirements?: { isSetSupported(name: string, minVersion?: string): boolean } };
}

/** Why this Excel cannot insert dashboards, or undefined when it can (perpetual Excel 2016 and 2019 stop below ExcelApi 1.12). */
export function dashboardsUnsupported(office: RequirementsLike | undefined = typeof Office === 'undefined' ? undefined : Office): string | undefined {
  const { set, version } = DASHBOARD_REQUIREMENT;
  if (office?.context?.requirements?.isSetSupported(set, version)) return undefined;
  return `Dashboards need ${set} ${version}, which this Excel does not offer: without it a chart cannot find the extent of the spill it is bound to.`;
}

export interface InsertOptions {
  /** Longest wait for our formulas' first results (ms; default 30 s). */
  readonly calculationTimeoutMs?: number;
  /** Poll interval while cells are #BUSY! (ms; default 150). */
  readonly pollMs?: number;
}

export interface InsertedDashboard {
  readonly sheet: string;
  readonly charts: number;
  /** Charts not drawn, each with the reason (a block without data). */
  readonly skipped: readonly string[];
  readonly ms: number;
}

/** Where each block's data ended up: the data rows (below the header) and width. */
interface Filled {
  readonly placement: Placement;
  /** First and last data row (zero-based); undefined when the block has no data. */
  readonly rows?: { readonly r0: number; readonly r1: number };
  readonly problem?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the anchors until none is #BUSY! (our functions' "still computing"). */
async function calculated(context: Excel.RequestContext, ranges: readonly Excel.Range[], options: InsertOptions): Promise<void> {
  const deadline = Date.now() + (options.calculationTimeoutMs ?? 30_000);
  for (;;) {
    for (const range of ranges) range.load('values');
    await context.sync();
    if (!ranges.some((range) => range.values[0]?.[0] === '#BUSY!')) return;
    if (Date.now() > deadline) throw new Error('our formulas did not calculate in time (cells still #BUSY!)');
    await sleep(options.pollMs ?? 150);
  }
}

export async function insertDashboard(dashboard: Dashboard, context: DashboardContext, options: InsertOptions = {}): Promise<InsertedDashboard> {
  const started = Date.now();
  const placements = planBlocks(dashboard, context);
  const byId = new Map(placements.map((p) => [p.block.id, p]));
  return Excel.run(async (ctx) => {
    const worksheets = ctx.workbook.worksheets;
    worksheets.load('items/name');
    await ctx.sync();
    const name = uniqueSheetName(
      dashboard.title,
      worksheets.items.map((sheet) => sheet.name),
    );
    const sheet = worksheets.add(name);
    const cell = (row: number, col: number) => sheet.getRangeByIndexes(row, col, 1, 1);
    const text = (row: number, col: number, value: string) => {
      // A leading apostrophe keeps text as text (Excel would read "=…" or "2025-…" otherwise).
      cell(row, col).values = [[`'${value}`]];
    };

    text(0, 0, dashboard.title);
    text(
      1,
      0,
      `${dashboard.summary} Inserted ${context.today} by Liquidity Lens. Data block from column ${columnLetters(DATA_COLUMN)}; the charts read its spills, so a refresh redraws them.`,
    );

    // Phase 1: everything whose place does not depend on a spill's length.
    const first: Excel.Range[] = [];
    for (const p of placements) {
      const block = p.block;
      if (block.kind === 'scalar') {
        text(p.row, p.col - 1, block.label);
        cell(p.row, p.col).numberFormat = [[block.format]];
        cell(p.row, p.col).formulas = [[block.formula]];
        first.push(cell(p.row, p.col));
      } else if (block.kind === 'spill') {
        text(p.titleRow, p.col, block.title);
        cell(p.row, p.col).formulas = [[block.formula]];
        first.push(cell(p.row, p.col));
      } else if (block.kind === 'inputs') {
        text(p.titleRow, p.col, block.title);
        text(p.row - 1, p.col, block.header);
        const range = sheet.getRangeByIndexes(p.row, p.col, block.values.length, 1);
        range.numberFormat = block.values.map(() => [block.format]);
        range.values = block.values.map((value) => [value]);
      } else if (block.kind === 'over') {
        const inputs = byId.get(block.of)!;
        const count = inputs.block.kind === 'inputs' ? inputs.block.values.length : 1;
        text(p.row - 1, p.col, block.header);
        sheet.getRangeByIndexes(p.row, p.col, count, 1).numberFormat = Array.from({ length: count }, () => [block.format]);
        cell(p.row, p.col).formulas = [[block.formula(columnAddress(inputs.col, inputs.row, inputs.row + count - 1))]];
        first.push(cell(p.row, p.col));
      }
    }
    await ctx.sync();
    await calculated(ctx, first, options);

    // Phase 2: each spill's extent, then the lifted columns over its date rows.
    const filled = new Map<string, Filled>();
    const spills = placements.filter((p) => p.block.kind === 'spill');
    const extents = spills.map((p) => cell(p.row, p.col).getSpillingToRangeOrNullObject().load('rowCount,columnCount'));
    const anchors = spills.map((p) => cell(p.row, p.col).load('values'));
    await ctx.sync();
    spills.forEach((p, i) => {
      const extent = extents[i]!;
      if (extent.isNullObject || extent.rowCount < 2) {
        filled.set(p.block.id, { placement: p, problem: `${p.block.kind === 'spill' ? p.block.formula : p.block.id} shows ${String(anchors[i]!.values[0]?.[0])}` });
      } else {
        filled.set(p.block.id, { placement: p, rows: { r0: p.row + 1, r1: p.row + extent.rowCount - 1 } });
        const formats = p.block.kind === 'spill' ? p.block.formats : [];
        formats.forEach((format, c) => {
          if (format !== 'General')
            sheet.getRangeByIndexes(p.row + 1, p.col + c, extent.rowCount - 1, 1).numberFormat = Array.from({ length: extent.rowCount - 1 }, () => [format]);
        });
      }
    });
    for (const p of placements) {
      if (p.block.kind === 'inputs') filled.set(p.block.id, { placement: p, rows: { r0: p.row, r1: p.row + p.block.values.length - 1 } });
      if (p.block.kind === 'over') {
        const inputs = byId.get(p.block.of)!;
        const count = inputs.block.kind === 'inputs' ? inputs.block.values.length : 1;
        filled.set(p.block.id, { placement: p, rows: { r0: p.row, r1: p.row + count - 1 } });
      }
    }
    const lifted: Excel.Range[] = [];
    for (const p of placements) {
      if (p.block.kind !== 'lifted') continue;
      const of = filled.get(p.block.of);
      text(p.row - 1, p.col, p.block.header);
      if (!of?.rows) {
        filled.set(p.block.id, { placement: p, problem: of?.problem ?? `${p.block.of} has no data` });
        continue;
      }
      const count = of.rows.r1 - of.rows.r0 + 1;
      sheet.getRangeByIndexes(p.row, p.col, count, 1).numberFormat = Array.from({ length: count }, () => [(p.block as { format: string }).format]);
      cell(p.row, p.col).formulas = [[p.block.formula(columnAddress(of.placement.col, of.rows.r0, of.rows.r1))]];
      lifted.push(cell(p.row, p.col));
      filled.set(p.block.id, { placement: p, rows: of.rows });
    }
    await ctx.sync();
    if (lifted.length) await calculated(ctx, lifted, options);

    // Phase 3: the charts, each bound to the cells of its columns.
    const column = (ref: ColumnRef): { address?: string; rows?: { r0: number; r1: number }; problem?: string } => {
      const block = filled.get(ref.block);
      if (!block?.rows) return { problem: block?.problem ?? `no block ${ref.block}` };
      return { address: columnAddress(block.placement.col + ref.column, block.rows.r0, block.rows.r1), rows: block.rows };
    };
    const plans = planCharts(dashboard).map((place) => {
      const x = column(place.spec.x);
      const series = place.spec.series.map((s) => ({ spec: s, ...column(s) }));
      let problem = x.problem ?? series.find((s) => s.problem)?.problem;
      const points = x.rows ? x.rows.r1 - x.rows.r0 + 1 : 0;
      if (!problem && points > MAX_CHART_POINTS) problem = `${points} points, more than the ${MAX_CHART_POINTS} a chart draws quickly`;
      // The first and last dates, for the frequency line under the chart.
      const ends = !problem && place.spec.xIsDate && x.address ? sheet.getRange(x.address).load('values') : undefined;
      return { place, x, series, problem, points, ends };
    });
    await ctx.sync();
    const skipped: string[] = [];
    let drawn = 0;
    for (const { place, x, series, problem, points, ends } of plans) {
      const { spec } = place;
      const values = ends?.values;
      const first = values?.[0]?.[0];
      const last = values?.[values.length - 1]?.[0];
      const extent = { points, ...(typeof first === 'number' && typeof last === 'number' ? { first, last } : {}) };
      chartNotes(spec, problem ? undefined : extent).forEach((note, i) => text(place.notesRow + i, place.left, note));
      if (problem || !x.address) {
        text(place.top, place.left, `${spec.title}: not drawn — ${problem}. Refresh its series from the Data tab, then insert the dashboard again.`);
        skipped.push(`${spec.title}: ${problem}`);
        continue;
      }
      const chart = sheet.charts.add('Line', sheet.getRange(series[0]!.address!), 'Columns');
      series.forEach((s, i) => {
        const item = i === 0 ? chart.series.getItemAt(0) : chart.series.add(s.spec.name);
        if (i > 0) item.setValues(sheet.getRange(s.address!));
        item.name = s.spec.name;
        item.setXAxisValues(sheet.getRange(x.address!));
        if (s.spec.axis === 'secondary') item.axisGroup = 'Secondary';
      });
      chart.title.text = spec.title;
      chart.legend.visible = true;
      chart.legend.position = 'Bottom';
      const category = chart.axes.categoryAxis;
      category.title.text = spec.categoryTitle;
      category.categoryType = spec.xIsDate ? 'DateAxis' : 'TextAxis';
      if (spec.xIsDate) category.numberFormat = 'mmm yyyy';
      chart.axes.valueAxis.title.text = spec.valueTitle;
      if (spec.logScale) {
        chart.axes.valueAxis.scaleType = 'Logarithmic';
        chart.axes.valueAxis.logBase = 10;
      }
      if (spec.secondaryTitle) chart.axes.getItem('Value', 'Secondary').title.text = spec.secondaryTitle;
      chart.name = `${dashboard.id}: ${spec.id}`;
      chart.setPosition(cellAddress(place.top, place.left), cellAddress(place.bottom, place.left + CHART_COLUMNS - 1));
      drawn++;
    }
    sheet.activate();
    await ctx.sync();
    return { sheet: name, charts: drawn, skipped, ms: Date.now() - started };
  });
}
