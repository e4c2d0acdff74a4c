/**
 * Series from a folder of CSV files (Node only): how a user brings a series we cannot ship or a
 * source we do not cover, and how tests load ../shared/data. Each file is named after a catalogue
 * id, an upstream id or an alias (`M2.CN.csv`, `WDTGAL.csv`, `GOLD_MONTHLY.csv`) and holds a
 * header `date,<value>` then ISO dates and values in the series' catalogue units.
 *
 * A file is trusted no more than an upstream: only regular files are read, each bounded in size
 * and time (userFiles.ts), and its values pass the same plausibility checks as fetched data (an
 * `RRP.csv` holding -5 or 1e308 is refused with its file and line, never silently computed with).
 */
import { promises as fs, readdirSync, type Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import { findSeries } from '../../catalog/lookup';
import type { CatalogEntry } from '../../catalog/types';
import { definedAt } from '../../core/definedAt';
import { createSeries, type Series } from '../../core/series/series';
import { CsvFormatError, parseSeriesCsv } from '../csvSeries';
import type { HeldSeries } from '../heldSeries';
import { csvPlausibilityProblem } from '../plausibility';
import { UserFileError, readUserFile, readUserFileSync, type ReadLimits } from './userFiles';

export interface CsvFolder {
  readonly series: HeldSeries[];
  /** CSV files whose names match no catalogue series, so the user learns why they were ignored. */
  readonly ignored: string[];
}

export interface CheckedCsvFolder extends CsvFolder {
  /** Files that name a series but cannot be used, each with the reason (file and line). */
  readonly refused: { readonly file: string; readonly reason: string }[];
}

export interface LoadCsvOptions extends ReadLimits {
  /** Data already held for an id (the snapshot): a file whose values sit 20× away from it is in other units. */
  readonly reference?: (id: string) => Series | undefined;
}

/** The series a file's text holds for `entry`; throws CsvFormatError naming file and line. */
function seriesOf(entry: CatalogEntry, file: string, text: string, modified: Date, options: LoadCsvOptions): HeldSeries {
  const parsed = parseSeriesCsv(text, file);
  const series = createSeries(entry.id, entry.units, parsed.days, parsed.values);
  const problem = csvPlausibilityProblem(entry, series, options.reference?.(entry.id));
  if (problem) throw new CsvFormatError(file, problem.index === undefined ? 1 : definedAt(parsed.lineNumbers, problem.index, 'the line numbers'), problem.reason);
  return { series, origin: 'file', source: `file ${file}`, retrievedAt: modified.toISOString() };
}

/** Loads every `*.csv` under `dir` (recursively); throws CsvFormatError or UserFileError naming the file. */
export function loadCsvFolder(dir: string, options: LoadCsvOptions = {}): CsvFolder {
  const series: HeldSeries[] = [];
  const ignored: string[] = [];
  const seen = new Map<string, string>();
  for (const file of listCsvFiles(dir)) {
    const entry = findSeries(basename(file, '.csv'));
    if (!entry) {
      ignored.push(file);
      continue;
    }
    const earlier = seen.get(entry.id);
    if (earlier) throw new CsvFormatError(file, 1, `series ${entry.id} is also given by ${earlier}`);
    seen.set(entry.id, file);
    const { text, modified } = readUserFileSync(file, options);
    series.push(seriesOf(entry, file, text, modified, options));
  }
  return { series, ignored };
}

/**
 * The same off the event loop (the server, the CLI), every file checked: a file that cannot be
 * used is listed in `refused` with its reason and the others still load. Throws only when `dir`
 * itself cannot be listed.
 */
export async function loadCsvFolderChecked(dir: string, options: LoadCsvOptions = {}): Promise<CheckedCsvFolder> {
  const series: HeldSeries[] = [];
  const ignored: string[] = [];
  const refused: { file: string; reason: string }[] = [];
  const seen = new Map<string, string>();
  for (const file of await listCsvFilesAsync(dir)) {
    const entry = findSeries(basename(file, '.csv'));
    if (!entry) {
      ignored.push(file);
      continue;
    }
    const earlier = seen.get(entry.id);
    if (earlier) {
      refused.push({ file, reason: `${file}, line 1: series ${entry.id} is also given by ${earlier}` });
      continue;
    }
    seen.set(entry.id, file);
    try {
      const { text, modified } = await readUserFile(file, options);
      series.push(seriesOf(entry, file, text, modified, options));
    } catch (error) {
      if (!(error instanceof CsvFormatError || error instanceof UserFileError || (error as NodeJS.ErrnoException).code)) throw error;
      refused.push({ file, reason: (error as Error).message });
    }
  }
  return { series, ignored, refused };
}

const byName = (a: Dirent, b: Dirent): number => a.name.localeCompare(b.name);
const isCsv = (entry: Dirent): boolean => entry.name.toLowerCase().endsWith('.csv');

/** Every `*.csv` under `dir`, recursively, in name order (whatever kind of file: the reader refuses what is not regular). */
export function listCsvFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort(byName)
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listCsvFiles(path);
      return isCsv(entry) ? [path] : [];
    });
}

async function listCsvFilesAsync(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of (await fs.readdir(dir, { withFileTypes: true })).sort(byName)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listCsvFilesAsync(path)));
    else if (isCsv(entry)) files.push(path);
  }
  return files;
}
