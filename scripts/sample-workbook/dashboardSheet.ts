/** The Dashboard sheet: a block for every Liquidity Lens function, values evaluated from the snapshot. */
import type { FormulaArg } from './formulas';
import { COLOR, FMT, address } from './layout';
import type { SheetWriter } from './sheetWriter';

export const DASHBOARD_SHEET = 'Dashboard';

/** Illustrative edits to the copy of the credit-loss assumptions (not data: a scenario). */
const ASSUMPTION_EDITS: Record<string, number> = {
  mortgage_loss_rate: 0.3,
  loss_reserves: 250e9,
};

const SENSITIVITY_PCTS = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3];

export interface DashboardResult {
  readonly chartArea: string;
}

/** Writes the Dashboard sheet: a block per function family, then the weekly net-liquidity spill beside its (empty) chart area. */
export async function writeDashboard(w: SheetWriter, embeddedAt: string, liqSeriesStart: string): Promise<DashboardResult> {
  const sheet = w.sheet;
  sheet.getColumn(1).width = 70;
  for (let col = 2; col <= 6; col++) sheet.getColumn(col).width = 16;
  for (let col = 8; col <= 16; col++) sheet.getColumn(col).width = 11;

  w.text(1, 1, 'Liquidity Lens — sample dashboard', { bold: true, size: 16 });
  w.text(2, 1, 'Columns B–F hold Liquidity Lens formulas (LIQ.*, CREDIT.*, RATIO.*) and their results; column A says what each block is and its units.', { wrap: true });
  w.text(
    3,
    1,
    `Cached values were computed from the data embedded in this workbook (as of ${embeddedAt}; see the Sources sheet), so they show without the add-in. With the add-in, its pane opens with the workbook and computes from the same embedded data until you refresh.`,
    { wrap: true },
  );
  w.text(
    4,
    1,
    'Tables are dynamic-array spills, stored as Excel stores them: the formula in the top-left cell, the cached values across its range. Market prices may not be redistributed, so cells that need them show #N/A until you refresh those series from the pane.',
    { wrap: true, italic: true, color: COLOR.note },
  );
  w.text(5, 1, 'Yellow cells are inputs that formulas read: edit them.', { italic: true, color: COLOR.note });
  w.row = 6;

  w.section('Net liquidity — USD billions (Fed total assets − Treasury General Account − overnight reverse repo)');
  await w.line('Net liquidity now, USD billions (latest Wednesday the three series share)', 'LIQ.INDEX', [], FMT.billions);
  await w.line('Net liquidity as of 2025-12-24, USD billions', 'LIQ.INDEX', ['2025-12-24'], FMT.billions, 'DESIGN §3.1 golden value: 5774.891');

  w.section('Repo-market stress — basis points (positive = cash is tight)');
  await w.line('SOFR − top of the fed-funds target range, bp, latest', 'LIQ.STRESS', [null, 'UPPER'], FMT.bp);
  await w.line('SOFR − interest on reserve balances (IORB), bp, latest', 'LIQ.STRESS', [null, 'IORB'], FMT.bp);
  await w.line('SOFR − top of the range at the 2025 year-end, bp', 'LIQ.STRESS', ['2025-12-31', 'UPPER'], FMT.bp);
  await w.line(
    'Standing Repo Facility take-up, USD billions, latest',
    'LIQ.SRF',
    [],
    FMT.billions,
    '#N/A here: no SRF series was available to the author (not in the snapshot or ../shared/data). Refresh SRF from the pane (NY Fed) to fill it.',
    { expectError: '#N/A' },
  );

  w.section('Money supply — fraction (shown as %)');
  await w.line('US M2 growth over 12 months, latest month (fraction; 0.05 = 5%)', 'LIQ.M2.YOY', ['US'], FMT.percent);

  w.section('AI credit-loss scenario (DESIGN §3.3) — pct = share of US knowledge workers displaced, 0–1');
  await w.line('Capital hit at pct 0.2, fraction of bank equity', 'CREDIT.LOSS', [0.2], FMT.fraction, 'published ≈ 13%');
  await w.line('Consumer-credit losses at pct 0.2, USD billions', 'CREDIT.LOSS', [0.2, 'consumer'], FMT.billions, 'published ≈ $330B');
  await w.line('Mortgage losses at pct 0.2, USD billions', 'CREDIT.LOSS', [0.2, 'mortgage'], FMT.billions, 'published $227B');
  w.row += 1;
  await w.spill('Audit table at pct 0.2: step · value · units (each step of the model, in the units of its row)', 'CREDIT.LOSS', [0.2, 'table'], {
    header: true,
    formats: [FMT.plain, FMT.plain],
  });

  w.text(w.row, 1, 'Sensitivity: pct displaced (yellow inputs) → capital hit (fraction of bank equity) and net losses after reserves (USD billions)', { wrap: true });
  w.text(w.row, 2, 'pct (input)', { bold: true });
  w.text(w.row, 3, 'capital hit', { bold: true });
  w.text(w.row, 4, 'net, USD bn', { bold: true });
  w.row += 1;
  const pcts = w.inputs(
    2,
    SENSITIVITY_PCTS.map((pct) => [pct]),
    COLOR.inputFill,
    ['0%'],
  );
  const sensitivityRow = w.row;
  await w.formula(sensitivityRow, 3, 'CREDIT.LOSS', [pcts], { formats: [FMT.fraction] });
  await w.formula(sensitivityRow, 4, 'CREDIT.LOSS', [pcts, 'net'], { formats: [FMT.billions] });
  w.row += SENSITIVITY_PCTS.length + 1;

  const assumptions = await w.spill('Every assumption: name · default · meaning · source · units (CREDIT.ASSUMPTIONS)', 'CREDIT.ASSUMPTIONS', [], {
    header: true,
    formats: [FMT.plain, FMT.plain],
  });

  const defaults = assumptions.rows.slice(1).map(([name, value]) => {
    if (typeof name !== 'string' || typeof value !== 'number') throw new Error(`CREDIT.ASSUMPTIONS returned an unexpected row ${name}, ${value}`);
    return [name, ASSUMPTION_EDITS[name] ?? value] as const;
  });
  for (const name of Object.keys(ASSUMPTION_EDITS)) {
    if (!defaults.some(([n]) => n === name)) throw new Error(`ASSUMPTION_EDITS names ${name}, which CREDIT.ASSUMPTIONS does not list`);
  }
  // One short line per row beside the copy, so no row grows taller than its values.
  [
    'Edited copy of the assumptions: name · value (yellow: edit them),',
    'passed to CREDIT.LOSS below as its 3rd argument (a 2-column range).',
    'Illustrative edits, not data (orange):',
    ...Object.entries(ASSUMPTION_EDITS).map(([name, value]) => `  ${name} ${assumptions.rows.find(([n]) => n === name)?.[1]} → ${value}`),
  ].forEach((line, i) => w.text(w.row + i, 1, line));
  const edited = w.inputs(2, defaults, COLOR.inputFill, [FMT.plain, FMT.plain]);
  defaults.forEach(([name], r) => {
    if (name in ASSUMPTION_EDITS) w.cell(w.row + r, 3).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.editedFill } };
  });
  w.row += defaults.length;
  await w.line('Capital hit at pct 0.2 with the edited assumptions, fraction of bank equity', 'CREDIT.LOSS', [0.2, 'capital_hit', edited], FMT.fraction);
  await w.line('Net losses at pct 0.2 with the edited assumptions, USD billions', 'CREDIT.LOSS', [0.2, 'net', edited], FMT.billions);

  w.section('Gold-denominated ratios — troy ounces of gold (price ÷ gold in USD per troy ounce)');
  await w.line('S&P 500 in ounces of gold, latest month (monthly averages: open datasets s-and-p-500 and gold-prices)', 'RATIO.GOLD', ['SPX'], FMT.ounces);
  await w.line('S&P 500 in ounces of gold at the 2000-08 peak', 'RATIO.GOLD', ['SPX', '2000-08-31'], FMT.ounces, 'README golden value: 5.41');
  await w.line('US M2 in gold: USD billions ÷ USD per ounce = billions of troy ounces, latest', 'RATIO.GOLD', ['M2'], FMT.ounces);
  await w.line('One US dollar in ounces of gold (1 ÷ gold price), latest', 'RATIO.GOLD', ['USD'], FMT.tinyOunces);
  await w.line(
    'Bitcoin in ounces of gold, latest',
    'RATIO.GOLD',
    ['BTC'],
    FMT.ounces,
    '#N/A here: bitcoin prices may not be redistributed, so this workbook does not carry them. Refresh BTC from the pane to fill it.',
    { expectError: '#N/A' },
  );
  w.row += 1;
  await w.spill('S&P 500 in ounces of gold, monthly since 2024-01: date · ounces', 'RATIO.GOLD.SERIES', ['SPX', '2024-01-01', null, 'M'], {
    header: true,
    formats: [FMT.date, FMT.ounces],
  });

  w.section('Pair ratios — price ÷ price');
  await w.line('S&P 500 (index points) ÷ US M2 (USD billions), latest common month', 'RATIO.PAIR', ['SPX', 'M2'], FMT.ratio);
  await w.line(
    'Consumer staples ÷ consumer discretionary (XLP / XLY), latest',
    'RATIO.PAIR',
    ['XLP', 'XLY'],
    FMT.ratio,
    '#N/A here: ETF prices may not be redistributed. Refresh XLP and XLY from the pane to fill it.',
    { expectError: '#N/A' },
  );

  w.section('Co-movement — log returns on common dates (no units); monthly here, daily with daily prices');
  w.text(w.row, 2, 'correlation', { bold: true });
  w.text(w.row, 3, 'beta', { bold: true });
  w.row += 1;
  const pairs: [label: string, args: FormulaArg[], note?: string][] = [
    ['S&P 500 vs gold, 36 monthly return pairs, latest', ['SPX.M', 'GOLD.M', 36]],
    ['S&P 500 vs US M2, 36 monthly return pairs, latest', ['SPX.M', 'M2.US', 36]],
    ['S&P 500 vs gold, 120 monthly return pairs to 2011-09 (the ratio’s low)', ['SPX.M', 'GOLD.M', 120, '2011-09-30']],
  ];
  for (const [label, args, note] of pairs) {
    w.text(w.row, 1, label, { wrap: true });
    await w.formula(w.row, 2, 'LIQ.CORR', args, { formats: [FMT.ratio] });
    await w.formula(w.row, 3, 'LIQ.BETA', args, { formats: [FMT.ratio] });
    if (note) w.text(w.row, 4, note, { italic: true, color: COLOR.note });
    w.row += 1;
  }

  w.section('Any catalogue series — LIQ.DATA with a transform');
  await w.spill('US M2, % change from a year earlier (transform "pc1"), monthly since 2025-01: date · percent', 'LIQ.DATA', ['M2.US', '2025-01-01', null, 'pc1'], {
    header: true,
    formats: [FMT.date, '0.00'],
  });

  w.section('Global liquidity, the TGA against its target, debasement in gold, lead–lag (DESIGN §3.6–§3.9)');
  await w.line(
    'TGA minus the Treasury’s announced cash target, 2025-10-29, USD billions',
    'LIQ.TGA.GAP',
    ['2025-10-29'],
    FMT.billions,
    'DESIGN §3.7: 983.859 − 850 = 133.859 (seed: “about $150B above”)',
  );
  await w.line(
    'US M2 in gold, change 1999-03-31 → 2026-02-27 (fraction)',
    'RATIO.GOLD.CHANGE',
    ['M2', '1999-03-31', '2026-02-27'],
    FMT.percent,
    'DESIGN §3.8: −70.9% (published −69%)',
  );
  await w.spill('Fed + ECB + BoJ on 2025-05-09, each component with its FX rate (USD billions)', 'LIQ.GLOBAL', ['2025-05-09', 'table'], { header: true });
  await w.spill('Global central-bank liquidity, month ends of 2024: date · total · Fed · ECB · BoJ (USD billions)', 'LIQ.GLOBAL.SERIES', ['2024-01-01', '2024-12-31', 'M'], {
    header: true,
  });
  await w.spill('S&P 500 (monthly) against US M2: lags 0–90 days over 5 years', 'LIQ.LAG', ['SPX.M', 'M2.US', 90, 1825], { header: true });

  w.section('Net liquidity, weekly, last two years — USD billions');
  const seriesRow = w.row;
  const liqSeries = await w.spill(
    'Wednesdays: date · net liquidity · Fed assets · TGA · RRP (USD billions). Chart it: select the date and net_liquidity_bn columns, Insert → Line.',
    'LIQ.SERIES',
    [liqSeriesStart, null, 'W'],
    { header: true, formats: [FMT.date, FMT.billions, FMT.billions, FMT.billions, FMT.billions] },
  );

  // The chart area: ExcelJS cannot write charts, so it is labelled and left empty, not faked.
  const chartTop = seriesRow;
  const chartBottom = seriesRow + 20;
  for (let row = chartTop; row <= chartBottom; row++) {
    for (let col = 8; col <= 16; col++) w.cell(row, col).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.chartFill } };
  }
  const [, last] = liqSeries.range.split(':');
  const lastRow = Number(/\d+$/.exec(last ?? '')?.[0]);
  w.text(chartTop, 8, 'Chart area: net liquidity over time (line chart)', { bold: true });
  w.text(chartTop + 1, 8, `No chart here: the tool that wrote this file (ExcelJS) cannot create charts. To draw it, select B${seriesRow}:C${lastRow} and choose Insert → Line,`, {
    italic: true,
    color: COLOR.note,
  });
  w.text(chartTop + 2, 8, 'or open the Liquidity Lens pane: its Charts tab plots net liquidity with its components.', { italic: true, color: COLOR.note });
  return { chartArea: `${address(chartTop, 8)}:${address(chartBottom, 16)}` };
}
