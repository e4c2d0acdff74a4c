/**
 * Our functions' names as typed and as Excel stores them. The stored form is what a workbook saved
 * by Excel for Mac 16 holds (../shared/fixtures/excel_xldudf, sheet "Correct":
 * `_xldudf_CONTOSO_ADD(1,2)` for the function typed as CONTOSO.ADD).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { chooseEmbedded, mayRedistribute, redistributionNote } from '../../src/workbook/licences';
import { callsOurFunction, registeredName, storedName, toStoredForm } from '../../src/workbook/storedFormula';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { createSeries } from '../../src/core/series/series';

const FIXTURE = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'excel_xldudf', 'Custom_Functions_Protected_Sheet_Repro.xlsx');

describe('stored function names', () => {
  it('turn dots into underscores after the _xldudf_ prefix, as the Excel-saved fixture shows', async () => {
    const zip = await JSZip.loadAsync(readFileSync(FIXTURE));
    const sheet = await zip.file('xl/worksheets/sheet3.xml')!.async('string');
    const stored = [...sheet.matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1]);
    expect(stored).toEqual(['_xldudf_CONTOSO_ADD(1,2)', '_xldudf_CONTOSO_GET("test")']);
    expect(toStoredForm('CONTOSO.ADD(1,2)', ['CONTOSO.ADD'])).toBe(stored[0]);
    expect(toStoredForm('CONTOSO.GET("test")', ['contoso.get'])).toBe(stored[1]);
  });

  it('rewrite every call of ours, nested, and leave strings and other names alone', () => {
    const names = ['LIQ.INDEX', 'RATIO.GOLD', 'CREDIT.LOSS', 'LIQ.M2.YOY'];
    expect(toStoredForm('SUM(LIQ.INDEX(),RATIO.GOLD("LIQ.INDEX(",A1))+CREDIT.LOSS(LIQ.M2.YOY())', names)).toBe(
      'SUM(_xldudf_LIQ_INDEX(),_xldudf_RATIO_GOLD("LIQ.INDEX(",A1))+_xldudf_CREDIT_LOSS(_xldudf_LIQ_M2_YOY())',
    );
    expect(toStoredForm('STDEV.S(A1:A3)+LIQ.SERIES()', names)).toBe('STDEV.S(A1:A3)+LIQ.SERIES()');
    expect(storedName('ratio.gold.series')).toBe('_xldudf_RATIO_GOLD_SERIES');
  });

  it('map back to the registered name by lookup (underscores are ambiguous)', () => {
    const registered = ['LIQ.M2.YOY', 'LIQ.INDEX', 'RATIO.GOLD.SERIES'];
    expect(registeredName('_xldudf_LIQ_M2_YOY', registered)).toBe('LIQ.M2.YOY');
    expect(registeredName('_XLDUDF_ratio_gold_series', registered)).toBe('RATIO.GOLD.SERIES');
    expect(registeredName('_xldudf_LIQ_NOPE', registered)).toBeUndefined();
    expect(registeredName('LIQ.INDEX', registered)).toBeUndefined();
  });
});

describe('recognising our formulas (freeze to values, the pane)', () => {
  it.each([
    ['=LIQ.INDEX()', true],
    ['=liq.index("2025-12-24")', true],
    ['=_xldudf_LIQ_INDEX()', true],
    ['=SUM(_XLDUDF_RATIO_GOLD_SERIES("SPX"))', true],
    ['=[2]!_xldudf_CREDIT_LOSS(0.2)', true],
    ['=SUM(B5#)', false],
    ['="LIQ.INDEX()"', false],
    ['=MYLIQ.X()', false],
    ['=_xldudf_CONTOSO_ADD(1,2)', false],
    ['LIQ.INDEX()', false],
    [42, false],
  ])('%p → %p', (formula, ours) => {
    expect(callsOurFunction(formula)).toBe(ours);
  });
});

describe('licences: what a shared workbook may carry', () => {
  const held = (id: string) => ({
    series: createSeries(id, 'PRICE_USD', [20000], [1]),
    origin: 'gateway' as const,
    source: 'Yahoo Finance chart API',
    retrievedAt: '2026-01-01T00:00:00Z',
  });

  it('public series always; market prices only when the author opts in', () => {
    const items = [embeddedSnapshotSeries()[0]!, held('BTC'), held('QQQ')];
    expect(mayRedistribute(items[0]!.series.id)).toBe(true);
    expect(mayRedistribute('BTC')).toBe(false);
    const byDefault = chooseEmbedded(items, false);
    expect([byDefault.embedded.map((i) => i.series.id), byDefault.leftOut.map((i) => i.series.id)]).toEqual([[items[0]!.series.id], ['BTC', 'QQQ']]);
    const optedIn = chooseEmbedded(items, true);
    expect([optedIn.embedded.length, optedIn.leftOut.length]).toEqual([3, 0]);
  });

  it('every series of the shipped snapshot is public (so the sample carries only those)', () => {
    for (const item of embeddedSnapshotSeries()) expect([item.series.id, mayRedistribute(item.series.id)]).toEqual([item.series.id, true]);
  });

  it('the sources sheet names whose data a restricted series is', () => {
    expect(redistributionNote('BTC', 'Market prices (Yahoo Finance chart API)')).toMatch(/^Not redistributable .*Yahoo Finance chart API.*author chose to include it/);
    expect(redistributionNote('WALCL', 'FRED')).toMatch(/^Public/);
  });
});
