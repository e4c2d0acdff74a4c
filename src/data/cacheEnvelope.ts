import * as z from 'zod/mini';
import { CATALOG } from '../catalog/catalog';
import type { CatalogEntry } from '../catalog/types';

/**
 * The envelope around every cached series, the add-in's (persistence.ts) and the gateway's
 * (seriesCache.ts): a version ("buster") and the time it was saved. An entry written under another
 * buster, or longer ago than the maximum age, is discarded instead of misread.
 */
export interface CacheEnvelope {
  /** `<format>:<catalogue fingerprint>`. */
  readonly buster: string;
  /** Entries saved longer ago than this are dropped rather than trusted. */
  readonly maxAgeMs: number;
}

/** The envelope's fields, for the zod schema of each stored form. */
export const envelopeFields = { buster: z.string(), savedAt: z.number() };

/**
 * A fingerprint of what cached observations mean: each entry's id, units and frequency, whatever
 * their order in the catalogue. A change in any of them (a series switching from millions to
 * billions) changes it, so nobody has to remember to bump a number; a change in prose does not.
 * @returns eight hex digits (32-bit FNV-1a)
 */
export function catalogFingerprint(catalog: readonly CatalogEntry[]): string {
  const text = catalog
    .map((entry) => `${entry.id}\u0000${entry.units}\u0000${entry.frequency}`)
    .sort()
    .join('\u0001');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The envelope of a stored form: its layout version (bumped by hand when the layout changes) and
 * the catalogue's fingerprint make the buster.
 */
export function cacheEnvelope(format: number, maxAgeMs: number, catalog: readonly CatalogEntry[] = CATALOG): CacheEnvelope {
  return { buster: `${format}:${catalogFingerprint(catalog)}`, maxAgeMs };
}

/** Why a stored entry's envelope makes it unusable now, or undefined when it may be read. */
export function envelopeProblem(envelope: CacheEnvelope, stored: { readonly buster: string; readonly savedAt: number }, nowMs: number): string | undefined {
  if (stored.buster !== envelope.buster) return `version ${stored.buster}, expected ${envelope.buster}`;
  if (nowMs - stored.savedAt > envelope.maxAgeMs) return 'older than the maximum age';
  return undefined;
}
