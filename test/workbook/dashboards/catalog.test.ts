/**
 * The dashboards as data (src/workbook/dashboards/catalog.ts): the six of issue 16 with what each
 * must show, every chart bound to columns that exist, every formula one of our functions with
 * valid literal arguments, and the series each needs derived from those formulas (needs.ts).
 */
import { DASHBOARDS, findDashboard, yearsBefore, type Block, type Dashboard } from '../../../src/workbook/dashboards/catalog';
import { dashboardNeeds, formulaReads } from '../../../src/workbook/dashboards/needs';

const CONTEXT = { today: '2026-03-04' };
const blocksOf = (dashboard: Dashboard) => dashboard.blocks(CONTEXT);
/** Every formula text; a range argument (lifted, over) as `range` (the parser reads literals only: '' leaves it omitted). */
const formulas = (dashboard: Dashboard, range = 'V5:V9'): string[] =>
  blocksOf(dashboard).flatMap((block) =>
    block.kind === 'spill' || block.kind === 'scalar' ? [block.formula] : block.kind === 'lifted' || block.kind === 'over' ? [block.formula(range)] : [],
  );
const width = (block: Block): number => (block.kind === 'spill' ? block.formats.length : 1);

describe('the dashboards catalogue', () => {
  it('has the six dashboards of issue 16, each with a chart, ids unique', () => {
    expect(DASHBOARDS.map((d) => d.id)).toEqual(['dollar-liquidity', 'repo-stress', 'credit-losses', 'priced-in-gold', 'risk-rotation', 'bitcoin-tech']);
    for (const dashboard of DASHBOARDS) {
      expect(dashboard.charts.length).toBeGreaterThan(0);
      expect(new Set(blocksOf(dashboard).map((b) => b.id)).size).toBe(blocksOf(dashboard).length);
      expect(new Set(dashboard.charts.map((c) => c.id)).size).toBe(dashboard.charts.length);
    }
  });

  it('binds every chart to columns of blocks that exist, and reads blocks placed before it', () => {
    for (const dashboard of DASHBOARDS) {
      const blocks = new Map(blocksOf(dashboard).map((b) => [b.id, b]));
      for (const chart of dashboard.charts) {
        for (const ref of [chart.x, ...chart.series]) {
          const block = blocks.get(ref.block);
          expect(block).toBeDefined();
          expect(ref.column).toBeLessThan(width(block!));
        }
        // Titles, axis titles with units, a sources line and a frequency: every chart says what it shows.
        for (const text of [chart.title, chart.categoryTitle, chart.valueTitle, chart.sources, chart.frequency]) expect(text.length).toBeGreaterThan(3);
        expect(chart.sources).toMatch(/^Sources: /);
        if (chart.series.some((s) => s.axis === 'secondary')) expect(chart.secondaryTitle).toBeDefined();
      }
      const seen = new Set<string>();
      for (const block of blocksOf(dashboard)) {
        if (block.kind === 'lifted' || block.kind === 'over') expect(seen.has(block.of)).toBe(true);
        seen.add(block.id);
      }
    }
  });

  it('writes only our functions, with arguments they accept', () => {
    for (const dashboard of DASHBOARDS) for (const formula of formulas(dashboard, '')) expect(() => formulaReads(formula)).not.toThrow();
    expect(() => formulaReads('=SUM(1,2)')).toThrow(/not a Liquidity Lens function/);
    expect(() => formulaReads('=LIQ.DATA(')).toThrow();
  });

  it('derives what each dashboard needs from its formulas', () => {
    const needs = (id: string) => dashboardNeeds(findDashboard(id)!, CONTEXT);
    expect(needs('dollar-liquidity')).toEqual(expect.arrayContaining(['WALCL', 'TGA', 'RRP', 'TGA.TARGET']));
    expect(needs('repo-stress')).toEqual(expect.arrayContaining(['SOFR', 'FF.UPPER', 'SRF']));
    expect(needs('credit-losses')).toEqual([]);
    // RATIO.GOLD.CHANGE("M2", …) reads US M2: a hand-written list forgot it.
    expect(needs('priced-in-gold')).toEqual(expect.arrayContaining(['M2.US', 'QQQ']));
    expect(needs('risk-rotation')).toEqual(expect.arrayContaining(['XLP', 'XLY', 'IGV', 'QQQ', 'OWL', 'AXP']));
    expect(needs('bitcoin-tech')).toEqual(expect.arrayContaining(['BTC', 'NVDA']));
  });

  it('shows what the issue asks of each dashboard', () => {
    const all = (id: string) => formulas(findDashboard(id)!).join(' ');
    expect(all('dollar-liquidity')).toMatch(/LIQ\.SERIES\(.*"W"\)/);
    expect(all('dollar-liquidity')).toContain('LIQ.TGA.GAP(');
    expect(findDashboard('dollar-liquidity')!.charts[0]!.series).toHaveLength(4);
    expect(all('repo-stress')).toMatch(/LIQ\.STRESS\(.*"UPPER"\).*LIQ\.SRF\(/);

    const credit = findDashboard('credit-losses')!;
    const pct = blocksOf(credit).find((b) => b.id === 'pct');
    expect(pct?.kind === 'inputs' && pct.values).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5]);
    expect(all('credit-losses')).toMatch(/CREDIT\.LOSS\(V5:V9\).*CREDIT\.LOSS\(0\.2,"table"\)/);
    expect(credit.charts.flatMap((c) => c.series.map((s) => s.block))).toEqual(expect.arrayContaining(['hit', 'gross', 'reserves']));

    const gold = findDashboard('priced-in-gold')!;
    expect(all('priced-in-gold')).toMatch(/RATIO\.GOLD\.SERIES\("SPX","1999-01-01",,"M"\).*RATIO\.GOLD\.SERIES\("QQQ","1999-03-01",,"M"\)/);
    expect(gold.charts.every((c) => c.logScale && c.landmarks)).toBe(true);

    expect(all('risk-rotation')).toMatch(/RATIO\.PAIR\("XLP","XLY".*RATIO\.PAIR\("IGV","QQQ".*RATIO\.PAIR\("OWL","IGV".*RATIO\.PAIR\("AXP","IGV"/);
    // "30-day" is a calendar month of returns: 21 pairs (DESIGN §3.5).
    expect(all('bitcoin-tech')).toMatch(/LIQ\.CORR\("BTC","NDX",21,.*LIQ\.CORR\("BTC","NVDA",21,/);
    expect(findDashboard('bitcoin-tech')!.charts.map((c) => c.id)).toEqual(['btc-correlation', 'btc-gold']);
  });

  it('never asks for daily data over years: long spans are weekly or monthly', () => {
    for (const dashboard of DASHBOARDS) {
      for (const block of blocksOf(dashboard)) {
        if (block.kind !== 'spill') continue;
        const daily = /^=(LIQ\.DATA|RATIO\.GOLD\.SERIES\("[A-Z0-9.]+","[0-9-]+",,"D"\))/.test(block.formula);
        if (!daily) continue;
        const start = /"(\d{4}-\d{2}-\d{2})"/.exec(block.formula)![1]!;
        // At most two years of business days (about 500 points).
        expect(start >= yearsBefore(CONTEXT.today, 2)).toBe(true);
      }
    }
  });

  it('yearsBefore moves whole years back; 29 February becomes 28 February', () => {
    expect(yearsBefore('2026-03-04', 10)).toBe('2016-03-04');
    expect(yearsBefore('2028-02-29', 1)).toBe('2027-02-28');
  });
});
