/**
 * The Sources sheet: one row per series the workbook uses — name, source and URL, units, first and
 * last observation, retrieval time, licence, and whether it may be passed on (and whose data it is
 * when it may not) — so a recipient knows where every number came from.
 */
import { findSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { formatIsoDate } from '../core/dates/isoDate';
import { firstDay, lastDay } from '../core/series/series';
import { UNIT_LABELS } from '../core/units';
import type { HeldSeries } from '../data/heldSeries';
import { redistributionNote } from './licences';

export const SOURCES_SHEET = 'Liquidity Lens sources';

export const SOURCES_HEADER = ['Series', 'Name', 'Source', 'Provenance', 'URL', 'Units', 'First observation', 'Last observation', 'Retrieved at', 'Licence', 'Redistribution'];

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
