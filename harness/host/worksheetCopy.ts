/**
 * Worksheet.copy (ExcelApi 1.10) as Excel does it: a new sheet named "Sheet1 (2)" (then "(3)" …)
 * placed where asked, holding the source's entries (formulas re-entered, so they calculate afresh
 * in the copy, including the add-in's), number formats, and charts bound to the copy's own cells.
 * A formula that names its own sheet (`Sheet1!B5`) names the copy; references to other sheets stay.
 */
import type { ChartModel, ChartRef, HostState } from './state';
import { keyCol, keyRow, newGuid, quoteSheetName, type Sheet } from './workbook';

export type WorksheetPosition = 'None' | 'Before' | 'After' | 'Beginning' | 'End';
const POSITIONS: readonly WorksheetPosition[] = ['None', 'Before', 'After', 'Beginning', 'End'];

export function isWorksheetPosition(value: unknown): value is WorksheetPosition {
  return POSITIONS.includes(value as WorksheetPosition);
}

/** Excel's name for a copy: the source's name, cut to fit, with " (n)" for the first free n ≥ 2. */
function copyName(host: HostState, source: Sheet): string {
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const candidate = source.name.slice(0, 31 - suffix.length) + suffix;
    if (!host.findSheet(candidate)) return candidate;
  }
}

/** Moves `copy` (last in the list) to its place. "None" puts it right after the source, as Excel does. */
function place(host: HostState, copy: Sheet, source: Sheet, position: WorksheetPosition, relativeTo: Sheet | undefined): void {
  const others = host.sheets.filter((sheet) => sheet !== copy);
  const anchor = relativeTo ?? source;
  const index =
    position === 'Beginning' ? 0 : position === 'End' ? others.length : position === 'Before' ? others.indexOf(anchor) : others.indexOf(position === 'After' ? anchor : source) + 1;
  others.splice(index, 0, copy);
  host.sheets = others;
}

export function copyWorksheet(host: HostState, source: Sheet, position: WorksheetPosition, relativeTo: Sheet | undefined): Sheet {
  if ((position === 'Before' || position === 'After') && !relativeTo)
    throw new TypeError(`Worksheet.copy("${position}") needs the worksheet to place the copy ${position.toLowerCase()}`);
  if ((position === 'None' || position === 'Beginning' || position === 'End') && relativeTo) throw new TypeError(`Worksheet.copy("${position}") takes no relativeTo worksheet`);
  const copy = host.addSheet(copyName(host, source));
  place(host, copy, source, position, relativeTo);
  const ownPrefixes = [`${quoteSheetName(source.name)}!`, `'${source.name.replace(/'/g, "''")}'!`];
  const renamed = (text: string) => ownPrefixes.reduce((out, prefix) => out.split(prefix).join(`${quoteSheetName(copy.name)}!`), text);
  const entries = [...source.cells].sort(([a], [b]) => a - b);
  host.calc.batch(() => {
    for (const [key, cell] of entries) {
      const row = keyRow(key);
      const col = keyCol(key);
      if (cell.numberFormat) host.calc.setNumberFormat(copy, row, col, cell.numberFormat);
      // A cell that only shows a spill is not an entry: the copied anchor spills again.
      if (cell.spilledFrom !== undefined && cell.input === '') continue;
      if (typeof cell.input === 'string' && cell.input.startsWith('=')) host.calc.enter(copy, row, col, { kind: 'formula', text: renamed(cell.input) });
      else if (cell.input !== '') host.calc.enter(copy, row, col, { kind: 'value', value: cell.value, ...(cell.numberFormat ? { numberFormat: cell.numberFormat } : {}) });
    }
  });
  const onCopy = (ref: ChartRef | undefined): ChartRef | undefined => (ref && ref.sheet === source ? { sheet: copy, rect: { ...ref.rect } } : ref);
  for (const chart of host.charts.filter((c) => c.sheet === source && !c.deleted)) {
    const cloned: ChartModel = {
      ...chart,
      id: newGuid(),
      sheet: copy,
      source: onCopy(chart.source)!,
      title: { ...chart.title },
      legend: { ...chart.legend },
      axes: chart.axes.map((axis) => ({ ...axis, title: { ...axis.title } })),
      series: chart.series.map((series) => ({ ...series, values: onCopy(series.values), xValues: onCopy(series.xValues) })),
    };
    host.charts.push(cloned);
  }
  host.record('Worksheet copied', [source.name, copy.name, position]);
  return copy;
}
