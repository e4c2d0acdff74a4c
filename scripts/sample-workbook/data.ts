/** Data: the add-in's embedded snapshot, redistributable series only. */
import type { HeldSeries } from '../../src/data/heldSeries';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { mayRedistribute } from '../../src/workbook/licences';

/**
 * What the sample computes from and carries: the series of the add-in's own snapshot whose licence
 * allows redistribution (all of them today; the filter keeps it so if the snapshot grows). Market
 * prices are never in it, so the cells that need them show #N/A and say so.
 */
export function loadSampleSeries(): HeldSeries[] {
  return embeddedSnapshotSeries().filter((item) => mayRedistribute(item.series.id));
}
