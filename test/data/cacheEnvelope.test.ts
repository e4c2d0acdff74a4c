/**
 * The cache envelope both caches share (the add-in's persistence, the gateway's files): the buster
 * follows the catalogue's ids, units and frequencies by itself, and an entry of another buster or
 * older than the maximum age is discarded.
 */
import { CATALOG } from '../../src/catalog/catalog';
import type { CatalogEntry } from '../../src/catalog/types';
import { createSeries } from '../../src/core/series/series';
import { cacheEnvelope, catalogFingerprint } from '../../src/data/cacheEnvelope';
import { PERSISTENCE_ENVELOPE, PERSISTENCE_FORMAT, PERSISTENCE_MAX_AGE_MS, decodeEntry, encodeEntry } from '../../src/data/persistence';

const NOW = Date.parse('2026-08-25T00:00:00Z');
const edit = (id: string, change: Partial<CatalogEntry>): CatalogEntry[] => CATALOG.map((entry) => (entry.id === id ? { ...entry, ...change } : entry));
const walcl = {
  series: createSeries('WALCL', 'USD_MILLIONS', [20_680, 20_687], [6_600_000, 6_610_000]),
  origin: 'gateway' as const,
  source: 'FRED WALCL',
  retrievedAt: '2026-08-24T10:00:00.000Z',
};

describe('catalogFingerprint', () => {
  it('changes when an entry changes units, frequency or id', () => {
    const original = catalogFingerprint(CATALOG);
    expect(catalogFingerprint(edit('WALCL', { units: 'USD_BILLIONS' }))).not.toBe(original);
    expect(catalogFingerprint(edit('WALCL', { frequency: 'D' }))).not.toBe(original);
    expect(catalogFingerprint(edit('WALCL', { id: 'WALCL2' }))).not.toBe(original);
    expect(catalogFingerprint(CATALOG.slice(1))).not.toBe(original);
  });

  it('stays the same for a change of prose or of order', () => {
    const original = catalogFingerprint(CATALOG);
    expect(catalogFingerprint(edit('WALCL', { name: 'Fed balance sheet', cadence: 'weekly', description: 'reworded' }))).toBe(original);
    expect(catalogFingerprint([...CATALOG].reverse())).toBe(original);
    expect(original).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("the add-in's persisted entries", () => {
  it('carry the format and the catalogue fingerprint as their buster', () => {
    expect(PERSISTENCE_ENVELOPE).toEqual({ buster: `${PERSISTENCE_FORMAT}:${catalogFingerprint(CATALOG)}`, maxAgeMs: PERSISTENCE_MAX_AGE_MS });
  });

  it('are discarded once an edit of units changes the buster', () => {
    const text = encodeEntry(walcl, NOW);
    const edited = cacheEnvelope(PERSISTENCE_FORMAT, PERSISTENCE_MAX_AGE_MS, edit('WALCL', { units: 'USD_BILLIONS' }));
    expect(edited.buster).not.toBe(PERSISTENCE_ENVELOPE.buster);
    expect(decodeEntry(text, NOW)).toHaveProperty('item');
    expect(decodeEntry(text, NOW, edited)).toEqual({ reason: `version ${PERSISTENCE_ENVELOPE.buster}, expected ${edited.buster}` });
  });

  it('are discarded when saved longer ago than the maximum age, and kept up to it', () => {
    const text = encodeEntry(walcl, NOW);
    expect(decodeEntry(text, NOW + PERSISTENCE_MAX_AGE_MS)).toHaveProperty('item');
    expect(decodeEntry(text, NOW + PERSISTENCE_MAX_AGE_MS + 1)).toEqual({ reason: 'older than the maximum age' });
  });
});
