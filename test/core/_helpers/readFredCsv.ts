import { readFileSync } from 'node:fs';
import { parseSeriesCsv } from '../../../src/data/csvSeries';
import { createSeries, type Series } from '../../../src/core/series/series';
import type { Unit } from '../../../src/core/units';
import { sharedDataPath } from './readSharedCsv';

/**
 * A FRED download from `../shared/data` (header `observation_date,ID` or legacy `DATE,ID`; empty
 * cells and `.` are holidays, skipped), in the units its SOURCES.md states.
 */
export function readFredCsv<U extends Unit>(id: string, units: U, relativePath: string): Series<U> {
  const file = sharedDataPath(relativePath);
  const parsed = parseSeriesCsv(readFileSync(file, 'utf8'), file);
  return createSeries(id, units, parsed.days, parsed.values);
}
