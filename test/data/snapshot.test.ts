import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASH_ASSUMPTIONS_FILE, DAILY_FX_FROM, SNAPSHOT_PATH, buildSnapshotText, cashTargetFromFile } from '../../scripts/build-snapshot';
import { parseIsoDate } from '../../src/core/dates/isoDate';
import { CATALOG } from '../../src/catalog/catalog';
import { decodeDeltas, decodeValues, encodeDeltas, encodeValues } from '../../src/data/snapshot/codec';
import { deferredEmbeddedSnapshot, embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { checkSnapshot, decodeSnapshot } from '../../src/data/snapshot/snapshotFile';
import snapshotJson from '../../src/data/snapshot/snapshot.json';
import { loadCsvFolder } from '../../src/data/node/csvFolder';
import { SHARED_DATA } from '../functions/_helpers/engines';

describe('the delta codec', () => {
  it('round-trips runs, steps and negative deltas exactly', () => {
    const integers = [20089, 20090, 20091, 20092, 20099, 20106, 20100, -5, -5, 0];
    const text = encodeDeltas(integers);
    expect(text).toBe('20089,1*3,7*2,-6,-20105,0,5');
    expect(Array.from(decodeDeltas(text, integers.length))).toEqual(integers);
  });

  it('gives back the doubles the published decimals parse to', () => {
    const texts = ['2.601', '0.2', '105.993', '-0.001', '872.853'];
    const values = texts.map(Number);
    expect(Array.from(decodeValues(encodeValues(values, 3), values.length, 3))).toEqual(values);
  });

  it('refuses malformed text instead of inventing values', () => {
    expect(() => decodeDeltas('1,2*x', 3)).toThrow(/malformed/);
    expect(() => decodeDeltas('1,1', 3)).toThrow(/expected 3 values, decoded 2/);
  });
});

describe('the embedded snapshot', () => {
  const held = embeddedSnapshotSeries();
  const shared = new Map(loadCsvFolder(SHARED_DATA).series.map((item) => [item.series.id, item.series]));

  it('ships only series whose licence allows redistribution', () => {
    const licences = new Map(CATALOG.map((entry) => [entry.id, entry.licence]));
    expect(held.map((item) => licences.get(item.series.id))).toEqual(held.map(() => 'public'));
    expect(held.map((item) => item.series.id)).not.toEqual(expect.arrayContaining(['GOLD']));
  });

  it('holds every public series of ../shared/data value for value (daily FX from 2015)', () => {
    // 12 US series and histories, ECB and BoJ assets, three FX rates, and TGA.TARGET; China's M2 is user-supplied.
    expect(held).toHaveLength(18);
    const from = parseIsoDate(DAILY_FX_FROM);
    for (const item of held.filter((h) => h.series.id !== 'TGA.TARGET')) {
      const source = shared.get(item.series.id);
      if (!source) throw new Error(`${item.series.id} is not in ../shared/data`);
      const start = ['DEXUSEU', 'DEXJPUS', 'DEXCHUS'].includes(source.id) ? source.days.findIndex((day) => day >= from) : 0;
      expect(item.series.units).toBe(source.units);
      expect(item.series.days).toEqual(source.days.subarray(start));
      expect(item.series.values).toEqual(source.values.subarray(start));
    }
    expect(held.map((h) => h.series.id)).not.toContain('M2.CN');
  });

  it('carries TGA.TARGET as the step series of the refunding table', () => {
    const target = held.find((h) => h.series.id === 'TGA.TARGET')?.series;
    const built = cashTargetFromFile(join(SHARED_DATA, 'treasury', `${CASH_ASSUMPTIONS_FILE}.csv`));
    expect(target?.days).toEqual(built.days);
    expect(target?.values).toEqual(built.values);
    // quarterly_refunding_assumed_cash_balance_2023-2026.csv, first row: 2023-01-30 assumed $500B for 2023-03-31.
    expect([target?.days[0], target?.values[0]]).toEqual([parseIsoDate('2023-01-30'), 500]);
  });

  it('is exactly what `npm run snapshot` builds from ../shared/data today', () => {
    expect(readFileSync(SNAPSHOT_PATH, 'utf8')).toBe(buildSnapshotText(SHARED_DATA).text);
  });

  it('rejects a snapshot of another format or catalogue version as a whole', () => {
    expect(decodeSnapshot({ ...snapshotJson, format: 2 })).toEqual({ error: expect.stringContaining('not in format 1') });
    expect(decodeSnapshot({ ...snapshotJson, catalogVersion: 0 })).toEqual({ error: expect.stringContaining('catalogue version 0') });
    expect(decodeSnapshot('garbage')).toEqual({ error: expect.stringContaining('not in format 1') });
  });

  it('rejects one entry with wrong units or broken data and keeps the rest', () => {
    // EFFR (percent) first, so the wrong-units message names a known unit.
    const [first, second, ...rest] = [...snapshotJson.series].sort((a, b) => Number(b.id === 'EFFR') - Number(a.id === 'EFFR'));
    if (!first || !second) throw new Error('the snapshot ships at least two series');
    const decoded = decodeSnapshot({
      ...snapshotJson,
      series: [{ ...first, units: 'USD_BILLIONS' }, { ...second, values: 'x' }, ...rest],
    });
    if ('error' in decoded) throw new Error(decoded.error);
    expect(decoded.rejected.map((r) => r.id)).toEqual([first.id, second.id]);
    expect(decoded.rejected[0]?.reason).toMatch(/units USD_BILLIONS differ from the catalogue's PERCENT/);
    expect(decoded.series).toHaveLength(rest.length);
  });

  it('checks every entry at once and decodes each only when it is first read, once', () => {
    const deferred = deferredEmbeddedSnapshot();
    expect(deferred.map((entry) => entry.key)).toEqual(held.map((item) => item.series.id));
    const walcl = deferred.find((entry) => entry.id === 'WALCL');
    if (!walcl) throw new Error('the snapshot ships WALCL');
    const expected = held.find((item) => item.series.id === 'WALCL')?.series;
    expect(walcl.lastDay()).toBe(expected?.days[expected.days.length - 1]);
    const first = walcl.decode();
    expect(walcl.decode()).toBe(first);
    expect(first).toEqual(held.find((item) => item.series.id === 'WALCL'));
  });

  it('defers a broken entry to its first read, where it throws, and rejects wrong units at once', () => {
    const [first, second, ...rest] = [...snapshotJson.series].sort((a, b) => Number(b.id === 'EFFR') - Number(a.id === 'EFFR'));
    if (!first || !second) throw new Error('the snapshot ships at least two series');
    const checked = checkSnapshot({ ...snapshotJson, series: [{ ...first, units: 'USD_BILLIONS' }, { ...second, values: 'x' }, ...rest] });
    if ('error' in checked) throw new Error(checked.error);
    expect(checked.rejected.map((r) => r.id)).toEqual([first.id]);
    const broken = checked.entries.find((entry) => entry.id === second.id);
    expect(() => broken?.decode()).toThrow(RangeError);
  });
});
