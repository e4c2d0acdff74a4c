import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { decodeEmbeddedPart, encodeEmbeddedPart } from '../../src/workbook/embeddedPart';
import { createSeries } from '../../src/core/series/series';
import { loadCsvFolder } from '../../src/data/node/csvFolder';
import { SHARED_DATA } from '../functions/_helpers/engines';

describe('the embedded data part', () => {
  const items = embeddedSnapshotSeries();

  it('round-trips every series value for value, marked as the workbook’s', () => {
    const decoded = decodeEmbeddedPart(encodeEmbeddedPart(items, '2026-08-27T21:00:00.000Z'));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.embeddedAt).toBe('2026-08-27T21:00:00.000Z');
    expect(decoded.rejected).toEqual([]);
    expect(decoded.items.map((item) => item.origin)).toEqual(items.map(() => 'workbook'));
    decoded.items.forEach((item, i) => {
      expect(item.series.values).toEqual(items[i].series.values);
      expect(item.series.days).toEqual(items[i].series.days);
      expect([item.source, item.retrievedAt]).toEqual([items[i].source, items[i].retrievedAt]);
    });
  });

  it('keeps a source text containing "]]>" intact', () => {
    const odd = { series: createSeries('SOFR', 'PERCENT', [20000], [4.5]), origin: 'gateway' as const, source: 'weird ]]> source', retrievedAt: '2026-01-01T00:00:00Z' };
    const decoded = decodeEmbeddedPart(encodeEmbeddedPart([odd], '2026-01-01T00:00:00Z'));
    expect(decoded.ok && decoded.items[0].source).toBe('weird ]]> source');
  });

  it.each([
    ['<other xmlns="urn:x"/>', /not a Liquidity Lens data part/],
    ['<snapshot xmlns="urn:someone-else" format="1"><![CDATA[{}]]></snapshot>', /unknown namespace urn:someone-else/],
    ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="9"><![CDATA[{}]]></snapshot>', /data format 9, this add-in reads format 1/],
    ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="1"><![CDATA[{"format":1,"cat]]></snapshot>', /not complete JSON/],
    ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="1"><![CDATA[{"format":1,"catalogVersion":99,"builtAt":"","series":[]}]]></snapshot>', /catalogue version 99/],
  ])('refuses %s', (xml, reason) => {
    expect(decodeEmbeddedPart(xml)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('stays well under 5 MB with every series of ../shared/data (21 series, daily prices included)', () => {
    const everything = [...items.filter((item) => !['GOLD.M', 'SPX.M'].includes(item.series.id)), ...loadCsvFolder(SHARED_DATA).series.filter((item) => !items.some((i) => i.series.id === item.series.id))];
    const xml = encodeEmbeddedPart(everything, '2026-08-27T21:00:00.000Z');
    expect(new Set(everything.map((item) => item.series.id)).size).toBe(everything.length);
    expect(xml.length).toBeLessThan(1_500_000);
  });
});
