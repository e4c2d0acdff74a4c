/**
 * Series from a folder of CSV files (Node only): how a user brings a series we cannot ship or a
 * source we do not cover, and how tests load ../shared/data. Each file is named after a catalogue
 * id, an upstream id or an alias (`M2.CN.csv`, `WDTGAL.csv`, `GOLD_MONTHLY.csv`) and holds a
 * header `date,<value>` then ISO dates and values in the series' catalogue units.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findSeries } from '../../catalog/lookup';
import { createSeries } from '../../core/series/series';
import { CsvFormatError, parseSeriesCsv } from '../csvSeries';
import type { HeldSeries } from '../heldSeries';

export interface CsvFolder {
  readonly series: HeldSeries[];
  /** CSV files whose names match no catalogue series, so the user learns why they were ignored. */
  readonly ignored: string[];
}

/** Loads every `*.csv` under `dir` (recursively); throws CsvFormatError naming file and line. */
export function loadCsvFolder(dir: string): CsvFolder {
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
    const parsed = parseSeriesCsv(readFileSync(file, 'utf8'), file);
    series.push({
      series: createSeries(entry.id, entry.units, parsed.days, parsed.values),
      origin: 'file',
      source: `file ${file}`,
      retrievedAt: statSync(file).mtime.toISOString(),
    });
  }
  return { series, ignored };
}

/** Every `*.csv` under `dir`, recursively, in name order. */
export function listCsvFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listCsvFiles(path);
      return entry.name.toLowerCase().endsWith('.csv') ? [path] : [];
    });
}
