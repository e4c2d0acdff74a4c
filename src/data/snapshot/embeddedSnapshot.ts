import type { HeldSeries } from '../heldSeries';
import snapshotJson from './snapshot.json';
import { decodeSnapshot } from './snapshotFile';

/**
 * The series shipped inside the add-in (public-domain and ODC-PDDL data only; see
 * scripts/build-snapshot.ts). Decoded on first use.
 */
export function embeddedSnapshotSeries(): HeldSeries[] {
  const decoded = decodeSnapshot(snapshotJson);
  // The shipped file is checked by the tests; failing here means the build itself is broken.
  if ('error' in decoded) throw new Error(decoded.error);
  if (decoded.rejected.length) throw new Error(`embedded snapshot rejected ${decoded.rejected.map((r) => `${r.id} (${r.reason})`).join(', ')}`);
  return decoded.series;
}

export const EMBEDDED_SNAPSHOT_BUILT_AT: string = snapshotJson.builtAt;
