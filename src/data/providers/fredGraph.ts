import { unzipSync } from 'fflate';
import type { CatalogEntry } from '../../catalog/types';
import { definedAt } from '../../core/definedAt';
import { UpstreamError } from '../upstreamError';
import { dayFromIso, numberFromText, seriesFromPoints, sinceDay, trimBase } from './common';
import { HttpStatusError, redactUrl } from './http';
import type { BatchItem, BatchResult, HttpGet, Provider, ProviderContext, ProviderResult } from './types';

/**
 * FRED's keyless download, `fredgraph.csv` (DESIGN §4a): the same observations as the keyed API,
 * with no key, for every FRED series of the catalogue. Undocumented and throttled by a CDN, so it
 * is asked for as little as possible: one request per catalogue frequency carries every due series
 * of that frequency (`id=A,B,C`, with one `cosd` start date per id for the incremental refresh).
 *
 * What comes back:
 * - one CSV, `observation_date,A,B,…` (legacy downloads: `DATE,…`), a missing value being an empty
 *   cell (legacy: `.`); ids of one FRED frequency share a file, rows on the union of their dates;
 * - a ZIP of one such CSV per FRED frequency (plus a README.txt) when the ids mix frequencies —
 *   FRED counts WALCL ("weekly, as of Wednesday") and WTREGEN ("weekly, ending Wednesday") as two;
 * - HTTP 404 with an HTML page for an unknown id (never a CSV with no rows).
 *
 * Units are FRED's as published, which are the catalogue's for every FRED entry, exactly as the
 * keyed provider (fred.ts) takes them: nothing is rescaled. A series whose published unit changed
 * (WTREGEN was once in billions) is caught by the gateway's plausibility check, not here.
 */

/** FRED API's own default observation_start: the filler `cosd` for an id with nothing held. */
const FROM_THE_START = '1776-07-04';
/**
 * Largest total of decompressed CSV members accepted from a ZIP. The HTTP layer caps the bytes on
 * the wire; this caps what they may inflate to (a few MB per decade of daily data at most).
 */
const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
const DATE_HEADERS = new Set(['observation_date', 'DATE']);

export const fredGraphProvider: Provider = {
  name: 'fredgraph',
  label: 'FRED keyless CSV (fredgraph.csv)',
  defaultBaseUrl: 'https://fred.stlouisfed.org',
  // A full refresh makes one request per catalogue frequency (D, W, M, Q): they start together, in
  // one round trip (DESIGN §9); still "a few" a second, far under what one request per series was.
  requestsPerSecond: 4,
  supports: (entry) => entry.source === 'FRED',
  batchKey: (entry) => entry.frequency,
  async fetch(entry, since, context) {
    const result = (await fetchMany([{ entry, since }], context)).get(entry.id);
    if (result === undefined) throw new UpstreamError('malformed', `FRED keyless CSV: no answer for ${entry.id}`);
    if (result instanceof UpstreamError) throw result;
    return result;
  },
  fetchMany,
};

async function fetchMany(items: readonly BatchItem[], context: ProviderContext): Promise<BatchResult> {
  if (items.length === 0) return new Map();
  try {
    return await fetchBatch(items, context);
  } catch (error) {
    // FRED refuses the whole request for one unknown id: ask for each alone, so one bad id cannot
    // keep every other series of its frequency from refreshing.
    if (items.length > 1 && error instanceof UpstreamError && error.status === 404) {
      const results = new Map<string, ProviderResult | UpstreamError>();
      for (const item of items) {
        try {
          for (const [id, result] of await fetchBatch([item], context)) results.set(id, result);
        } catch (single) {
          if (!(single instanceof UpstreamError)) throw single;
          results.set(item.entry.id, single);
        }
      }
      return results;
    }
    throw error;
  }
}

async function fetchBatch(items: readonly BatchItem[], context: ProviderContext): Promise<BatchResult> {
  const ids = items.map((item) => item.entry.upstreamId);
  const what = `FRED keyless CSV ${ids.join(',')}`;
  // Commas stay literal: FRED splits `id` and `cosd` on them.
  let url = `${trimBase(context.baseUrl)}/graph/fredgraph.csv?id=${ids.map(encodeURIComponent).join(',')}`;
  if (items.some((item) => item.since !== undefined)) url += `&cosd=${items.map((item) => item.since ?? FROM_THE_START).join(',')}`;
  for (const item of items) sinceDay(item.since); // a malformed `since` is a programming error: RangeError before any request

  const columns = await download(context.get, url, context.signal, what);
  const results = new Map<string, ProviderResult | UpstreamError>();
  for (const { entry, since } of items) {
    const points = columns.get(entry.upstreamId);
    if (!points) {
      const found = [...columns.keys()].join(', ') || 'none';
      results.set(entry.id, new UpstreamError('malformed', `${what}: the answer has no column ${entry.upstreamId} (columns: ${found})`));
      continue;
    }
    try {
      results.set(entry.id, { series: seriesFromPoints(entry, points, sinceDay(since), `FRED ${entry.upstreamId}`), source: sourceOf(entry), url: redactUrl(url) });
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      results.set(entry.id, error);
    }
  }
  return results;
}

/** "FRED WALCL (keyless fredgraph.csv)": the keyed path says "FRED WALCL", so the two can be told apart. */
function sourceOf(entry: CatalogEntry): string {
  return `FRED ${entry.upstreamId} (keyless fredgraph.csv)`;
}

/** The answer's columns by header name: (epoch day, value) pairs, missing values left out. */
async function download(get: HttpGet, url: string, signal: AbortSignal | undefined, what: string): Promise<Map<string, Array<[number, number]>>> {
  let zip: Uint8Array | undefined;
  let text: string;
  try {
    text = await get(url, {
      signal,
      headers: { accept: 'text/csv, application/zip' },
      // A ZIP ("PK\x03\x04") must stay bytes; everything else is text.
      decode: (bytes) => {
        if (isZip(bytes)) {
          zip = bytes;
          return '';
        }
        return new TextDecoder().decode(bytes);
      },
    });
  } catch (error) {
    throw explainError(error, what);
  }
  if (!zip) return parseFredCsv(text, what);
  const members = unzipCsvMembers(zip, what);
  if (members.length === 0) throw new UpstreamError('malformed', `${what}: the ZIP holds no CSV file`);
  const columns = new Map<string, Array<[number, number]>>();
  for (const [name, csv] of members) {
    for (const [id, points] of parseFredCsv(csv, `${what} (${name})`)) {
      if (columns.has(id)) throw new UpstreamError('malformed', `${what}: column ${id} appears in two files of the ZIP`);
      columns.set(id, points);
    }
  }
  return columns;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The CSV members of a ZIP as [name, text], in archive order. fflate's `unzipSync` (a well-kept
 * 8 kB reader, DESIGN §5a) does the format; its filter skips the README and refuses members whose
 * declared size would inflate past MAX_UNZIPPED_BYTES before anything is inflated.
 */
function unzipCsvMembers(zip: Uint8Array, what: string): Array<[string, string]> {
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        if (!/\.csv$/i.test(file.name)) return false;
        total += file.originalSize;
        if (total > MAX_UNZIPPED_BYTES) throw new UpstreamError('too-large', `${what}: the ZIP's CSV files inflate past ${MAX_UNZIPPED_BYTES} bytes`);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError('malformed', `${what}: the ZIP cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return Object.entries(files).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)]);
}

/**
 * One fredgraph CSV: header `observation_date,ID,…` (legacy `DATE,ID,…`), ISO dates, values as
 * published with "" (current) or "." (legacy) for missing. Columns are keyed by their header as
 * written (a transformed column is `CPIAUCSL_PCH`, not `CPIAUCSL`: it matches no catalogue id).
 * An HTML page or any other header is refused: FRED's error pages are not data.
 * @example
 * parseFredCsv('observation_date,WALCL\n2026-01-07,6581234\n2026-01-14,\n', 'x') // Map { 'WALCL' => [[20460, 6581234]] }
 */
export function parseFredCsv(text: string, what: string): Map<string, Array<[number, number]>> {
  const body = text.replace(/^\uFEFF/, '');
  if (/^\s*</.test(body)) throw new UpstreamError('malformed', `${what}: an HTML page, not CSV (${htmlTitle(body) ?? 'no title'})`);
  const lines = body.split(/\r?\n/);
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  const header = (lines[0] ?? '').split(',').map((cell) => cell.trim());
  if (!DATE_HEADERS.has(header[0] ?? '') || header.length < 2) {
    throw new UpstreamError('malformed', `${what}: not a FRED CSV (header "${(lines[0] ?? '').slice(0, 60)}")`);
  }
  const names = header.slice(1);
  if (new Set(names).size !== names.length) throw new UpstreamError('malformed', `${what}: a column appears twice in the header`);
  const columns = new Map<string, Array<[number, number]>>(names.map((name) => [name, []]));
  for (const [i, line] of lines.entries()) {
    if (i === 0) continue;
    const [dateText = '', ...valueTexts] = line.split(',');
    if (valueTexts.length !== names.length) throw new UpstreamError('malformed', `${what}: line ${i + 1} has ${valueTexts.length + 1} cells, the header ${header.length}`);
    const date = dateText.trim();
    const day = dayFromIso(date, `${what} line ${i + 1}`);
    names.forEach((name, column) => {
      const value = numberFromText(definedAt(valueTexts, column, 'the values of the line'), `${what} ${name} ${date}`);
      if (value !== undefined) columns.get(name)?.push([day, value]);
    });
  }
  return columns;
}

function htmlTitle(html: string): string | undefined {
  const title = /<title>\s*([^<]*?)\s*<\/title>/i.exec(html)?.[1];
  return title ? `"${title.slice(0, 80)}"` : undefined;
}

/** A 404 is FRED's HTML error page: an unknown id. Say so, without quoting the page. */
function explainError(error: unknown, what: string): unknown {
  if (!(error instanceof HttpStatusError)) return error;
  if (error.status === 404) {
    const page = /<html/i.test(error.bodyExcerpt) ? `an HTML page${htmlTitle(error.bodyExcerpt) ? ` titled ${htmlTitle(error.bodyExcerpt)}` : ''}` : 'no CSV';
    return new UpstreamError('http', `${what}: FRED knows no such series (${error.message}, ${page})`, { status: 404 });
  }
  return error;
}
