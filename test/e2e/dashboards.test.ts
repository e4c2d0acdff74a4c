/**
 * The Dashboards gallery in headless Chromium on the Office test host, against the real gateway
 * and a mock of every upstream (so market prices load as they would from the live providers):
 * every dashboard inserts as a new sheet whose native charts are bound to the spills of our
 * formulas; the test host's chart API refuses what Excel refuses. Screenshots of each dashboard's
 * card go to test-results/dashboard-<id>.png; insert times (from the host's record of Office calls:
 * first call of the insert to its last sync) are printed and written to
 * test-results/dashboards-metrics.json, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { DASHBOARDS } from '../../src/workbook/dashboards/catalog';
import { CHART_COLUMNS, MAX_CHART_POINTS, frequencyNote } from '../../src/workbook/dashboards/layout';
import { columnLetters } from '../../src/workbook/a1Address';
import { dashboardNeeds } from '../../src/workbook/dashboards/needs';
import type { ChartInfo, RecordedCall, TestCell } from '../../harness/host/protocol';
import { startAddinServer, type AddinServer } from '../../harness/e2e/addinServer';
import { RESULTS_DIR, launchBrowser, openPane, type Pane } from '../../harness/e2e/browser';

jest.setTimeout(180_000);

let server: AddinServer;
let browser: Browser;
let pane: Pane;
const insertMs: Record<string, number> = {};
const insertCalls: Record<string, number> = {};
/** What each inserted chart was bound to, for the metrics file (the closing note lists them). */
const insertedCharts: Record<
  string,
  { sheet: string; charts: { title: string; source: string; series: { name: string; values?: string; xValues?: string; points: number }[] }[] }
> = {};
/** Excel's default geometry, as the host lays charts out: columns 48 pt, rows 15 pt. */
const COLUMN_POINTS = 48;
const ROW_POINTS = 15;

beforeAll(async () => {
  [server, browser] = await Promise.all([startAddinServer(), launchBrowser()]);
  pane = await openPane(browser, server, { height: 900 });
  await pane.page.click('#tab-dashboards');
}, 180_000);

afterAll(async () => {
  await pane?.close().catch(() => undefined);
  await browser?.close();
  await server?.close();
});

/** A sheet-qualified address as Excel writes one: `'Repo stress'!A1` (the name quoted, ' doubled). */
const at = (sheet: string, a1: string): string => `'${sheet.replace(/'/g, "''")}'!${a1}`;

/** Rows of a sheet-qualified A1 range such as `'Repo stress'!T6:T505`. */
function rowsOf(address: string): { r0: number; r1: number; col: string } {
  const match = /!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(address);
  if (!match) throw new Error(`not a range: ${address}`);
  return { col: match[1]!, r0: Number(match[2]), r1: Number(match[4] ?? match[2]) };
}

/** Clicks Insert, waits for the pane's answer and records, from the host's log, how long the insert's Office calls took. */
async function insert(id: string): Promise<string> {
  const status = `[data-testid="dashboard-status-${id}"]`;
  const before = (await pane.host.calls()).length;
  await pane.page.click(`[data-testid="dashboard-insert-${id}"]`);
  await pane.page.waitForFunction((selector) => /^(Inserted|That did not work)/.test(document.querySelector(selector)?.textContent ?? ''), status, { timeout: 90_000 });
  const text = (await pane.page.textContent(status)) ?? '';
  expect(text).toMatch(/^Inserted the sheet "/);
  const calls: RecordedCall[] = (await pane.host.calls()).slice(before);
  const office = calls.filter((call) => call.api === 'Excel.run' || call.api === 'context.sync');
  insertMs[id] = office.at(-1)!.at - office[0]!.at;
  insertCalls[id] = office.filter((call) => call.api === 'context.sync').length;
  return /"([^"]+)"/.exec(text)![1]!;
}

describe('the Dashboards gallery', () => {
  it('shows every dashboard with a preview, the series it needs and whether they are held', async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    for (const dashboard of DASHBOARDS) {
      const card = pane.page.locator(`[data-testid="dashboard-${dashboard.id}"]`);
      expect(await card.locator('svg.dashboard__preview g').count()).toBe(dashboard.charts.length);
      const needs = card.locator(`[data-testid="dashboard-needs-${dashboard.id}"] [data-series-id]`);
      expect(await needs.evaluateAll((els) => els.map((el) => el.getAttribute('data-series-id')))).toEqual(
        dashboardNeeds(dashboard, { today: new Date().toISOString().slice(0, 10) }),
      );
      await card.screenshot({ path: path.join(RESULTS_DIR, `dashboard-${dashboard.id}.png`) });
    }
    // A fresh pane holds the embedded snapshot (Fed series) but no market prices (never shipped).
    const held = (id: string, series: string) => pane.page.getAttribute(`[data-testid="dashboard-needs-${id}"] [data-series-id="${series}"]`, 'data-held');
    expect(await held('dollar-liquidity', 'WALCL')).toBe('true');
    expect(await held('bitcoin-tech', 'BTC')).toBe('false');
  });

  for (const dashboard of DASHBOARDS) {
    it(`inserts ${dashboard.title}: a new sheet, native line charts bound to the spilled rows, titled, with axis titles and a legend`, async () => {
      const sheet = await insert(dashboard.id);
      expect(await pane.host.sheets()).toContain(sheet);
      const charts: ChartInfo[] = await pane.host.charts(sheet);
      insertedCharts[dashboard.id] = {
        sheet,
        charts: charts.map((c) => ({
          title: c.title,
          source: c.source,
          series: c.series.map((s) => ({ name: s.name, values: s.values, xValues: s.xValues, points: s.points.length })),
        })),
      };
      expect(charts.map((chart) => chart.title)).toEqual(dashboard.charts.map((spec) => spec.title));
      for (const [i, chart] of charts.entries()) {
        const spec = dashboard.charts[i]!;
        expect(chart.chartType).toBe('Line');
        expect(chart.titleVisible).toBe(true);
        expect(chart.legend).toEqual({ visible: true, position: 'Bottom' });
        const category = chart.axes.find((a) => a.type === 'Category' && a.group === 'Primary')!;
        expect(category.title).toBe(spec.categoryTitle);
        expect(category.categoryType).toBe(spec.xIsDate ? 'DateAxis' : 'TextAxis');
        const value = chart.axes.find((a) => a.type === 'Value' && a.group === 'Primary')!;
        expect(value.title).toBe(spec.valueTitle);
        expect(value.scaleType).toBe(spec.logScale ? 'Logarithmic' : 'Linear');
        if (spec.secondaryTitle) expect(chart.axes.find((a) => a.type === 'Value' && a.group === 'Secondary')?.title).toBe(spec.secondaryTitle);
        expect(chart.series.map((s) => s.name)).toEqual(spec.series.map((s) => s.name));
        expect(chart.series.map((s) => s.axisGroup)).toEqual(spec.series.map((s) => (s.axis ? 'Secondary' : 'Primary')));
        // The chart was added over its first series' cells.
        expect(chart.source).toBe(chart.series[0]!.values);
        for (const series of chart.series) {
          const values = rowsOf(series.values!);
          const x = rowsOf(series.xValues!);
          expect([values.r0, values.r1]).toEqual([x.r0, x.r1]);
          expect(series.points).toHaveLength(values.r1 - values.r0 + 1);
          // A responsive chart: a frequency that keeps every line under the cap (never 5,000 daily points).
          expect(series.points.length).toBeLessThanOrEqual(MAX_CHART_POINTS);
          // Mostly numbers (a lifted column may start or end with #N/A outside a series' range).
          expect(series.points.filter((p) => typeof p === 'number').length).toBeGreaterThan(series.points.length * 0.6);
          // Bound to a spill and covering exactly its rows: every cell is filled by one anchor, the next is not.
          const cells: TestCell[] = (await pane.host.cells(at(sheet, `${values.col}${values.r0}:${values.col}${values.r1 + 1}`))).map((row) => row[0]!);
          const inRange = cells.slice(0, -1);
          const anchor = inRange[0]!.spilledFrom ?? inRange[0]!.address;
          const isInputs = !String(inRange[0]!.formula).startsWith('=') && inRange[0]!.spilledFrom === undefined;
          if (!isInputs) {
            for (const cell of inRange.slice(inRange[0]!.spilledFrom ? 0 : 1)) expect(cell.spilledFrom).toBe(anchor);
            expect(cells.at(-1)!.spilledFrom).not.toBe(anchor);
          }
        }
        // Under the chart: the sources line, then the frequency with the points and dates it drew.
        const below = Math.round((chart.top + chart.height) / ROW_POINTS) + 1;
        const left = columnLetters(Math.round(chart.left / COLUMN_POINTS));
        expect((await pane.host.cell(at(sheet, `${left}${below}`))).value).toBe(spec.sources);
        const x = rowsOf(chart.series[0]!.xValues!);
        const date = async (row: number) => (await pane.host.cell(at(sheet, `${x.col}${row}`))).value as number;
        const extent = { points: x.r1 - x.r0 + 1, ...(spec.xIsDate ? { first: await date(x.r0), last: await date(x.r1) } : {}) };
        expect((await pane.host.cell(at(sheet, `${left}${below + 1}`))).value).toBe(frequencyNote(spec, extent));
        expect(chart.width).toBe(CHART_COLUMNS * COLUMN_POINTS);
      }
      // Laid out to fit a screen beside the pane: two abreast within columns A–T, at most two rows (38 rows).
      for (const chart of charts) {
        expect(chart.left + chart.width).toBeLessThanOrEqual(20 * COLUMN_POINTS);
        expect(chart.top + chart.height).toBeLessThanOrEqual(35 * ROW_POINTS);
      }
      // No two charts overlap.
      for (const [i, a] of charts.entries()) {
        for (const b of charts.slice(i + 1)) {
          const apart = a.left + a.width <= b.left || b.left + b.width <= a.left || a.top + a.height <= b.top || b.top + b.height <= a.top;
          expect(apart).toBe(true);
        }
      }
    });
  }

  it('inserting a dashboard again makes a second sheet and leaves the first (and the user’s edits) alone', async () => {
    await pane.host.setCell("'Dollar liquidity'!A30", 'my note');
    const before = await pane.host.charts('Dollar liquidity');
    const sheet = await insert('dollar-liquidity');
    expect(sheet).toBe('Dollar liquidity (2)');
    expect((await pane.host.cell("'Dollar liquidity'!A30")).value).toBe('my note');
    expect(await pane.host.charts('Dollar liquidity')).toEqual(before);
    expect(await pane.host.charts(sheet)).toHaveLength(2);
  });

  it('redraws a chart when its cells recalculate (charts hold references, not copies)', async () => {
    const [hit] = await pane.host.charts('AI credit losses');
    const before = hit!.series[0]!.points;
    const pct = rowsOf(hit!.series[0]!.xValues!);
    // The last scenario, pct 0.5 → 0.6: CREDIT.LOSS over the inputs recalculates, the chart follows.
    await pane.host.setCell(`'AI credit losses'!${pct.col}${pct.r1}`, 0.6);
    const address = `'AI credit losses'!${rowsOf(hit!.series[0]!.values!).col}${pct.r1}`;
    await pane.waitForCell(address, (cell) => typeof cell.value === 'number' && cell.value !== before.at(-1));
    const after = (await pane.host.charts('AI credit losses'))[0]!.series[0]!.points;
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    expect(after.at(-1)!).toBeGreaterThan(before.at(-1)!);
  });

  it('inserted every dashboard without an error or a request leaving the machine, and prints the insert times', () => {
    const lines = DASHBOARDS.map((d) => `${d.title.padEnd(18)} ${String(insertMs[d.id]).padStart(6)} ms  ${insertCalls[d.id]} syncs  ${d.charts.length} charts`);
    console.log(`Dashboard insert times on the test host (first Office call to last sync):\n${lines.join('\n')}`);
    writeFileSync(path.join(RESULTS_DIR, 'dashboards-metrics.json'), JSON.stringify({ insertMs, insertSyncs: insertCalls, charts: insertedCharts }, null, 2));
    expect(Object.keys(insertMs).sort()).toEqual(DASHBOARDS.map((d) => d.id).sort());
    expect(pane.guard.blocked).toEqual([]);
    expect(pane.errors).toEqual([]);
  });
});

describe('the test host’s chart API refuses what Excel refuses', () => {
  const attempt = (body: string) =>
    pane.page.evaluate(async (source) => {
      try {
        await Excel.run(async (context) => {
          const sheet = context.workbook.worksheets.add(`T${Math.random().toString(36).slice(2, 8)}`);
          sheet.getRange('A1:B3').values = [
            ['x', 'y'],
            [1, 2],
            [3, 4],
          ];
          await (new Function('context', 'sheet', `return (async () => { ${source} })()`) as (c: unknown, s: unknown) => Promise<void>)(context, sheet);
        });
        return 'ok';
      } catch (error) {
        return (error as { code?: string }).code ?? String(error);
      }
    }, body);

  it('an unknown chart type or "Invalid" is InvalidArgument; a type the host does not draw is NotImplemented', async () => {
    expect(await attempt(`sheet.charts.add('Sparkline', sheet.getRange('B2:B3')); await context.sync();`)).toBe('InvalidArgument');
    expect(await attempt(`sheet.charts.add('Invalid', sheet.getRange('B2:B3')); await context.sync();`)).toBe('InvalidArgument');
    expect(await attempt(`sheet.charts.add('Treemap', sheet.getRange('B2:B3')); await context.sync();`)).toBe('NotImplemented');
    expect(await attempt(`sheet.charts.add('Line', sheet.getRange('B2:B3'), 'Diagonal'); await context.sync();`)).toBe('InvalidArgument');
  });

  it('a source range that does not exist is refused: a null object, a deleted sheet', async () => {
    expect(await attempt(`sheet.charts.add('Line', sheet.getRange('B2').getSpillingToRangeOrNullObject()); await context.sync();`)).toBe('InvalidArgument');
    expect(
      await attempt(
        `const other = context.workbook.worksheets.add('Gone'); const range = other.getRange('A1:A3'); other.delete(); sheet.charts.add('Line', range); await context.sync();`,
      ),
    ).toBe('ItemNotFound');
  });

  it('a log base only on a logarithmic axis; no secondary axis until a series is on it; a title is read only after load', async () => {
    const chart = `const chart = sheet.charts.add('Line', sheet.getRange('B2:B3'));`;
    expect(await attempt(`${chart} chart.axes.valueAxis.logBase = 10; await context.sync();`)).toBe('InvalidOperation');
    expect(await attempt(`${chart} chart.axes.valueAxis.scaleType = 'Logarithmic'; chart.axes.valueAxis.logBase = 10; await context.sync();`)).toBe('ok');
    expect(await attempt(`${chart} chart.axes.categoryAxis.scaleType = 'Logarithmic'; await context.sync();`)).not.toBe('ok');
    expect(await attempt(`${chart} chart.axes.getItem('Value', 'Secondary').title.text = 'x'; await context.sync();`)).toBe('ItemNotFound');
    expect(await attempt(`${chart} chart.title.text = 'T'; await context.sync(); const again = sheet.charts.getItemAt(0); await context.sync(); again.title.text;`)).toBe(
      'PropertyNotLoaded',
    );
  });

  it('series values must be one row or column; properties need load and sync; a header row names the series', async () => {
    expect(
      await attempt(`const chart = sheet.charts.add('Line', sheet.getRange('B2:B3')); chart.series.getItemAt(0).setValues(sheet.getRange('A2:B3')); await context.sync();`),
    ).toBe('InvalidArgument');
    expect(await attempt(`const chart = sheet.charts.add('Line', sheet.getRange('B2:B3')); await context.sync(); chart.name;`)).toBe('PropertyNotLoaded');
    expect(
      await attempt(`
        const chart = sheet.charts.add('Line', sheet.getRange('A1:B3'), 'Columns');
        chart.series.load('items/name'); chart.load('name');
        await context.sync();
        if (chart.name !== 'Chart 1' || chart.series.items.map((s) => s.name).join() !== 'x,y') throw new Error(chart.name + ' ' + chart.series.items.map((s) => s.name).join());`),
    ).toBe('ok');
  });
});

describe('an Excel without ExcelApi 1.12', () => {
  it('shows the gallery with every Insert disabled, saying what it needs', async () => {
    const old = await openPane(browser, server, { host: { requirementSets: { ExcelApi: '1.11', SharedRuntime: '1.1', CustomFunctionsRuntime: '1.3' } } });
    try {
      await old.page.click('#tab-dashboards');
      for (const dashboard of DASHBOARDS) {
        expect(await old.page.isDisabled(`[data-testid="dashboard-insert-${dashboard.id}"]`)).toBe(true);
        expect(await old.page.textContent(`[data-testid="dashboard-status-${dashboard.id}"]`)).toMatch(/need ExcelApi 1\.12/);
      }
      expect(await old.host.charts()).toEqual([]);
    } finally {
      await old.close();
    }
  });
});
