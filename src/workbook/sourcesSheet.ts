/**
 * The Sources sheet: one row per series the workbook uses — name, source and URL, units, first and
 * last observation, retrieval time, licence, whether it may be passed on (and whose data it is
 * when it may not), and its vintage (the latest data, or the ALFRED vintage it was pinned to: a
 * series used at two vintages has a row for each) — so a recipient knows where every number came from.
 */
import { findSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { formatIsoDate } from '../core/dates/isoDate';
import { firstDay, lastDay } from '../core/series/series';
import { UNIT_LABELS } from '../core/units';
import type { HeldSeries } from '../data/heldSeries';
import { describeVintage } from '../data/vintage';
import { redistributionNote } from './licences';

export const SOURCES_SHEET = 'Liquidity Lens sources';

// Vintage last: the columns before it keep their places for anyone reading them by position.
export const SOURCES_HEADER = [
  'Series',
  'Name',
  'Source',
  'Provenance',
  'URL',
  'Units',
  'First observation',
  'Last observation',
  'Retrieved at',
  'Licence',
  'Redistribution',
  'Vintage',
];

/** The Vintage cell: "latest", or which ALFRED vintage the series was pinned to. */
export function vintageNote(item: HeldSeries): string {
  return item.vintage === undefined ? 'latest' : `${describeVintage(item.vintage)} (ALFRED vintage)`;
}

/** The sheet's rows (header first) for the held series; pure, so tests can check it directly. */
export function sourcesRows(items: readonly HeldSeries[]): string[][] {
  return [
    SOURCES_HEADER,
    ...items.map((item) => {
      const entry = findSeries(item.series.id) as CatalogEntry;
      return [
        entry.id,
        entry.name,
        entry.source,
        item.source,
        entry.url,
        UNIT_LABELS[entry.units],
        item.series.days.length ? formatIsoDate(firstDay(item.series)) : '',
        item.series.days.length ? formatIsoDate(lastDay(item.series)) : '',
        item.retrievedAt,
        entry.licenceNote,
        redistributionNote(entry.id, `${entry.source} (${item.source})`),
        vintageNote(item),
      ];
    }),
  ];
}

/** Writes (or rewrites) the sources sheet. */
export async function writeSourcesSheet(items: readonly HeldSeries[]): Promise<number> {
  const rows = sourcesRows(items);
  await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    const existing = sheets.getItemOrNullObject(SOURCES_SHEET);
    await context.sync();
    if (!existing.isNullObject) existing.delete();
    const sheet = sheets.add(SOURCES_SHEET);
    const range = sheet.getRangeByIndexes(0, 0, rows.length, SOURCES_HEADER.length);
    // Text format first, so Excel keeps ISO dates and ids as written.
    range.numberFormat = rows.map((row) => row.map(() => '@'));
    range.values = rows;
    await context.sync();
  });
  return rows.length - 1;
}
