/**
 * The series cache shared by replicas: each entry in Redis (the same text as a cache file, parsed
 * with the same schema, so a bad entry is refused, never misread) and, always, in this replica's
 * own disk cache. A read takes the newer of the two, so a replica that wrote only to disk while
 * Redis was away loses nothing when it returns; a write goes to both, Redis best effort.
 */
import { CACHE_FORMAT, decodeCacheFile, encodeCacheFile, type CachedSeries, type SeriesCache } from '../seriesCache';
import type { SharedStore } from './sharedStore';

/** Key of a series' entry; the format is in it, so replicas of another format never read it. */
export const seriesKey = (id: string): string => `liquidity-lens:series:v${CACHE_FORMAT}:${id}`;

const newer = (a: CachedSeries | undefined, b: CachedSeries | undefined): CachedSeries | undefined => {
  if (!a || !b) return a ?? b;
  return Date.parse(a.retrievedAt) >= Date.parse(b.retrievedAt) ? a : b;
};

export function createSharedSeriesCache(options: { readonly disk: SeriesCache; readonly store: SharedStore; readonly log: (line: string) => void }): SeriesCache {
  const { disk, store, log } = options;
  /** Entries refused once, by id and reason: said once, not on every read. */
  const refused = new Set<string>();

  const readShared = async (id: string): Promise<CachedSeries | undefined> => {
    const text = await store.run((client) => client.get(seriesKey(id)));
    if (text === undefined || text === null) return undefined;
    const decoded = decodeCacheFile(id, text);
    if ('item' in decoded) return decoded.item;
    if (!refused.has(`${id}\u0000${decoded.reason}`)) {
      refused.add(`${id}\u0000${decoded.reason}`);
      log(`shared cache: ignored the entry for ${id} (${decoded.reason}); it will be replaced by the next refresh`);
    }
    return undefined;
  };

  return {
    filePath: (id) => disk.filePath(id),
    async read(id) {
      const [shared, local] = await Promise.all([readShared(id), disk.read(id)]);
      return newer(shared, local);
    },
    async write(item) {
      const text = encodeCacheFile(item);
      await Promise.all([disk.write(item), store.run((client) => client.set(seriesKey(item.series.id), text))]);
    },
  };
}
