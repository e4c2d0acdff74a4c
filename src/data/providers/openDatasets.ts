import { epochDayFromCivil } from '../../core/dates/epochDay';
import { UpstreamError } from '../upstreamError';
import { numberFromText, seriesFromPoints, sinceDay, trimBase } from './common';
import { redactUrl } from './http';
import type { Provider } from './types';

/**
 * The two ODC-PDDL monthly datasets of github.com/datasets, read as CSV from GitHub raw (no key):
 * gold in USD per troy ounce and the S&P 500 level, both monthly AVERAGES dated the first of the
 * month. The files are small and have no server-side filter: the whole file is fetched and cut to
 * `since` here.
 */

interface Dataset {
  readonly path: string;
  readonly valueColumn: string;
  readonly label: string;
}

const DATASETS: Readonly<Record<string, Dataset>> = {
  /** `Date,Price` with dates `YYYY-MM`. */
  'GOLD.M': { path: '/gold-prices/main/data/monthly.csv', valueColumn: 'Price', label: 'datasets/gold-prices data/monthly.csv (ODC-PDDL-1.0)' },
  /** `Date,SP500,Dividend,…` (Shiller's columns, later cells often empty) with dates `YYYY-MM-DD`. */
  'SPX.M': { path: '/s-and-p-500/main/data/data.csv', valueColumn: 'SP500', label: 'datasets/s-and-p-500 data/data.csv (ODC-PDDL-1.0; Robert Shiller)' },
};

/** `YYYY-MM` (the first of the month) or `YYYY-MM-DD`. */
const MONTH_OR_DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

export const openDatasetsProvider: Provider = {
  name: 'opendatasets',
  defaultBaseUrl: 'https://raw.githubusercontent.com/datasets',
  requestsPerSecond: 2,
  supports: (entry) => Object.prototype.hasOwnProperty.call(DATASETS, entry.id),
  async fetch(entry, since, context) {
    const dataset = DATASETS[entry.id];
    if (!dataset) throw new UpstreamError('unsupported', `the open-datasets provider does not serve ${entry.id}`);
    const start = sinceDay(since);
    const url = `${trimBase(context.baseUrl)}${dataset.path}`;
    const text = await context.get(url, { signal: context.signal, headers: { accept: 'text/csv' } });
    const what = dataset.label;
    return { series: seriesFromPoints(entry, parseColumn(text, dataset.valueColumn, what), start, what), source: dataset.label, url: redactUrl(url) };
  },
};

/** The `Date` column and one value column of a plain CSV; empty cells are skipped. */
function parseColumn(text: string, valueColumn: string, what: string): Array<[number, number]> {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const header = splitRow(lines[0] ?? '');
  const dateIndex = header.indexOf('Date');
  const valueIndex = header.indexOf(valueColumn);
  if (dateIndex < 0 || valueIndex < 0) throw new UpstreamError('malformed', `${what}: expected columns Date and ${valueColumn}, found "${(lines[0] ?? '').slice(0, 80)}"`);
  const points: Array<[number, number]> = [];
  for (const [i, line] of lines.entries()) {
    if (i === 0 || line.trim() === '') continue;
    const cells = splitRow(line);
    const where = `${what}, line ${i + 1}`;
    const match = MONTH_OR_DATE.exec(cells[dateIndex] ?? '');
    const day = match ? epochDayFromCivil(Number(match[1]), Number(match[2]), match[3] ? Number(match[3]) : 1) : NaN;
    if (Number.isNaN(day)) throw new UpstreamError('malformed', `${where}: "${(cells[dateIndex] ?? '').slice(0, 40)}" is not a date`);
    const value = numberFromText(cells[valueIndex] ?? '', where);
    if (value !== undefined) points.push([day, value]);
  }
  return points;
}

/** These files have no quoted cells; quotes around a cell are dropped all the same. */
function splitRow(line: string): string[] {
  return line
    .replace(/\r$/, '')
    .split(',')
    .map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}
