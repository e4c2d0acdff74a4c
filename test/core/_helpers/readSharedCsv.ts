import * as fs from 'fs';
import * as path from 'path';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import type { Series } from '../../../src/core/series/series';
import { createSeries } from '../../../src/core/series/series';
import type { Unit } from '../../../src/core/units';

/** The repository root: the nearest folder above this file that holds package.json. */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** Absolute path of a file in the shared real-data folder (`../shared/data` beside the repo). */
export function sharedDataPath(relativePath: string): string {
  return path.resolve(repoRoot(), '..', 'shared', 'data', relativePath);
}

/**
 * Reads a two-column `date,value` (or `date,close`) CSV from `../shared/data` into a series, in the
 * units the file's SOURCES.md states. Throws with file and line on anything malformed, so a broken
 * fixture fails loudly instead of feeding NaN into a golden test.
 * @param id - series id to give the result
 * @param units - the file's published units
 * @param relativePath - path under shared/data, e.g. 'macro/M2SL.csv'
 */
export function readSharedCsv<U extends Unit>(id: string, units: U, relativePath: string): Series<U> {
  const file = sharedDataPath(relativePath);
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const days: number[] = [];
  const values: number[] = [];
  for (const [i, text] of lines.entries()) {
    if (i === 0) continue; // the header
    const line = text.trim();
    if (line === '') continue;
    const [dateText, valueText, ...rest] = line.split(',');
    const day = parseIsoDate(dateText ?? '');
    const value = Number(valueText);
    if (rest.length || Number.isNaN(day) || valueText === undefined || valueText.trim() === '' || !Number.isFinite(value)) {
      throw new Error(`${file}:${i + 1}: expected "YYYY-MM-DD,number", got "${line}"`);
    }
    days.push(day);
    values.push(value);
  }
  return createSeries(id, units, days, values);
}
