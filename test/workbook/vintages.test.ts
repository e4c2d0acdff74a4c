/**
 * Shared workbooks and vintages (DESIGN §4a, §7): the embedded data records which vintage each
 * series was pinned to, a recipient's store holds it under the same key, and the sources sheet says
 * which vintage it is. Values: GDP as first published, 2018-04-01 and 2018-07-01, from
 * ../shared/fixtures/fred_alfred/series_observations_GDP_initial_release_output_type4_recorded-2025-01-20.json.
 */
import { DOMParser } from '@xmldom/xmldom';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { createSeries } from '../../src/core/series/series';
import type { HeldSeries } from '../../src/data/heldSeries';
import { LiveStore } from '../../src/data/liveStore';
import { MemoryPersistence } from '../../src/data/persistence';
import { decodeSnapshot, encodeSnapshot } from '../../src/data/snapshot/snapshotFile';
import type { Vintage } from '../../src/data/vintage';
import { embeddable } from '../../src/workbook/embeddedData';
import { decodeEmbeddedParts, encodeEmbeddedParts } from '../../src/workbook/embeddedPart';
import { SOURCES_HEADER, sourcesRows } from '../../src/workbook/sourcesSheet';

const AT = '2026-12-07T09:00:00.000Z';
const DAYS = [parseIsoDate('2018-04-01'), parseIsoDate('2018-07-01')];

function gdp(values: number[], vintage?: Vintage): HeldSeries {
  return {
    series: createSeries('GDP', 'USD_BILLIONS', DAYS, values),
    origin: 'gateway',
    source: vintage ? `ALFRED GDP, ${vintage}` : 'FRED GDP',
    retrievedAt: AT,
    ...(vintage ? { vintage } : {}),
  };
}

const FIRST = gdp([20402.502, 20659.029], 'first');
const LATEST = gdp([20580.912, 20798.73]);

function store(items: readonly HeldSeries[]): LiveStore {
  const gateway = { fetchSeries: () => Promise.reject(new Error('offline')) };
  return new LiveStore({ gateway, persistence: new MemoryPersistence(), initial: items, clock: { now: () => Date.parse(AT), sleep: async () => undefined } });
}

describe('embedded data keeps the vintage', () => {
  it('round-trips a vintage beside the latest data of the same series, each under its own key', () => {
    const decoded = decodeEmbeddedParts(encodeEmbeddedParts([LATEST, FIRST], AT), new DOMParser({ onError: () => undefined }));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.items.map((item) => [item.series.id, item.vintage, Array.from(item.series.values)])).toEqual([
      ['GDP', undefined, [20580.912, 20798.73]],
      ['GDP', 'first', [20402.502, 20659.029]],
    ]);
    const recipient = store([]);
    recipient.pin(decoded.items, decoded.embeddedAt);
    expect(recipient.peek('GDP@first')?.series.values[1]).toBe(20659.029);
    expect(recipient.peek('GDP')?.series.values[1]).toBe(20798.73);
  });

  it('leaves out an entry whose vintage it cannot read, rather than taking it for the latest data', () => {
    const file = encodeSnapshot([{ held: FIRST, decimals: 3 }], AT);
    const decoded = decodeSnapshot({ ...file, series: [{ ...file.series[0], vintage: 'second' }] });
    expect(decoded).toEqual({ series: [], rejected: [{ id: 'GDP', reason: 'vintage "second" is neither "first" nor a date YYYY-MM-DD' }] });
  });

  it("embeds every vintage the workbook's cells use of the series asked for", () => {
    const held = store([LATEST, FIRST, gdp([1, 2], '2019-01-01')]);
    const unsubscribe = held.subscribe('GDP@first', () => undefined);
    // The pane passes series ids; the vintage in use comes along, the one no cell reads does not.
    expect(embeddable(held, ['GDP']).map((item) => item.vintage)).toEqual([undefined, 'first']);
    unsubscribe();
  });
});

describe('the sources sheet', () => {
  it('says for each series which vintage it is', () => {
    const rows = sourcesRows([LATEST, FIRST, gdp([1, 2], '2019-01-01')]);
    const column = SOURCES_HEADER.indexOf('Vintage');
    expect(column).toBe(SOURCES_HEADER.length - 1);
    expect(rows.slice(1).map((row) => [row[0], row[column]])).toEqual([
      ['GDP', 'latest'],
      ['GDP', 'as first published (ALFRED vintage)'],
      ['GDP', 'as known on 2019-01-01 (ALFRED vintage)'],
    ]);
  });
});
