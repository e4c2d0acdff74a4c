import type { HeldSeries } from '../heldSeries';
import snapshotJson from './snapshot.json';
import { checkSnapshot, decodeSnapshot, type DeferredSeries } from './snapshotFile';

/**
 * The series shipped inside the add-in (public-domain and ODC-PDDL data only; see
 * scripts/build-snapshot.ts), checked against the catalogue, each decoded when first read.
 */
export function deferredEmbeddedSnapshot(): DeferredSeries[] {
  const checked = checkSnapshot(snapshotJson);
  // The shipped file is checked by the tests; failing here means the build itself is broken.
  if ('error' in checked) throw new Error(checked.error);
  if (checked.rejected.length) throw new Error(`embedded snapshot rejected ${checked.rejected.map((r) => `${r.id} (${r.reason})`).join(', ')}`);
  return checked.entries;
}

/** The embedded snapshot, every series decoded. */
export function embeddedSnapshotSeries(): HeldSeries[] {
  return deferredEmbeddedSnapshot().map((entry) => entry.decode());
}

export const EMBEDDED_SNAPSHOT_BUILT_AT: string = snapshotJson.builtAt;

/**
 * Where a snapshot comes from: its parsed JSON, or its text. The default is the embedded one; tests
 * pass a broken one (text cut short, a wrong schema, a loader that throws as a missing file does).
 */
export type SnapshotSource = () => unknown;

export interface SnapshotLoad {
  /** The usable series: all of them, those of a partly bad snapshot, or none. */
  readonly series: HeldSeries[];
  /** Why some or all of it is not used, for the operator; undefined when all is well. */
  readonly problem?: string;
}

/** Longest problem text: a schema error lists every issue, which is not what a start-up line needs. */
const MAX_PROBLEM_CHARS = 300;

/**
 * The snapshot for hosts that must start without it when it is broken (the server, the CLI): never
 * throws; a truncated, missing or schema-invalid snapshot gives no series and the reason, an entry
 * the catalogue disagrees with is left out and named.
 */
export function loadSnapshot(source: SnapshotSource = () => snapshotJson): SnapshotLoad {
  const none = (problem: string): SnapshotLoad => ({ series: [], problem: clip(`the embedded snapshot is not used: ${problem}`) });
  let json: unknown;
  try {
    json = source();
  } catch (error) {
    return none(`it could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (json === undefined || json === null || json === '') return none('it is missing');
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch {
      return none('it is not complete JSON (truncated?)');
    }
  }
  const decoded = decodeSnapshot(json);
  if ('error' in decoded) return none(decoded.error.replace(/\s+/g, ' '));
  if (decoded.rejected.length === 0) return { series: decoded.series };
  return { series: decoded.series, problem: clip(`the embedded snapshot left out ${decoded.rejected.map((r) => `${r.id} (${r.reason})`).join(', ')}`) };
}

function clip(text: string): string {
  return text.length > MAX_PROBLEM_CHARS ? `${text.slice(0, MAX_PROBLEM_CHARS - 1)}…` : text;
}
