import { CATALOG_IDS, findSeries } from '../catalog/lookup';
import { isCalcError, notAvailable } from '../core/errors';
import { firstDay, lastDay } from '../core/series/series';
import { sliceDays } from '../core/series/sliceDays';
import { TRANSFORMS, transformSeries, type Transform } from '../core/series/transform';
import { UNIT_LABELS } from '../core/units';
import { formatIsoDate } from '../core/dates/isoDate';
import type { SeriesStore } from '../data/store';
import { DEFAULT_MAX_ROWS, LARGEST_MAX_ROWS, checkSpillRows, dateCell, type Answer, type Cell, type MaybePromise } from './answer';
import { checkDateOrder, coerceDate, coerceInteger, coerceOption, coerceText, isOmitted } from './args';
import { requireHeld, withSeries } from './seriesAccess';

/** =LIQ.DATA(id, [start], [end], [transform], [max_rows]): header, then date · value in the series' units. */
export function liqData(store: SeriesStore, id: unknown, start: unknown, end: unknown, transform: unknown, maxRows: unknown): MaybePromise<Answer> {
  const name = coerceText(id, 'id');
  if (isCalcError(name)) return name;
  const entry = findSeries(name);
  if (!entry) return notAvailable(`unknown series "${name}": known series are ${CATALOG_IDS.join(', ')}`);
  const from = coerceDate(start, 'start');
  if (isCalcError(from)) return from;
  const to = coerceDate(end, 'end');
  if (isCalcError(to)) return to;
  const order = checkDateOrder(from, to);
  if (order) return order;
  const how = isOmitted(transform) ? undefined : coerceOption(transform, 'transform', TRANSFORMS, 'chg');
  if (isCalcError(how)) return how;
  const cap = coerceInteger(maxRows, 'max_rows', { min: 1, max: LARGEST_MAX_ROWS, fallback: DEFAULT_MAX_ROWS });
  if (isCalcError(cap)) return cap;
  return withSeries(store, [entry.id], (held) => {
    const raw = requireHeld(held, entry.id);
    if (isCalcError(raw)) return raw;
    // Transform first, so a YoY change at `start` can read the year before it.
    const series = how === undefined ? raw : transformSeries(raw, how as Transform);
    const slice = sliceDays(series, from ?? -Infinity, to ?? Infinity);
    if (slice.days.length === 0) {
      return notAvailable(`${entry.id} has no observations between ${from === undefined ? 'its start' : formatIsoDate(from)} and ${to === undefined ? 'its end' : formatIsoDate(to)} (covers ${formatIsoDate(firstDay(raw))} to ${formatIsoDate(lastDay(raw))})`);
    }
    const tooMany = checkSpillRows(slice.days.length, cap);
    if (tooMany) return tooMany;
    const rows: Cell[][] = [['date', `${entry.id} (${UNIT_LABELS[slice.units]})`]];
    for (let i = 0; i < slice.days.length; i++) rows.push([dateCell(slice.days[i]), slice.values[i]]);
    return rows;
  });
}
