/**
 * The dashboards (DESIGN §6, issue 16): the seeds' chart pack as data, read by the pane's gallery
 * (src/taskpane/dashboardsPanel.ts), the Excel writer (insert.ts), the sample-workbook builder and
 * the tests. Each dashboard is a data block of our spilled formulas and the native charts drawn
 * over it; the series it needs follow from its formulas (needs.ts). Nothing here touches Excel.
 *
 * Block kinds:
 * - `spill`: a formula that spills a header row, then one row per date (LIQ.SERIES, LIQ.DATA,
 *   RATIO.GOLD.SERIES…); column 0 is the date.
 * - `lifted`: one of our scalar functions given the date rows of a spill block. Excel calls a
 *   custom function once per cell of a range passed to a scalar parameter and spills the results
 *   ("array lifting"), so `=LIQ.STRESS(V5:V504)` is a column of stress readings on those dates.
 *   No function spills a rolling correlation, SOFR − top of range, SRF use, a pair ratio or the TGA
 *   gap over time, so those columns are lifted LIQ.CORR, LIQ.STRESS, LIQ.SRF, RATIO.PAIR and
 *   LIQ.TGA.GAP. The range is fixed when the dashboard is inserted (see insert.ts).
 * - `inputs`: constants the user may edit (the credit scenario's pct values), with a header.
 * - `over`: a function given an inputs block as a whole (CREDIT.LOSS's pct is a matrix parameter).
 * - `scalar`: one labelled value (headline figures).
 */
import { DEFAULT_CREDIT_ASSUMPTIONS } from '../../core/credit/assumptions';

export interface DashboardContext {
  /** ISO date the dashboard is built for (the pane: today; the sample: the data's last date). */
  readonly today: string;
}

export interface SpillBlock {
  readonly kind: 'spill';
  readonly id: string;
  readonly title: string;
  readonly formula: string;
  /** Number format per column (0 = the date column). */
  readonly formats: readonly string[];
}

export interface LiftedBlock {
  readonly kind: 'lifted';
  readonly id: string;
  /** The spill block whose date rows it reads (placed to the right of it). */
  readonly of: string;
  readonly header: string;
  /** The formula, given the A1 address of the date rows, e.g. `V5:V504`. */
  readonly formula: (dates: string) => string;
  readonly format: string;
}

export interface InputsBlock {
  readonly kind: 'inputs';
  readonly id: string;
  readonly title: string;
  readonly header: string;
  readonly values: readonly number[];
  readonly format: string;
}

export interface OverBlock {
  readonly kind: 'over';
  readonly id: string;
  /** The inputs block it reads (placed to the right of it). */
  readonly of: string;
  readonly header: string;
  readonly formula: (inputs: string) => string;
  readonly format: string;
}

export interface ScalarBlock {
  readonly kind: 'scalar';
  readonly id: string;
  readonly label: string;
  readonly formula: string;
  readonly format: string;
}

export type Block = SpillBlock | LiftedBlock | InputsBlock | OverBlock | ScalarBlock;

/** A column of a block: a spill's column index, or 0 for a one-column block. */
export interface ColumnRef {
  readonly block: string;
  readonly column: number;
}

export interface ChartSeriesSpec extends ColumnRef {
  readonly name: string;
  /** 'secondary' puts the series on the right-hand value axis (other units). */
  readonly axis?: 'secondary';
}

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  /** The categories: a date column (date axis) or the credit scenario's pct inputs (text axis). */
  readonly x: ColumnRef;
  readonly xIsDate: boolean;
  readonly series: readonly ChartSeriesSpec[];
  readonly categoryTitle: string;
  readonly valueTitle: string;
  readonly secondaryTitle?: string;
  readonly logScale?: boolean;
  /** The sources line written under the chart. */
  readonly sources: string;
  /**
   * How often a point is drawn and why (written under the chart, after the sources; insert adds
   * how many points that gave and over which dates). Every chart stays under MAX_CHART_POINTS.
   */
  readonly frequency: string;
  /** Reference levels to read the chart against (DESIGN §3.4 landmarks), written under it. */
  readonly landmarks?: string;
  /** How to read the chart (what rising or falling means), written under it. */
  readonly reading?: string;
}

export interface Dashboard {
  readonly id: string;
  readonly title: string;
  /** One line for the gallery. */
  readonly summary: string;
  readonly blocks: (context: DashboardContext) => readonly Block[];
  readonly charts: readonly ChartSpec[];
}

export const FORMAT = {
  date: 'yyyy-mm-dd',
  billions: '#,##0.0',
  bp: '0',
  percent: '0.00',
  fraction: '0.0%',
  share: '0%',
  ounces: '0.000',
  ratio: '0.000',
  correlation: '0.00',
} as const;

/** `today` moved back by whole years, as ISO text (29 February → 28 February). */
export function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const WEEKLY_NOTE = (years: number) => `Weekly (Wednesdays) over ${years} years, so the chart stays quick: daily data would give five times as many points.`;
const CREDIT_PCTS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];
const LIQ_FORMATS = [FORMAT.date, FORMAT.billions, FORMAT.billions, FORMAT.billions, FORMAT.billions];

export const DASHBOARDS: readonly Dashboard[] = [
  {
    id: 'dollar-liquidity',
    title: 'Dollar liquidity',
    summary: 'Net liquidity (Fed assets − TGA − ON RRP) and its three components; the TGA against the Treasury’s announced target.',
    blocks: ({ today }) => [
      { kind: 'scalar', id: 'net-now', label: 'Net liquidity, latest Wednesday (USD bn)', formula: '=LIQ.INDEX()', format: FORMAT.billions },
      { kind: 'scalar', id: 'gap-now', label: 'TGA − announced target, latest (USD bn)', formula: '=LIQ.TGA.GAP()', format: FORMAT.billions },
      {
        kind: 'spill',
        id: 'liq',
        title: 'Net liquidity and components, USD billions (Wednesdays)',
        formula: `=LIQ.SERIES("${yearsBefore(today, 10)}",,"W")`,
        formats: LIQ_FORMATS,
      },
      // The cash-balance targets start with the 2023-01-30 announcement (TGA.TARGET).
      { kind: 'spill', id: 'tga', title: 'Since the first target in the data (2023-01-30), USD billions', formula: '=LIQ.SERIES("2023-02-01",,"W")', formats: LIQ_FORMATS },
      { kind: 'lifted', id: 'gap', of: 'tga', header: 'tga_minus_target_bn', formula: (dates) => `=LIQ.TGA.GAP(${dates})`, format: FORMAT.billions },
    ],
    charts: [
      {
        id: 'net-liquidity',
        title: 'Net liquidity and its components',
        x: { block: 'liq', column: 0 },
        xIsDate: true,
        series: [
          { block: 'liq', column: 1, name: 'Net liquidity' },
          { block: 'liq', column: 2, name: 'Fed total assets' },
          { block: 'liq', column: 3, name: 'Treasury General Account' },
          { block: 'liq', column: 4, name: 'Overnight reverse repo' },
        ],
        categoryTitle: 'Week (Wednesday)',
        valueTitle: 'USD billions',
        sources: 'Sources: Federal Reserve H.4.1 (FRED WALCL, WDTGAL), FRED RRPONTSYD; net = WALCL − TGA − ON RRP (=LIQ.SERIES).',
        frequency: WEEKLY_NOTE(10),
      },
      {
        id: 'tga-target',
        title: 'Treasury General Account against its target',
        x: { block: 'tga', column: 0 },
        xIsDate: true,
        series: [
          { block: 'tga', column: 3, name: 'TGA (Wednesday level)' },
          { block: 'gap', column: 0, name: 'TGA − announced target' },
        ],
        categoryTitle: 'Week (Wednesday)',
        valueTitle: 'USD billions',
        sources: 'Sources: FRED WDTGAL; Treasury quarterly refunding, assumed end-of-quarter cash balance (TGA.TARGET, =LIQ.TGA.GAP).',
        frequency: 'Weekly (Wednesdays) since the first target in the data (announced 2023-01-30).',
        reading: 'Above zero, the Treasury holds more cash than it planned: liquidity drained from banks.',
      },
    ],
  },
  {
    id: 'repo-stress',
    title: 'Repo stress',
    summary: 'SOFR minus the top of the fed-funds range, with Standing Repo Facility take-up.',
    blocks: ({ today }) => [
      { kind: 'scalar', id: 'stress-now', label: 'SOFR − top of range, latest (bp)', formula: '=LIQ.STRESS()', format: FORMAT.bp },
      { kind: 'spill', id: 'sofr', title: 'SOFR, percent (business days)', formula: `=LIQ.DATA("SOFR","${yearsBefore(today, 2)}")`, formats: [FORMAT.date, FORMAT.percent] },
      { kind: 'lifted', id: 'stress', of: 'sofr', header: 'sofr_minus_top_bp', formula: (dates) => `=LIQ.STRESS(${dates},"UPPER")`, format: FORMAT.bp },
      { kind: 'lifted', id: 'srf', of: 'sofr', header: 'srf_takeup_bn', formula: (dates) => `=LIQ.SRF(${dates})`, format: FORMAT.billions },
    ],
    charts: [
      {
        id: 'repo-stress',
        title: 'SOFR − top of the fed-funds range, with SRF take-up',
        x: { block: 'sofr', column: 0 },
        xIsDate: true,
        series: [
          { block: 'stress', column: 0, name: 'SOFR − top of range' },
          { block: 'srf', column: 0, name: 'Standing Repo Facility take-up', axis: 'secondary' },
        ],
        categoryTitle: 'Business day',
        valueTitle: 'Basis points',
        secondaryTitle: 'USD billions',
        sources: 'Sources: New York Fed (SOFR, repo operations), FRED DFEDTARU; =LIQ.STRESS, =LIQ.SRF.',
        frequency: 'Daily (business days) over two years: month- and quarter-end spikes last a day, so this chart stays daily.',
        reading: 'Near zero or above, cash is tight and SRF take-up follows (DESIGN §3.2).',
      },
    ],
  },
  {
    id: 'credit-losses',
    title: 'AI credit losses',
    summary: 'CREDIT.LOSS over pct 0–0.5: the capital hit, losses against loss reserves, and the audit table.',
    blocks: () => [
      { kind: 'inputs', id: 'pct', title: 'Scenario: share of knowledge workers displaced (edit these cells)', header: 'pct', values: CREDIT_PCTS, format: FORMAT.share },
      { kind: 'over', id: 'hit', of: 'pct', header: 'capital_hit', formula: (pct) => `=CREDIT.LOSS(${pct})`, format: FORMAT.fraction },
      { kind: 'over', id: 'gross', of: 'pct', header: 'gross_bn', formula: (pct) => `=CREDIT.LOSS(${pct},"gross")`, format: FORMAT.billions },
      { kind: 'over', id: 'net', of: 'pct', header: 'net_of_reserves_bn', formula: (pct) => `=CREDIT.LOSS(${pct},"net")`, format: FORMAT.billions },
      // No function returns the reserves per scenario row: the assumption's default, as an input.
      {
        kind: 'inputs',
        id: 'reserves',
        title: 'Loss reserves (assumption loss_reserves, USD bn)',
        header: 'loss_reserves_bn',
        values: CREDIT_PCTS.map(() => DEFAULT_CREDIT_ASSUMPTIONS.loss_reserves / 1e9),
        format: FORMAT.billions,
      },
      { kind: 'spill', id: 'audit', title: 'Audit table at pct 0.2: every step of the model', formula: '=CREDIT.LOSS(0.2,"table")', formats: ['General', 'General', 'General'] },
    ],
    charts: [
      {
        id: 'capital-hit',
        title: 'Capital hit by share of knowledge workers displaced',
        x: { block: 'pct', column: 0 },
        xIsDate: false,
        series: [{ block: 'hit', column: 0, name: 'Capital hit after reserves' }],
        categoryTitle: 'Share of knowledge workers displaced (pct)',
        valueTitle: 'Fraction of bank equity',
        sources: 'Sources: CREDIT.LOSS defaults (DESIGN §3.3: BLS, Federal Reserve G.19, FDIC); zero until losses exceed reserves (pct ≈ 0.083).',
        frequency: 'Scenarios pct 0 to 0.5 in steps of 0.05: edit the pct inputs and the chart follows.',
      },
      {
        id: 'reserves-threshold',
        title: 'Losses against loss reserves (the reserves threshold)',
        x: { block: 'pct', column: 0 },
        xIsDate: false,
        series: [
          { block: 'gross', column: 0, name: 'Gross losses (consumer + mortgage)' },
          { block: 'reserves', column: 0, name: 'Loss reserves' },
          { block: 'net', column: 0, name: 'Losses net of reserves' },
        ],
        categoryTitle: 'Share of knowledge workers displaced (pct)',
        valueTitle: 'USD billions',
        sources: 'Sources: CREDIT.LOSS (gross, net); reserves = assumption loss_reserves (FDIC LNATRES order of magnitude).',
        frequency: 'Scenarios pct 0 to 0.5 in steps of 0.05.',
        reading: 'Where the gross line crosses the reserves line, bank capital starts to absorb losses.',
      },
    ],
  },
  {
    id: 'priced-in-gold',
    title: 'Priced in gold',
    summary: 'S&P 500 and QQQ in troy ounces of gold since 1999, log scale, with the seed’s landmarks.',
    blocks: () => [
      { kind: 'scalar', id: 'spx-change', label: 'SPX in gold, change since 1999-03-31 (fraction)', formula: '=RATIO.GOLD.CHANGE("SPX","1999-03-31")', format: FORMAT.fraction },
      { kind: 'scalar', id: 'qqq-change', label: 'QQQ in gold, change since 1999-03-31 (fraction)', formula: '=RATIO.GOLD.CHANGE("QQQ","1999-03-31")', format: FORMAT.fraction },
      {
        kind: 'scalar',
        id: 'm2-change',
        label: 'US M2 in gold ("the dollar"), change since 1999-03-31',
        formula: '=RATIO.GOLD.CHANGE("M2","1999-03-31")',
        format: FORMAT.fraction,
      },
      { kind: 'spill', id: 'spx', title: 'S&P 500 in troy ounces of gold, monthly', formula: '=RATIO.GOLD.SERIES("SPX","1999-01-01",,"M")', formats: [FORMAT.date, FORMAT.ounces] },
      { kind: 'spill', id: 'qqq', title: 'QQQ in troy ounces of gold, monthly', formula: '=RATIO.GOLD.SERIES("QQQ","1999-03-01",,"M")', formats: [FORMAT.date, FORMAT.ounces] },
    ],
    charts: [
      {
        id: 'spx-gold',
        title: 'S&P 500 priced in gold since 1999 (log scale)',
        x: { block: 'spx', column: 0 },
        xIsDate: true,
        series: [{ block: 'spx', column: 1, name: 'S&P 500 ÷ gold' }],
        categoryTitle: 'Month',
        valueTitle: 'Troy ounces of gold (log scale)',
        logScale: true,
        sources: 'Sources: daily closes where held, else monthly averages of the open s-and-p-500 (Shiller) and gold-prices datasets; =RATIO.GOLD.SERIES.',
        frequency: 'Monthly (last observation of each month) since 1999: daily would be over 6,000 points.',
        landmarks: 'Landmarks (seed 003): peak ≈ 5.5 (2000); low 0.6–0.7 (2011); resistance 2.5 since; 1.39 with gold at $5,000 (early 2026).',
      },
      {
        id: 'qqq-gold',
        title: 'QQQ priced in gold since 1999 (log scale)',
        x: { block: 'qqq', column: 0 },
        xIsDate: true,
        series: [{ block: 'qqq', column: 1, name: 'QQQ ÷ gold' }],
        categoryTitle: 'Month',
        valueTitle: 'Troy ounces of gold (log scale)',
        logScale: true,
        sources: 'Sources: QQQ and gold futures daily closes (market-price provider, split-adjusted), as held on this machine; =RATIO.GOLD.SERIES.',
        frequency: 'Monthly (last observation of each month) since March 1999: daily would be over 6,000 points.',
        landmarks: 'Landmarks (seed 003): peak 0.40 (2000); low ≈ 0.03; resistance 0.25; 0.12 in early 2026.',
      },
    ],
  },
  {
    id: 'risk-rotation',
    title: 'Risk rotation',
    summary: 'Staples vs discretionary (XLP/XLY), software vs Nasdaq (IGV/QQQ), private credit and AmEx vs software (OWL/IGV, AXP/IGV).',
    blocks: ({ today }) => [
      // A weekly date column: QQQ in gold on Wednesdays (its second column is not charted).
      {
        kind: 'spill',
        id: 'weeks',
        title: 'Weeks (Wednesdays), with QQQ in ounces of gold',
        formula: `=RATIO.GOLD.SERIES("QQQ","${yearsBefore(today, 5)}",,"W")`,
        formats: [FORMAT.date, FORMAT.ounces],
      },
      { kind: 'lifted', id: 'xlp-xly', of: 'weeks', header: 'XLP/XLY', formula: (d) => `=RATIO.PAIR("XLP","XLY",${d})`, format: FORMAT.ratio },
      { kind: 'lifted', id: 'igv-qqq', of: 'weeks', header: 'IGV/QQQ', formula: (d) => `=RATIO.PAIR("IGV","QQQ",${d})`, format: FORMAT.ratio },
      { kind: 'lifted', id: 'owl-igv', of: 'weeks', header: 'OWL/IGV', formula: (d) => `=RATIO.PAIR("OWL","IGV",${d})`, format: FORMAT.ratio },
      { kind: 'lifted', id: 'axp-igv', of: 'weeks', header: 'AXP/IGV', formula: (d) => `=RATIO.PAIR("AXP","IGV",${d})`, format: FORMAT.ratio },
    ],
    charts: (
      [
        ['xlp-xly', 'Consumer staples ÷ discretionary (XLP/XLY)', 'Rising: defensive rotation.'],
        ['igv-qqq', 'Software ÷ Nasdaq 100 (IGV/QQQ)', 'Falling: software lagging the index.'],
        ['owl-igv', 'Blue Owl ÷ software (OWL/IGV)', 'Private-credit lender against its software borrowers.'],
        ['axp-igv', 'American Express ÷ software (AXP/IGV)', 'Consumer credit against software.'],
      ] as const
    ).map(([id, title, reading]) => ({
      id,
      title,
      x: { block: 'weeks', column: 0 },
      xIsDate: true,
      series: [{ block: id, column: 0, name: title.replace(/ \(.*\)$/, '') }],
      categoryTitle: 'Week (Wednesday)',
      valueTitle: 'Price ratio (no units)',
      sources: 'Sources: daily closes from the market-price provider (split-adjusted), as held on this machine; =RATIO.PAIR.',
      frequency: WEEKLY_NOTE(5),
      reading,
    })),
  },
  {
    id: 'bitcoin-tech',
    title: 'Bitcoin and tech',
    summary: 'Rolling 30-day correlation of bitcoin with the Nasdaq 100 and NVIDIA; bitcoin priced in gold.',
    blocks: ({ today }) => [
      {
        kind: 'spill',
        id: 'btc',
        title: 'Bitcoin in troy ounces of gold (Wednesdays)',
        formula: `=RATIO.GOLD.SERIES("BTC","${yearsBefore(today, 3)}",,"W")`,
        formats: [FORMAT.date, FORMAT.ounces],
      },
      // "30-day" in the press is a calendar month: 21 daily return pairs (DESIGN §3.5).
      { kind: 'lifted', id: 'corr-ndx', of: 'btc', header: 'corr_btc_ndx_21d', formula: (d) => `=LIQ.CORR("BTC","NDX",21,${d})`, format: FORMAT.correlation },
      { kind: 'lifted', id: 'corr-nvda', of: 'btc', header: 'corr_btc_nvda_21d', formula: (d) => `=LIQ.CORR("BTC","NVDA",21,${d})`, format: FORMAT.correlation },
      { kind: 'lifted', id: 'corr-gold', of: 'btc', header: 'corr_btc_gold_21d', formula: (d) => `=LIQ.CORR("BTC","GOLD",21,${d})`, format: FORMAT.correlation },
    ],
    charts: [
      {
        id: 'btc-correlation',
        title: 'Bitcoin’s rolling 30-day correlation with the Nasdaq 100 and NVIDIA',
        x: { block: 'btc', column: 0 },
        xIsDate: true,
        series: [
          { block: 'corr-ndx', column: 0, name: 'BTC vs Nasdaq 100' },
          { block: 'corr-nvda', column: 0, name: 'BTC vs NVIDIA' },
        ],
        categoryTitle: 'Week (Wednesday)',
        valueTitle: 'Correlation of daily log returns (21 pairs)',
        sources: 'Sources: daily closes of BTC, ^NDX and NVDA (market-price provider), as held on this machine; =LIQ.CORR.',
        frequency: 'Weekly (Wednesdays) over three years; each point is the correlation of the 21 daily return pairs to that day.',
      },
      {
        id: 'btc-gold',
        title: 'Bitcoin and gold',
        x: { block: 'btc', column: 0 },
        xIsDate: true,
        series: [
          { block: 'btc', column: 1, name: 'BTC in ounces of gold' },
          { block: 'corr-gold', column: 0, name: 'BTC vs gold, 30-day correlation', axis: 'secondary' },
        ],
        categoryTitle: 'Week (Wednesday)',
        valueTitle: 'Troy ounces of gold',
        secondaryTitle: 'Correlation (no units)',
        sources: 'Sources: BTC and gold futures daily closes (market-price provider), as held on this machine; =RATIO.GOLD.SERIES, =LIQ.CORR.',
        frequency: 'Weekly (Wednesdays) over three years.',
      },
    ],
  },
];

export function findDashboard(id: string): Dashboard | undefined {
  return DASHBOARDS.find((dashboard) => dashboard.id === id);
}
