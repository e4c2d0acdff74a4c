/**
 * The one check-and-merge both sides run on a fetched batch (the add-in's store and the gateway):
 * the same refusals with the same kinds, whoever delivered the batch.
 */
import { getSeries } from '../../../src/catalog/lookup';
import { parseIsoDate } from '../../../src/core/dates/isoDate';
import { createSeries } from '../../../src/core/series/series';
import { ingest } from '../../../src/data/refresh/ingest';
import { UpstreamError } from '../../../src/data/upstreamError';

const walcl = getSeries('WALCL');
const wednesdays = (first: string, n: number) => Array.from({ length: n }, (_, i) => parseIsoDate(first) + 7 * i);
const held = createSeries('WALCL', 'USD_MILLIONS', wednesdays('2026-07-01', 4), [6_600_000, 6_601_000, 6_602_000, 6_603_000]);

describe('ingest', () => {
  it('merges by date: appends new dates, revises changed ones, under the catalogue id', () => {
    const incoming = createSeries('WALCL-upstream', 'USD_MILLIONS', wednesdays('2026-07-15', 3), [6_602_000, 6_603_500, 6_604_000]);
    const merged = ingest(walcl, held, incoming, { from: 'FRED' });
    if (merged instanceof UpstreamError) throw merged;
    expect(merged).toMatchObject({ appended: 1, revised: 1 });
    expect(merged.series.id).toBe('WALCL');
    expect(Array.from(merged.series.values)).toEqual([6_600_000, 6_601_000, 6_602_000, 6_603_500, 6_604_000]);
  });

  it.each(['FRED', 'the gateway'])('refuses a 1000× unit jump and a unit other than the catalogue\u2019s as implausible, from %s', (from) => {
    const inBillions = createSeries('WALCL', 'USD_MILLIONS', wednesdays('2026-07-15', 2), [6_602, 6_603]);
    const jump = ingest(walcl, held, inBillions, { from });
    expect(jump).toBeInstanceOf(UpstreamError);
    expect(jump).toMatchObject({ kind: 'implausible' });
    const labelled = ingest(walcl, held, createSeries('WALCL', 'USD_BILLIONS', wednesdays('2026-07-15', 2), [6_602, 6_603]), { from });
    expect(labelled).toMatchObject({ kind: 'implausible', message: `${from} delivered WALCL in USD_BILLIONS, the catalogue holds USD_MILLIONS` });
  });

  it('refuses an empty batch, saying since when, unless it means nothing new over held data', () => {
    const empty = createSeries('WALCL', 'USD_MILLIONS', [], []);
    expect(ingest(walcl, held, empty, { from: 'FRED', since: '2026-06-01' })).toMatchObject({
      kind: 'empty',
      message: 'FRED returned no observations for WALCL since 2026-06-01; keeping the held data',
    });
    expect(ingest(walcl, undefined, empty, { from: 'the gateway', emptyReason: 'no observations of WALCL are available', emptyIsNothingNew: true })).toMatchObject({
      kind: 'empty',
      message: 'no observations of WALCL are available',
    });
    expect(ingest(walcl, held, empty, { from: 'the gateway', emptyIsNothingNew: true })).toMatchObject({ series: held, appended: 0, revised: 0 });
  });

  it('refuses a first load outside the plausible range', () => {
    const tiny = createSeries('WALCL', 'USD_MILLIONS', wednesdays('2026-07-15', 1), [6.6]);
    expect(ingest(walcl, undefined, tiny, { from: 'FRED' })).toMatchObject({ kind: 'implausible', message: expect.stringMatching(/outside the plausible range/) });
  });
});
