/**
 * The gateway's on-disk cache: one JSON file per catalogue id (`<cacheDir>/WALCL.json`) that
 * survives restarts. Each file is in the cache envelope the add-in's persistence uses too
 * (src/data/cacheEnvelope.ts: a buster of the format and the catalogue's ids, units and
 * frequencies, and a maximum age): a corrupt, expired or foreign-version file, or one of other
 * units, is set aside as `<id>.json.discarded`, logged, and rebuilt by the next refresh — never
 * misread, never a crash.
 * Writes are atomic (a temporary file renamed over the old one), so a crash mid-write leaves the
 * previous file whole; the temporary files such a crash leaves are removed at start. Something
 * other than a regular file where a cache file should be (a folder, a FIFO) is set aside the same
 * way as a corrupt file: that entry is dropped, the rest of the cache is used.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { findSeries } from '../../catalog/lookup';
import { formatIsoDate, parseIsoDate } from '../../core/dates/isoDate';
import { createSeries, type Series } from '../../core/series/series';
import { UNIT_LABELS, type Unit } from '../../core/units';
import { cacheEnvelope, envelopeFields, envelopeProblem, type CacheEnvelope } from '../../data/cacheEnvelope';
import { UserFileError, readUserFile } from '../../data/node/userFiles';

/** Bump when the file layout changes; old files are then discarded instead of misread. */
export const CACHE_FORMAT = 2;
/**
 * Files not rewritten for this long are dropped: a gateway that could not refresh a series for
 * over a year answers from the data folder or the snapshot instead, as the add-in does.
 */
export const CACHE_MAX_AGE_MS = 400 * 86_400_000;
export const CACHE_ENVELOPE: CacheEnvelope = cacheEnvelope(CACHE_FORMAT, CACHE_MAX_AGE_MS);

const unitNames = Object.keys(UNIT_LABELS) as [Unit, ...Unit[]];

const cacheFileSchema = z.object({
  ...envelopeFields,
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

/** The file's text for a series, saved at `nowMs`. */
export function encodeCacheFile(item: CachedSeries, nowMs: number = Date.now(), envelope: CacheEnvelope = CACHE_ENVELOPE): string {
  const { series } = item;
  const observations: [string, number][] = [];
  series.days.forEach((day, i) => {
    const value = series.values[i] ?? NaN;
    if (!Number.isFinite(value)) throw new RangeError(`${series.id}: cannot cache the non-finite value ${value}`);
    observations.push([formatIsoDate(day), value]);
  });
  return `${JSON.stringify({
    buster: envelope.buster,
    savedAt: nowMs,
    id: series.id,
    units: series.units,
    source: item.source,
    retrievedAt: item.retrievedAt,
    observations,
  })}\n`;
}

/** The series a file's text holds for `id`, or the reason it cannot be trusted at `nowMs`. */
export function decodeCacheFile(id: string, text: string, nowMs: number = Date.now(), envelope: CacheEnvelope = CACHE_ENVELOPE): { item: CachedSeries } | { reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { reason: 'not complete JSON' };
  }
  const parsed = cacheFileSchema.safeParse(json);
  if (!parsed.success) return { reason: `not a cache file: ${z.prettifyError(parsed.error).split('\n')[0]}` };
  const file = parsed.data;
  const problem = envelopeProblem(envelope, file, nowMs);
  if (problem) return { reason: problem };
  const entry = findSeries(id);
  if (!entry || file.id !== id) return { reason: `holds ${file.id}, expected ${id}` };
  if (file.units !== entry.units) return { reason: `units ${file.units}, the catalogue has ${entry.units}` };
  if (Number.isNaN(Date.parse(file.retrievedAt))) return { reason: `retrievedAt ${JSON.stringify(file.retrievedAt)} is not a timestamp` };
  const days = file.observations.map(([date]) => parseIsoDate(date));
  if (days.some(Number.isNaN)) return { reason: 'a date is not ISO' };
  if (file.observations.some(([, value]) => !Number.isFinite(value))) return { reason: 'a value is not finite' };
  try {
    const series = createSeries(
      id,
      entry.units,
      days,
      file.observations.map(([, value]) => value),
    );
    return { item: { series, source: file.source, retrievedAt: file.retrievedAt } };
  } catch (error) {
    return { reason: (error as Error).message };
  }
}

/** A temporary file this old is no write in progress (a write takes milliseconds). */
export const STALE_TEMP_MS = 60_000;

/** Whether process `pid` runs on this machine (EPERM: it does, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of writes that were interrupted (`<id>.json.<pid>.<random>.tmp`):
 * those whose process is gone, or older than STALE_TEMP_MS (another machine sharing the folder).
 * Each is logged once. A folder that does not exist yet has none.
 */
async function removeInterruptedWrites(dir: string, log: (line: string) => void, now: () => number): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.endsWith('.tmp'))) {
    const file = path.join(dir, name);
    const pid = Number(/\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name)?.[1] ?? NaN);
    try {
      const stats = await fs.lstat(file);
      const dead = Number.isInteger(pid) && pid !== process.pid && !processAlive(pid);
      if (!dead && now() - stats.mtimeMs < STALE_TEMP_MS) continue;
      await fs.rm(file, { force: true, recursive: stats.isDirectory() });
      log(`cache: removed ${name} (left by an interrupted write${dead ? `; process ${pid} is gone` : ''})`);
    } catch (error) {
      log(`cache: could not remove ${name}: ${(error as Error).message}`);
    }
  }
}

export function createSeriesCache(options: { dir: string; log: (line: string) => void; now?: () => number }): SeriesCache {
  const dir = path.resolve(options.dir);
  const log = options.log;
  const now = options.now ?? Date.now;
  /** Ids whose file could not be read for a reason that may pass (permissions): said once, not on every request. */
  const unreadable = new Set<string>();
  // At start: every read and write waits for it, so nothing reads around a half-cleaned folder.
  const cleaned = removeInterruptedWrites(dir, log, now);

  async function discard(file: string, reason: string): Promise<void> {
    log(`cache: discarded ${path.basename(file)} (${reason}); it will be rebuilt by the next refresh`);
    try {
      // A folder can be renamed only over nothing or an empty folder: clear the last one first.
      await fs.rm(`${file}.discarded`, { recursive: true, force: true });
      await fs.rename(file, `${file}.discarded`);
    } catch (error) {
      log(`cache: could not set aside ${path.basename(file)}: ${(error as Error).message}`);
    }
  }

  return {
    filePath: (id) => cacheFilePath(dir, id),

    async read(id) {
      const file = cacheFilePath(dir, id);
      await cleaned;
      let text: string;
      try {
        // Bounded, and only a regular file: a folder or FIFO where the file should be is set aside, not waited on.
        text = (await readUserFile(file)).text;
      } catch (error) {
        if (error instanceof UserFileError) {
          await discard(file, error.reason);
          return undefined;
        }
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !unreadable.has(id)) {
          unreadable.add(id);
          log(`cache: cannot read ${path.basename(file)} (${(error as NodeJS.ErrnoException).code ?? 'error'}); answering without it until it can be read`);
        }
        return undefined;
      }
      unreadable.delete(id);
      const decoded = decodeCacheFile(id, text, now());
      if ('reason' in decoded) {
        await discard(file, decoded.reason);
        return undefined;
      }
      return decoded.item;
    },

    async write(item) {
      const file = cacheFilePath(dir, item.series.id);
      const text = encodeCacheFile(item, now());
      await cleaned;
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
