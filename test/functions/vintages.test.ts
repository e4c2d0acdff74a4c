/**
 * The `vintage` argument of LIQ.DATA, LIQ.INDEX, LIQ.SERIES and LIQ.M2.YOY (DESIGN §2, §4a), called
 * as Excel calls them, over a store holding GDP's vintages built from the recorded ALFRED answers
 * in ../shared/fixtures/fred_alfred/ (recorded 2025-01-20). Golden: GDP for 2018-07-01 (Q3 2018),
 * USD billions at an annual rate, each from the file named beside it.
 */
import { getSeries } from '../../src/catalog/lookup';
import { excelSerialFromEpochDay } from '../../src/core/dates/excelSerial';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { definedAt } from '../../src/core/definedAt';
import { createSeries } from '../../src/core/series/series';
import { valuesKnownOn } from '../../src/core/vintages/realTime';
import type { HeldSeries } from '../../src/data/heldSeries';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../src/data/store';
import type { Vintage } from '../../src/data/vintage';
import { ALFRED_FILES, ALFRED_FOLDER } from '../../harness/upstreams/alfredUpstream';
import { readSharedFixture } from '../../harness/upstreams/sharedFixtures';
import { valueOf } from './_helpers/callExcel';
import { fx, useStore } from './_helpers/engines';
import { expectExcelError } from './_helpers/expectations';

interface Row {
  realtime_start: string;
  realtime_end: string;
  date: string;
  value: string;
}
const rows = (file: string) => (JSON.parse(readSharedFixture(ALFRED_FOLDER, file)) as { observations: Row[] }).observations;
const Q3_2018 = excelSerialFromEpochDay(parseIsoDate('2018-07-01'));

function held(points: ReadonlyArray<readonly [number, number]>, vintage: Vintage | undefined, source: string): HeldSeries {
  return {
    series: createSeries(
      'GDP',
      getSeries('GDP').units,
      points.map(([d]) => d),
      points.map(([, v]) => v),
    ),
    origin: 'gateway',
    source,
    retrievedAt: '2025-01-20T00:00:00Z',
    ...(vintage ? { vintage } : {}),
  };
}

function periods(file: string) {
  return rows(file).map((row) => ({
    day: parseIsoDate(row.date),
    from: parseIsoDate(row.realtime_start),
    to: parseIsoDate(row.realtime_end),
    value: row.value === '.' ? NaN : Number(row.value),
  }));
}

function gdpStore(): MemoryStore {
  const store = new MemoryStore(embeddedSnapshotSeries());
  const first = rows(ALFRED_FILES.firstReleases).map((row) => [parseIsoDate(row.date), Number(row.value)] as const);
  store.put(held(first, 'first', 'ALFRED GDP, as first published'));
  store.put(held(valuesKnownOn(periods(ALFRED_FILES.knownOn20190101), parseIsoDate('2019-01-01')), '2019-01-01', 'ALFRED GDP, as known on 2019-01-01'));
  store.put(held(valuesKnownOn(periods(ALFRED_FILES.allVintages), parseIsoDate('2025-01-20')), undefined, 'FRED GDP'));
  return store;
}

describe('LIQ.DATA(id, start, end, transform, max_rows, vintage)', () => {
  beforeAll(() => useStore(gdpStore()));

  it('Q3 2018 as first published: 20659.029', async () => {
    // series_observations_GDP_initial_release_output_type4_recorded-2025-01-20.json, row 2018-07-01 (released 2018-10-26)
    expect(await valueOf(fx.liqData, 'GDP', '2018-07-01', '2018-07-01', null, null, 'first')).toEqual([
      ['date', 'GDP as first published (USD billions)'],
      [Q3_2018, 20659.029],
    ]);
  });

  it('Q3 2018 as known on 2019-01-01 (a serial or ISO text): 20658.204', async () => {
    // series_observations_GDP_realtime_end_2019-01-01_recorded-2025-01-20.json, row 2018-07-01 valid 2018-12-21 → 2019-01-01
    const asText = await valueOf(fx.liqData, 'GDP', '2018-07-01', '2018-07-01', null, null, '2019-01-01');
    expect(asText[1]).toEqual([Q3_2018, 20658.204]);
    expect(asText[0][1]).toBe('GDP as known on 2019-01-01 (USD billions)');
    expect(await valueOf(fx.liqData, 'GDP', '2018-07-01', '2018-07-01', null, null, 43466)).toEqual(asText); // 43466 = 2019-01-01
  });

  it('Q3 2018 today (no vintage): 20798.73', async () => {
    // series_observations_GDP_all_vintages_output_type1_recorded-2025-01-20.json, row 2018-07-01 open-ended (9999-12-31)
    expect(await valueOf(fx.liqData, 'GDP', '2018-07-01', '2018-07-01', null, null, null)).toEqual([
      ['date', 'GDP (USD billions)'],
      [Q3_2018, 20798.73],
    ]);
  });

  it('a vintage not held is #N/A saying which and how to get it — never the latest data in disguise', async () => {
    await expectExcelError(
      fx.liqData,
      ['GDP', '2018-07-01', '2018-07-01', null, null, '2020-06-30'],
      '#N/A',
      /^GDP as known on 2020-06-30 is not held: refresh it from the task pane, or run liquidity-lens calc --live with the formula; .*ALFRED/,
    );
  });

  it('transforms a vintage as it was: the first-release growth of Q3 2018 over Q2 2018 (both as first published)', async () => {
    // initial-release file: 2018-04-01 20402.502, 2018-07-01 20659.029
    const rowsOut = await valueOf(fx.liqData, 'GDP', '2018-07-01', '2018-07-01', 'pch', null, 'first');
    expect(rowsOut[1][1]).toBeCloseTo((20659.029 / 20402.502 - 1) * 100, 9);
  });

  it('refuses a vintage that is neither "first" nor a date', async () => {
    await expectExcelError(fx.liqData, ['GDP', null, null, null, null, 'second'], '#VALUE!', /^vintage must be "first" .* got text "second"/);
  });

  it('"first" where a date belongs says that a vintage is the last argument', async () => {
    await expectExcelError(
      fx.liqData,
      ['GDP', '2018-07-01', 'first', null, null, null],
      '#VALUE!',
      'end: cannot read text "first" as a date; use ISO text "2025-12-31" or a date serial; "first" is a vintage: pass it as the last argument (vintage)',
    );
  });

  it('a vintage of a series ALFRED does not cover says so', async () => {
    await expectExcelError(fx.liqData, ['GOLD.M', null, null, null, null, 'first'], '#N/A', /ALFRED, which covers FRED series only/);
  });
});

describe('the other point-in-time functions ask for their inputs at the vintage', () => {
  beforeAll(() => useStore(new MemoryStore(embeddedSnapshotSeries())));

  it('LIQ.INDEX(date, "first") needs WALCL, TGA and RRP as first published, not the latest held', async () => {
    expect(await valueOf(fx.liqIndex, '2025-12-24', null)).toBeCloseTo(5774.891, 6);
    await expectExcelError(fx.liqIndex, ['2025-12-24', 'first'], '#N/A', /^WALCL as first published is not held/);
  });

  it('LIQ.SERIES and LIQ.M2.YOY likewise', async () => {
    await expectExcelError(fx.liqSeries, ['2025-12-01', '2025-12-31', null, null, '2026-01-15'], '#N/A', /^WALCL as known on 2026-01-15 is not held/);
    await expectExcelError(fx.liqM2Yoy, ['US', '2026-03-01', 'first'], '#N/A', /^M2.US as first published is not held/);
  });

  it('LIQ.M2.YOY computes from the vintage when it is held', async () => {
    const store = useStore(new MemoryStore(embeddedSnapshotSeries()));
    const m2 = store.peek('M2.US')!;
    // The latest data scaled by 1.01 from 2026-03: a "vintage" whose growth differs from the latest's.
    const values = Array.from(m2.series.values, (value, i) => (definedAt(m2.series.days, i) >= parseIsoDate('2026-03-01') ? value * 1.01 : value));
    store.put({ ...m2, series: createSeries('M2.US', m2.series.units, m2.series.days, values), vintage: '2026-04-30' });
    const latest = await valueOf(fx.liqM2Yoy, 'US', '2026-03-01', null);
    const vintage = await valueOf(fx.liqM2Yoy, 'US', '2026-03-01', '2026-04-30');
    expect(vintage).toBeCloseTo((1 + latest) * 1.01 - 1, 12);
  });
});
