import type { CatalogEntry } from '../../catalog/types';
import { UpstreamError } from '../upstreamError';
import type { Vintage } from '../vintage';
import { seriesFromPoints, trimBase } from './common';
import { parseFredCsv } from './fredGraph';
import { HttpStatusError, redactUrl } from './http';
import { refuseFutureVintage, type VintageProvider, type VintageResult } from './vintageProvider';

/**
 * ALFRED's keyless download, `alfredgraph.csv?id=ID&vintage_date=D` (DESIGN §4a): one column per
 * vintage, named `<ID>[_<UNITS>]_<YYYYMMDD>` (several vintages come back in no particular order),
 * "." or an empty cell where a value was not yet published. For a few vintage dates when no key is
 * set; first releases need the keyed API.
 *
 * The trap: a vintage date ALFRED does not hold (one in the future) answers HTTP 200 with TODAY's
 * vintage, the header naming that other date. The column's suffix must be the date asked for, or
 * the answer is refused — it would be the latest data in disguise.
 */

const VINTAGE_COLUMN = /^(.+?)(?:_([A-Z0-9]+))?_(\d{4})(\d{2})(\d{2})$/;

/** The vintage columns of an alfredgraph CSV header: id, units transform (if any) and ISO vintage date. */
export function vintageColumns(names: readonly string[]): Array<{ name: string; id: string; units?: string; vintage: string }> {
  return names.flatMap((name) => {
    const [, id, units, year, month, day] = VINTAGE_COLUMN.exec(name) ?? [];
    if (id === undefined) return [];
    return [{ name, id, ...(units === undefined ? {} : { units }), vintage: `${year}-${month}-${day}` }];
  });
}

/**
 * The observations of `upstreamId` in vintage `date` from an alfredgraph CSV body, as published
 * (no units transform). Refuses an answer whose only vintage is another date (the silent
 * substitution) and one carrying a units transform (PAYEMS_CHG_…: changes, not levels).
 */
export function parseAlfredGraph(text: string, upstreamId: string, date: string, what: string): Array<[number, number]> {
  if (/^\s*No vintage dates exist/i.test(text)) throw new UpstreamError('empty', `${what}: ${(text.trim().split('\n')[0] ?? '').slice(0, 160)}`);
  const columns = parseFredCsv(text, what);
  const vintages = vintageColumns([...columns.keys()]).filter((column) => column.id === upstreamId);
  const wanted = vintages.find((column) => column.vintage === date && column.units === undefined);
  if (wanted === undefined) {
    const found = vintages.map((column) => column.name).join(', ') || [...columns.keys()].join(', ') || 'none';
    const later = vintages.find((column) => column.vintage > date);
    throw new UpstreamError(
      'malformed',
      later
        ? `${what}: ALFRED answered vintage ${later.vintage} for ${date} (columns: ${found}) — a vintage date it does not hold returns today's data; refused`
        : `${what}: no column ${upstreamId}_${date.replace(/-/g, '')} in the answer (columns: ${found}); refused`,
    );
  }
  return columns.get(wanted.name) ?? [];
}

export const alfredGraphProvider: VintageProvider = {
  provider: 'fredgraph',
  label: 'ALFRED keyless CSV (alfredgraph.csv)',
  supports: (entry) => entry.source === 'FRED',
  async fetchVintage(entry: CatalogEntry, vintage: Vintage, context): Promise<VintageResult> {
    if (vintage === 'first') {
      throw new UpstreamError('no-key', `${entry.id} as first published needs ALFRED's keyed API: set FRED_API_KEY (the keyless alfredgraph.csv serves vintage dates only)`);
    }
    refuseFutureVintage(entry, vintage, context);
    const what = `ALFRED keyless CSV ${entry.upstreamId} vintage ${vintage}`;
    const url = `${trimBase(context.baseUrl)}/graph/alfredgraph.csv?id=${encodeURIComponent(entry.upstreamId)}&vintage_date=${vintage}`;
    let text: string;
    try {
      text = await context.get(url, { signal: context.signal, headers: { accept: 'text/csv' } });
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 404) throw new UpstreamError('http', `${what}: ALFRED knows no such series (${error.message})`, { status: 404 });
      throw error;
    }
    const points = parseAlfredGraph(text, entry.upstreamId, vintage, what);
    if (points.length === 0) throw new UpstreamError('empty', `${what}: no observations`);
    return {
      series: seriesFromPoints(entry, points, undefined, what),
      vintage,
      source: `ALFRED ${entry.upstreamId}, as known on ${vintage} (keyless alfredgraph.csv)`,
      url: redactUrl(url),
    };
  },
};
