import { CATALOG } from './catalog';
import type { CatalogEntry } from './types';

const byName = new Map<string, CatalogEntry>();
for (const entry of CATALOG) {
  for (const name of [entry.id, entry.upstreamId, ...(entry.aliases ?? [])]) {
    const key = name.toUpperCase();
    if (!byName.has(key)) byName.set(key, entry);
  }
}

/**
 * The catalogue entry a user-typed name or a file name refers to: its catalogue id, upstream id
 * (`WDTGAL`, `RRPONTSYD`) or alias (`GOLD_MONTHLY`), case-insensitive.
 * @example
 * findSeries('rrpontsyd')?.id //=> 'RRP'
 */
export function findSeries(name: string): CatalogEntry | undefined {
  // Catalogue ids, as the functions pass them, are found without building a normalised copy.
  return byName.get(name) ?? byName.get(name.trim().toUpperCase());
}

export function getSeries(id: string): CatalogEntry {
  const entry = findSeries(id);
  if (!entry) throw new RangeError(`unknown catalogue series ${id}`);
  return entry;
}

export const CATALOG_IDS: readonly string[] = CATALOG.map((entry) => entry.id);
