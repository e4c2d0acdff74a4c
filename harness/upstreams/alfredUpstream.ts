/**
 * ALFRED for the mock upstream (mockUpstream.ts), from the recorded GDP answers in
 * ../shared/fixtures/fred_alfred/ (recorded 2025-01-20, INDEX.md "Additions of 2026-12-07"):
 *
 *   /fred/series/observations with realtime_start/_end or output_type
 *       the three recorded requests are answered with their recorded bodies, verbatim; any other
 *       real-time window is EMULATED from the all-vintages recording (its periods overlapping the
 *       window, clipped to it; output_type 4: the earliest period of each observation released
 *       after ALFRED's first vintage), and a window spanning more vintage dates than the cap (2,000 as
 *       ALFRED, lower in tests) is HTTP 400 with ALFRED's message
 *   /fred/series/vintagedates      the recorded list, cut to the real-time window
 *   /graph/alfredgraph.csv         EMULATED: one column GDP_YYYYMMDD per vintage_date asked, "." not
 *                                  yet published; a date after the recording answers today's
 *                                  vintage under today's suffix, as ALFRED silently does
 *
 * Only GDP is recorded: another series is FRED's 400 "series does not exist".
 */
import { definedAt } from '../../src/core/definedAt';
import { readSharedFixture } from './sharedFixtures';

export const ALFRED_FOLDER = 'fred_alfred';
export const ALFRED_FILES = {
  allVintages: 'series_observations_GDP_all_vintages_output_type1_recorded-2025-01-20.json',
  knownOn20190101: 'series_observations_GDP_realtime_end_2019-01-01_recorded-2025-01-20.json',
  firstReleases: 'series_observations_GDP_initial_release_output_type4_recorded-2025-01-20.json',
  vintageDates: 'series_vintagedates_GDP_recorded-2025-01-20.json',
} as const;
export const ALFRED_VINTAGE_DATES_PATH = '/fred/series/vintagedates';
export const ALFREDGRAPH_PATH = '/graph/alfredgraph.csv';
/** The day of the recordings: "today" for the emulated answers. */
export const ALFRED_RECORDED_ON = '2025-01-20';

const START = '1776-07-04';
const END = '9999-12-31';

interface Row {
  readonly realtime_start: string;
  readonly realtime_end: string;
  readonly date: string;
  readonly value: string;
}

export interface AlfredAnswer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

let loaded: { rows: Row[]; vintageDates: string[] } | undefined;
function recorded(): { rows: Row[]; vintageDates: string[] } {
  loaded ??= {
    rows: (JSON.parse(readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.allVintages)) as { observations: Row[] }).observations,
    vintageDates: (JSON.parse(readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.vintageDates)) as { vintage_dates: string[] }).vintage_dates,
  };
  return loaded;
}

const json = (status: number, body: unknown): AlfredAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json; charset=utf-8' });
const unknownSeries = () => json(400, { error_code: 400, error_message: 'Bad Request.  The series does not exist.' });

/** Whether an observations request asks for vintages (and so is ALFRED's, not plain FRED's). */
export function isVintageRequest(query: Readonly<Record<string, string>>): boolean {
  return query.realtime_start !== undefined || query.realtime_end !== undefined || query.output_type !== undefined;
}

/** The values of the recording known on `date` (ISO), by observation date; "." where withdrawn. */
export function recordedKnownOn(date: string): Map<string, string> {
  const known = new Map<string, string>();
  for (const row of recorded().rows) if (row.realtime_start <= date && date <= row.realtime_end) known.set(row.date, row.value);
  return known;
}

export function alfredObservations(query: Readonly<Record<string, string>>, vintageCap: number): AlfredAnswer {
  if (query.series_id !== 'GDP') return unknownSeries();
  const start = query.realtime_start ?? ALFRED_RECORDED_ON;
  const end = query.realtime_end ?? ALFRED_RECORDED_ON;
  const outputType = query.output_type ?? '1';
  const inWindow = recorded().vintageDates.filter((date) => date >= start && date <= end).length;
  if (inWindow > vintageCap) {
    return json(400, {
      error_code: 400,
      error_message: `Bad Request.  There are ${inWindow} vintage dates in the specified real-time period: ${start} to ${end}.  This exceeds the maximum number of vintage dates allowed for this file type (${vintageCap}).`,
    });
  }
  if (start === START && end === END && outputType === '4')
    return { status: 200, body: readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.firstReleases), contentType: 'application/json; charset=utf-8' };
  if (start === START && end === END && outputType === '1')
    return { status: 200, body: readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.allVintages), contentType: 'application/json; charset=utf-8' };
  if (start === START && end === '2019-01-01' && outputType === '1')
    return { status: 200, body: readSharedFixture(ALFRED_FOLDER, ALFRED_FILES.knownOn20190101), contentType: 'application/json; charset=utf-8' };
  const overlapping = recorded().rows.filter((row) => row.realtime_start <= end && row.realtime_end >= start);
  let rows: Row[];
  if (outputType === '4') {
    // The earliest period of each observation released after ALFRED's first vintage (the recording
    // starts at 1991-10-01: what that vintage already held, and history added later, such as the
    // 1946 quarters in 1992, have no initial release), when it starts inside the window.
    const firstVintage = definedAt(recorded().vintageDates, 0, 'the recorded vintage dates');
    const heldAtStart = recorded()
      .rows.filter((row) => row.realtime_start <= firstVintage)
      .reduce((last, row) => (row.date > last ? row.date : last), '');
    const earliest = new Map<string, Row>();
    for (const row of recorded().rows) {
      const seen = earliest.get(row.date);
      if (!seen || row.realtime_start < seen.realtime_start) earliest.set(row.date, row);
    }
    rows = [...earliest.values()].filter((row) => row.date > heldAtStart && row.realtime_start >= start && row.realtime_start <= end);
  } else {
    rows = overlapping.map((row) => ({
      ...row,
      realtime_start: row.realtime_start < start ? start : row.realtime_start,
      realtime_end: row.realtime_end > end ? end : row.realtime_end,
    }));
  }
  return json(200, { realtime_start: start, realtime_end: end, output_type: Number(outputType), count: rows.length, offset: 0, limit: 100000, observations: rows });
}

export function alfredVintageDates(query: Readonly<Record<string, string>>): AlfredAnswer {
  if (query.series_id !== 'GDP') return unknownSeries();
  const start = query.realtime_start ?? START;
  const end = query.realtime_end ?? END;
  const dates = recorded().vintageDates.filter((date) => date >= start && date <= end);
  return json(200, { realtime_start: start, realtime_end: end, order_by: 'vintage_date', sort_order: 'asc', count: dates.length, offset: 0, limit: 10000, vintage_dates: dates });
}

export function alfredGraph(query: Readonly<Record<string, string>>): AlfredAnswer {
  if (query.id !== 'GDP') return { status: 404, body: '<html><head><title>Series not found</title></head></html>', contentType: 'text/html; charset=UTF-8' };
  const asked = (query.vintage_date ?? '').split(',').filter(Boolean);
  // A date after "today" silently becomes today's vintage, named after today.
  const served = asked.map((date) => (date > ALFRED_RECORDED_ON ? ALFRED_RECORDED_ON : date));
  const columns = served.map((date) => [date, recordedKnownOn(date)] as const);
  const dates = [...new Set(columns.flatMap(([, known]) => [...known.keys()]))].sort();
  const header = ['observation_date', ...columns.map(([date]) => `GDP_${date.replace(/-/g, '')}`)].join(',');
  const lines = dates.map((date) => [date, ...columns.map(([, known]) => known.get(date) ?? '.')].join(','));
  return { status: 200, body: `${header}\n${lines.join('\n')}\n`, contentType: 'text/csv' };
}
