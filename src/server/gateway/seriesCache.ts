/**
 * The gateway's on-disk cache: one JSON file per catalogue id (`<cacheDir>/WALCL.json`) that
 * survives restarts. Each file carries a format version and the catalogue version (the "buster"):
 * a corrupt file, or one written for another format, catalogue or unit, is set aside as
 * `<id>.json.discarded`, logged, and rebuilt by the next refresh — never misread, never a crash.
 * Writes are atomic (a temporary file renamed over the old one), so a crash mid-write leaves the
 * previous file whole.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { CATALOG_VERSION } from '../../catalog/catalog';
import { findSeries } from '../../catalog/lookup';
import { formatIsoDate, parseIsoDate } from '../../core/dates/isoDate';
import { createSeries, type Series } from '../../core/series/series';
import { UNIT_LABELS, type Unit } from '../../core/units';

/** Bump when the file layout changes; old files are then discarded instead of misread. */
export const CACHE_FORMAT = 1;

const unitNames = Object.keys(UNIT_LABELS) as [Unit, ...Unit[]];

const cacheFileSchema = z.object({
  format: z.number(),
  catalogVersion: z.number(),
  id: z.string(),
  units: z.enum(unitNames),
  source: z.string(),
  /** ISO timestamp of the last successful upstream fetch. */
  retrievedAt: z.string(),
  /** [ISO date, value] pairs in `units`, ascending. */
  observations: z.array(z.tuple([z.string(), z.number()])),
});

/** One cached series, in its catalogue units. */
export interface CachedSeries {
  readonly series: Series;
  /** e.g. "FRED WALCL". */
  readonly source: string;
  /** ISO timestamp of the last successful upstream fetch. */
  readonly retrievedAt: string;
}

export interface SeriesCache {
  /** The cached series, or undefined when there is none or the file had to be discarded. */
  read(id: string): Promise<CachedSeries | undefined>;
  /** Replaces the file for `item.series.id` atomically. */
  write(item: CachedSeries): Promise<void>;
  /** Where the series' file lives. */
  filePath(id: string): string;
}

/** The file for a catalogue id; refuses anything that is not one (no path can be smuggled in). */
function cacheFilePath(dir: string, id: string): string {
  const entry = findSeries(id);
  if (!entry || entry.id !== id || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new RangeError(`not a catalogue id: ${JSON.stringify(id)}`);
  return path.join(dir, `${id}.json`);
}

/** The file's text for a series. */
export function encodeCacheFile(item: CachedSeries): string {
  const { series } = item;
  const observations: [string, number][] = [];
  for (let i = 0; i < series.days.length; i++) {
    const value = series.values[i];
    if (!Number.isFinite(value)) throw new RangeError(`${series.id}: cannot cache the non-finite value ${value}`);
    observations.push([formatIsoDate(series.days[i]), value]);
  }
  return `${JSON.stringify({
    format: CACHE_FORMAT,
    catalogVersion: CATALOG_VERSION,
    id: series.id,
    units: series.units,
    source: item.source,
    retrievedAt: item.retrievedAt,
    observations,
  })}\n`;
}

/** The series a file's text holds for `id`, or the reason it cannot be trusted. */
export function decodeCacheFile(id: string, text: string): { item: CachedSeries } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: 'not complete JSON' };
  }
  const parsed = cacheFileSchema.safeParse(json);
  if (!parsed.success) return { reason: `not a cache file: ${z.prettifyError(parsed.error).split('\n')[0]}` };
  const file = parsed.data;
  if (file.format !== CACHE_FORMAT) return { reason: `format ${file.format}, this gateway writes ${CACHE_FORMAT}` };
  if (file.catalogVersion !== CATALOG_VERSION) return { reason: `catalogue version ${file.catalogVersion}, this gateway has ${CATALOG_VERSION}` };
  const entry = findSeries(id);
  if (!entry || file.id !== id) return { reason: `holds ${file.id}, expected ${id}` };
  if (file.units !== entry.units) return { reason: `units ${file.units}, the catalogue has ${entry.units}` };
  if (Number.isNaN(Date.parse(file.retrievedAt))) return { reason: `retrievedAt ${JSON.stringify(file.retrievedAt)} is not a timestamp` };
  const days = file.observations.map(([date]) => parseIsoDate(date));
  if (days.some(Number.isNaN)) return { reason: 'a date is not ISO' };
  if (file.observations.some(([, value]) => !Number.isFinite(value))) return { reason: 'a value is not finite' };
  try {
    const series = createSeries(id, entry.units, days, file.observations.map(([, value]) => value));
    return { item: { series, source: file.source, retrievedAt: file.retrievedAt } };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

export function createSeriesCache(options: { dir: string; log: (line: string) => void }): SeriesCache {
  const dir = path.resolve(options.dir);
  const log = options.log;

  async function discard(file: string, reason: string): Promise<void> {
    log(`cache: discarded ${path.basename(file)} (${reason}); it will be rebuilt by the next refresh`);
    try {
      await fs.rename(file, `${file}.discarded`);
    } catch (error) {
      log(`cache: could not set aside ${path.basename(file)}: ${(error as Error).message}`);
    }
  }

  return {
    filePath: (id) => cacheFilePath(dir, id),

    async read(id) {
      const file = cacheFilePath(dir, id);
      let text: string;
      try {
        text = await fs.readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`cache: cannot read ${path.basename(file)}: ${(error as Error).message}`);
        return undefined;
      }
      const decoded = decodeCacheFile(id, text);
      if ('reason' in decoded) {
        await discard(file, decoded.reason);
        return undefined;
      }
      return decoded.item;
    },

    async write(item) {
      const file = cacheFilePath(dir, item.series.id);
      const text = encodeCacheFile(item);
      await fs.mkdir(dir, { recursive: true });
      const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const handle = await fs.open(temp, 'wx', 0o644);
        try {
          await handle.writeFile(text, 'utf8');
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.rename(temp, file);
      } catch (error) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw error;
      }
    },
  };
}
