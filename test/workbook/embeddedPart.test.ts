import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { CATALOG_VERSION } from '../../src/catalog/catalog';
import { createSeries } from '../../src/core/series/series';
import type { HeldSeries } from '../../src/data/heldSeries';
import { loadCsvFolder } from '../../src/data/node/csvFolder';
import { decimalsForValues } from '../../src/data/persistence';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { encodeSnapshot } from '../../src/data/snapshot/snapshotFile';
import { EMBEDDED_NAMESPACE, MAX_PART_BYTES, decodeEmbeddedParts, encodeEmbeddedParts, settingPartIds, type DecodedPart } from '../../src/workbook/embeddedPart';
import { SHARED_DATA } from '../functions/_helpers/engines';

const parser = new DOMParser({ onError: () => undefined });
const decode = (xmls: readonly string[]): DecodedPart => decodeEmbeddedParts(xmls, parser);
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const AT = '2026-08-27T21:00:00.000Z';

/** A part as the add-in wrote it before format 2 (src/workbook/embeddedPart.ts at commit f240770): JSON in CDATA. */
function legacyPart(items: readonly HeldSeries[], embeddedAt: string): string {
  const snapshot = encodeSnapshot(
    items.map((held) => ({ held, decimals: decimalsForValues(held.series.values) })),
    embeddedAt,
  );
  const json = JSON.stringify(snapshot).split(']]>').join(']]]]><![CDATA[>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<snapshot xmlns="${EMBEDDED_NAMESPACE}" format="1" catalogVersion="${CATALOG_VERSION}" embeddedAt="${embeddedAt}"><![CDATA[${json}]]></snapshot>`;
}

/**
 * What another XML writer may hand back for the same document: attributes in reverse order,
 * indentation and line breaks added, CDATA turned into escaped text, a different declaration.
 */
function reserialise(xml: string): string {
  const doc = parser.parseFromString(xml, 'text/xml');
  const root = doc.documentElement!;
  const attributes = Array.from(root.attributes).reverse();
  const text = root.textContent ?? '';
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // Long text wrapped at 76 characters, as base64 writers do.
  const wrapped = root.getAttribute('format') === '1' ? escaped : (escaped.match(/.{1,76}/g) ?? []).join('\n    ');
  const attrs = attributes.map((a) => `${a.name}="${a.value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`).join('\n    ');
  return `<?xml version="1.0" standalone="no"?>\r\n<snapshot\n    ${attrs}>\n    ${wrapped}\n</snapshot>\r\n`;
}

describe('the embedded data parts (format 2)', () => {
  const items = embeddedSnapshotSeries();

  it('round-trip every series value for value, marked as the workbook’s', () => {
    const decoded = decode(encodeEmbeddedParts(items, AT));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.embeddedAt).toBe(AT);
    expect(decoded.rejected).toEqual([]);
    expect(decoded.items.map((item) => item.origin)).toEqual(items.map(() => 'workbook'));
    decoded.items.forEach((item, i) => {
      const original = items[i];
      expect(item.series.values).toEqual(original?.series.values);
      expect(item.series.days).toEqual(original?.series.days);
      expect([item.source, item.retrievedAt]).toEqual([original?.source, original?.retrievedAt]);
    });
  });

  it('survive being re-serialised: attribute order, whitespace, line-wrapped text', () => {
    const xmls = encodeEmbeddedParts(items, AT, 20_000);
    expect(xmls.length).toBeGreaterThan(1);
    const decoded = decode(xmls.map(reserialise).reverse());
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.items.map((item) => item.series.id)).toEqual(items.map((item) => item.series.id));
    expect(decoded.items.map((item) => Array.from(item.series.values))).toEqual(items.map((item) => Array.from(item.series.values)));
  });

  it('survive a round trip through a DOM serialiser', () => {
    const [xml] = encodeEmbeddedParts(items, AT);
    const again = new XMLSerializer().serializeToString(parser.parseFromString(xml!, 'text/xml'));
    expect(decode([again]).ok).toBe(true);
  });

  it('keep every part under the limit, with every series of ../shared/data and the snapshot (daily prices included)', () => {
    const everything = [
      ...items.filter((item) => !['GOLD.M', 'SPX.M'].includes(item.series.id)),
      ...loadCsvFolder(SHARED_DATA).series.filter((item) => !items.some((i) => i.series.id === item.series.id)),
    ];
    expect(new Set(everything.map((item) => item.series.id)).size).toBe(everything.length);
    const observations = everything.reduce((n, item) => n + item.series.days.length, 0);
    expect(observations).toBeGreaterThan(100_000);
    const xmls = encodeEmbeddedParts(everything, AT);
    for (const xml of xmls) expect(bytes(xml)).toBeLessThanOrEqual(MAX_PART_BYTES);
    expect(MAX_PART_BYTES).toBeLessThan(1_000_000);
    const decoded = decode(xmls);
    expect(decoded.ok && decoded.items.length).toBe(everything.length);
    // Split when needed: the same data over parts of 100 kB.
    const small = encodeEmbeddedParts(everything, AT, 100_000);
    expect(small.length).toBeGreaterThan(2);
    for (const xml of small) expect(bytes(xml)).toBeLessThanOrEqual(100_000);
    expect(decode(small).ok).toBe(true);
  });

  it('are deterministic: the same series and time give the same text', () => {
    expect(encodeEmbeddedParts(items, AT)).toEqual(encodeEmbeddedParts(items, AT));
  });

  it('keep a source text with XML specials intact', () => {
    const odd = {
      series: createSeries('SOFR', 'PERCENT', [20000], [4.5]),
      origin: 'gateway' as const,
      source: 'weird ]]> <source> & "quotes"',
      retrievedAt: '2026-01-01T00:00:00Z',
    };
    const decoded = decode(encodeEmbeddedParts([odd], '2026-01-01T00:00:00Z'));
    expect(decoded.ok && decoded.items[0]?.source).toBe('weird ]]> <source> & "quotes"');
  });

  it('report a missing part, a damaged payload and a foreign encoding instead of half-loading', () => {
    const xmls = encodeEmbeddedParts(items, AT, 20_000);
    expect(decode(xmls.slice(1))).toEqual({ ok: false, reason: expect.stringMatching(/incomplete: part 1 of \d+ is missing/) });
    // One base64 character changed in the middle of a part: still valid base64, wrong bytes.
    const damaged = [...xmls];
    const i = damaged[1]!.indexOf('>', damaged[1]!.indexOf('<snapshot')) + 500;
    const ch = damaged[1]![i] === 'A' ? 'B' : 'A';
    damaged[1] = damaged[1]!.slice(0, i) + ch + damaged[1]!.slice(i + 1);
    expect(decode(damaged)).toEqual({ ok: false, reason: expect.stringMatching(/damaged/) });
    expect(decode([xmls[0]!.replace('encoding="zlib+base64"', 'encoding="brotli"')])).toEqual({ ok: false, reason: 'unknown data encoding brotli' });
  });

  it('use the newest complete set when a workbook holds two', () => {
    const older = encodeEmbeddedParts(items.slice(0, 2), '2026-01-01T00:00:00.000Z');
    const newer = encodeEmbeddedParts(items.slice(0, 3), '2026-02-01T00:00:00.000Z');
    const decoded = decode([...newer, ...older]);
    expect(decoded.ok && [decoded.embeddedAt, decoded.items.length]).toEqual(['2026-02-01T00:00:00.000Z', 3]);
    // The newer set incomplete: the older, complete one is used rather than nothing.
    const newerSplit = encodeEmbeddedParts(items, '2026-03-01T00:00:00.000Z', 20_000);
    const fallback = decode([...newerSplit.slice(1), ...older]);
    expect(fallback.ok && fallback.embeddedAt).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('parts written by earlier versions (format 1, JSON in CDATA)', () => {
  const items = embeddedSnapshotSeries();

  it('are still read, verbatim and re-serialised (CDATA turned into escaped text)', () => {
    const legacy = legacyPart(items, AT);
    for (const xml of [legacy, reserialise(legacy)]) {
      const decoded = decode([xml]);
      if (!decoded.ok) throw new Error(decoded.reason);
      expect([decoded.embeddedAt, decoded.items.length]).toEqual([AT, items.length]);
      expect(Array.from(decoded.items[0]!.series.values)).toEqual(Array.from(items[0]!.series.values));
    }
    expect(reserialise(legacy)).not.toContain('CDATA');
  });

  it('with a source containing "]]>" (split over two CDATA sections)', () => {
    const odd = { series: createSeries('SOFR', 'PERCENT', [20000], [4.5]), origin: 'gateway' as const, source: 'weird ]]> source', retrievedAt: '2026-01-01T00:00:00Z' };
    const decoded = decode([legacyPart([odd], AT)]);
    expect(decoded.ok && decoded.items[0]?.source).toBe('weird ]]> source');
  });

  it('their setting (one partId) still names the part', () => {
    expect(settingPartIds({ partId: '{A}', format: 1, embeddedAt: AT })).toEqual(['{A}']);
    expect(settingPartIds({ partIds: ['{A}', '{B}'], format: 2, embeddedAt: AT })).toEqual(['{A}', '{B}']);
    expect(settingPartIds(null)).toEqual([]);
  });
});

describe('parts that are not ours, or not usable', () => {
  it.each([
    ['<other xmlns="urn:x"/>', /^not a Liquidity Lens data part$/],
    ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="1"><![CDATA[{"format":1,"cat', /not well-formed XML/],
    ['<snapshot xmlns="urn:someone-else" format="1"><![CDATA[{}]]></snapshot>', /unknown namespace urn:someone-else/],
    ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="9"><![CDATA[{}]]></snapshot>', /data format 9, this add-in reads formats 1 and 2/],
    ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="1"><![CDATA[{"format":1,"cat]]></snapshot>', /not complete JSON/],
    ['<snapshot xmlns="urn:liquidity-lens:embedded-data" format="1"><![CDATA[{"format":1,"catalogVersion":99,"builtAt":"","series":[]}]]></snapshot>', /catalogue version 99/],
    ['<snapshot format="2" xmlns="urn:liquidity-lens:embedded-data" part="3" parts="2" encoding="zlib+base64">AAAA</snapshot>', /part 3 of 2 is not a part number/],
  ])('refuses %s', (xml, reason) => {
    expect(decode([xml])).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('a foreign part beside a good set does not stop the set being read', () => {
    const decoded = decode(['<other xmlns="urn:x"/>', ...encodeEmbeddedParts(embeddedSnapshotSeries(), AT)]);
    expect(decoded.ok).toBe(true);
  });
});
