import { CATALOG_IDS, findSeries } from '../catalog/lookup';
import { isCalcError, notAvailable } from '../core/errors';
import { firstDay, lastDay } from '../core/series/series';
import { sliceDays } from '../core/series/sliceDays';
import { TRANSFORMS, transformSeries, type Transform } from '../core/series/transform';
import { UNIT_LABELS } from '../core/units';
import { formatIsoDate } from '../core/dates/isoDate';
import type { SeriesStore } from '../data/store';
import { checkSpillRows, coerceMaxRows, dateCell, type Answer, type Cell, type MaybePromise } from './answer';
import { coerceDateRange, coerceOption, coerceText, isOmitted } from './args';
import { requireHeld, withSeries } from './seriesAccess';

/** =LIQ.DATA(id, [start], [end], [transform], [max_rows]): header, then date · value in the series' units. */
export function liqData(store: SeriesStore, id: unknown, start: unknown, end: unknown, transform: unknown, maxRows: unknown): MaybePromise<Answer> {
  const name = coerceText(id, 'id');
  if (isCalcError(name)) return name;
  const entry = findSeries(name);
  if (!entry) return notAvailable(`unknown series "${name}": known series are ${CATALOG_IDS.join(', ')}`);
  const range = coerceDateRange(start, end);
  if (isCalcError(range)) return range;
  const { from, to } = range;
  const how = isOmitted(transform) ? undefined : coerceOption(transform, 'transform', TRANSFORMS, 'chg');
  if (isCalcError(how)) return how;
  const cap = coerceMaxRows(maxRows);
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
