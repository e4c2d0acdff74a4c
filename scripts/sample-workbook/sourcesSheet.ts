/** The Sources sheet: where every embedded series comes from, and how it is embedded. */
import type { Worksheet } from 'exceljs';
import { CATALOG_VERSION } from '../../src/catalog/catalog';
import type { HeldSeries } from '../../src/data/heldSeries';
import { EMBEDDED_FORMAT, EMBEDDED_NAMESPACE } from '../../src/workbook/embeddedPart';
import { sourcesRows } from '../../src/workbook/sourcesSheet';
import { COLOR } from './layout';

/** Writes the Sources sheet: notes on the embedded parts, then one row per embedded series (sourcesRows). */
export function writeSources(sheet: Worksheet, items: readonly HeldSeries[], embeddedAt: string, partIds: readonly string[]): void {
  const rows = sourcesRows(items);
  const widths = [12, 34, 16, 60, 48, 30, 16, 16, 26, 60, 60];
  widths.forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.getCell(1, 1).value = 'Sources of every series the Dashboard reads';
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  const parts = partIds.length === 1 ? `custom XML part ${partIds[0]}` : `${partIds.length} custom XML parts (${partIds.join(', ')})`;
  const notes = [
    `These observations are embedded in this workbook (${parts}, namespace ${EMBEDDED_NAMESPACE}, format ${EMBEDDED_FORMAT}, catalogue version ${CATALOG_VERSION}) as of ${embeddedAt}; the add-in computes from them until someone refreshes.`,
    'Only series that may be passed on are embedded: US-government statistics (public domain) and the open ODC-PDDL datasets. Market prices (gold futures, indices, ETFs, bitcoin) come from commercial providers and may not be redistributed, so they are not in this workbook: the cells that need them show #N/A until you refresh those series from the pane with your own access.',
    'Units are as published; the functions convert explicitly (e.g. WALCL and TGA in USD millions, RRP in USD billions). No API key or other secret is stored in this workbook.',
  ];
  notes.forEach((note, i) => {
    const cell = sheet.getCell(2 + i, 1);
    cell.value = note;
    cell.font = { italic: true, color: { argb: COLOR.note } };
  });
  const top = 2 + notes.length + 1;
  rows[0]!.forEach((value, c) => {
    const cell = sheet.getCell(top, c + 1);
    cell.value = value;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: COLOR.sectionFill } };
  });
  rows.slice(1).forEach((row, r) => row.forEach((value, c) => (sheet.getCell(top + 1 + r, c + 1).value = value)));
  sheet.views = [{ state: 'frozen', ySplit: top }];
}
