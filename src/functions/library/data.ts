/** LIQ.DATA: any catalogue series in its published units, the escape hatch for everything else. */
import { formatIsoDate } from '../../core/dates/isoDate';
import { definedAt } from '../../core/definedAt';
import { isCalcError, notAvailable } from '../../core/errors';
import { firstDay, lastDay } from '../../core/series/series';
import { sliceDays } from '../../core/series/sliceDays';
import { TRANSFORMS, transformSeries } from '../../core/series/transform';
import { UNIT_LABELS } from '../../core/units';
import { dateCell, type Cell } from '../cells';
import { defineFunction, spill } from '../declaration';
import { maxRows, optionalDate, optionalOption, seriesId, vintage } from '../parameters';
import { atVintage, checkDateRange, idsOf, requireHeld, vintageSuffix } from '../seriesAccess';

/** The last argument of every point-in-time function (DESIGN §2, §4a). */
export const VINTAGE_PARAMETER = {
  name: 'vintage',
  description:
    'Point in time: omitted = the latest data; "first" = each observation as first published; a date = the values as they were known on that date (ALFRED vintages of FRED series).',
  kind: vintage,
  optional: true,
} as const;

export const LIQ_DATA = defineFunction({
  name: 'LIQ.DATA',
  method: 'liqData',
  description: "Any catalogue series as a header row, then date · value in the series' published units (e.g. WALCL in USD millions, RRP in USD billions, SOFR in percent).",
  parameters: [
    { name: 'id', description: 'Series id, e.g. "WALCL", "SOFR", "M2.US" (FRED ids such as "RRPONTSYD" work too).', kind: seriesId },
    { name: 'start', description: 'First date; omitted = from the start.', kind: optionalDate, optional: true },
    { name: 'end', description: 'Last date; omitted = to the end.', kind: optionalDate, optional: true },
    { name: 'transform', description: '"chg" (change), "pch" (% change), "pc1" (% change from a year ago) or "log".', kind: optionalOption(TRANSFORMS), optional: true },
    { name: 'max_rows', description: 'Largest number of rows to spill (default 5000).', kind: maxRows, optional: true },
    VINTAGE_PARAMETER,
  ],
  result: 'matrix',
  maxRowsArgument: 4,
  reads: ([entry, , , , , asKnown]) => atVintage(idsOf(entry), asKnown),
  compute([entry, from, to, how, , asKnown], held) {
    const badRange = checkDateRange(from, to);
    if (badRange) return badRange;
    const raw = requireHeld(held, atVintage(idsOf(entry), asKnown)[0]);
    if (isCalcError(raw)) return raw;
    // Transform first, so a YoY change at `start` can read the year before it.
    const series = how === undefined ? raw : transformSeries(raw, how);
    const slice = sliceDays(series, from ?? -Infinity, to ?? Infinity);
    if (slice.days.length === 0) {
      return notAvailable(
        `${entry.id}${vintageSuffix(asKnown)} has no observations between ${from === undefined ? 'its start' : formatIsoDate(from)} and ${to === undefined ? 'its end' : formatIsoDate(to)} (covers ${formatIsoDate(firstDay(raw))} to ${formatIsoDate(lastDay(raw))})`,
      );
    }
    return spill(slice.days.length, ['date', `${entry.id}${vintageSuffix(asKnown)} (${UNIT_LABELS[slice.units]})`], () => {
      const { days, values } = slice;
      return Array.from(days, (day, i): Cell[] => [dateCell(day), definedAt(values, i, 'the series values')]);
    });
  },
});
