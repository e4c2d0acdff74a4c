/**
 * DESIGN §9, figure 7: memory held per observation in the store. In a process of its own (a fresh
 * heap, node --expose-gc; main.ts runs it through child.ts): with every module loaded, a full collection and
 * process.memoryUsage() (heapUsed + arrayBuffers) before and after loading the embedded snapshot and
 * ../shared/data into a MemoryStore, as the add-in and the CLI hold them, and looking a day up in
 * every series (which builds the day index of src/core/series/dayIndex.ts, as the first formula
 * over a series does), divided by the number of observations held. The ideal is 12 bytes: an
 * Int32 day and a Float64 value.
 *
 * Baseline: the same observations as plain JS arrays of { date: string, value: number } objects
 * (ISO date text), measured the same way.
 */
import { formatIsoDate } from '../../src/core/dates/isoDate';
import { definedAt } from '../../src/core/definedAt';
import { asOfIndex } from '../../src/core/series/asOf';
import { firstDay, lastDay, type Series } from '../../src/core/series/series';
import { loadCsvFolder } from '../../src/data/node/csvFolder';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore } from '../../src/data/store';
import { SHARED_DATA, collectGarbage, hasGc, round, sink, type BenchFigure, type FigureResult } from './common';

const IDEAL_BYTES = 12;
const COPIES = 8;
/** Typed arrays, their day indexes, and a few hundred bytes of objects per series. */
const TARGET_BYTES = 1.1 * IDEAL_BYTES;

/**
 * heapUsed + arrayBuffers after full collections. Array buffers are freed by a sweeper after the
 * collection, so it collects and yields until the figure stops falling.
 */
async function used(): Promise<number> {
  let previous = Infinity;
  for (let i = 0; i < 20; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const m = process.memoryUsage();
    const now = m.heapUsed + m.arrayBuffers;
    if (now >= previous) return Math.min(now, previous);
    previous = now;
  }
  return previous;
}

/** A lookup in the middle of the series, which builds its day index if it is long enough to have one. */
function lookUpOnce(series: Series): void {
  if (series.days.length) sink.value = asOfIndex(series, (firstDay(series) + lastDay(series)) >> 1);
}

interface MemoryMeasurement {
  readonly series: number;
  readonly observations: number;
  readonly storeBytes: number;
  readonly baselineBytes: number;
}

async function measureHere(): Promise<MemoryMeasurement> {
  if (!hasGc()) throw new Error('figure 7 needs node --expose-gc');
  // Warm every code path once (module-level tables, JIT code), then drop what it built.
  const warm = new MemoryStore([...embeddedSnapshotSeries(), ...loadCsvFolder(SHARED_DATA).series]);
  for (const id of warm.heldIds()) lookUpOnce(warm.peek(id)!.series);
  sink.value = undefined;

  // Several stores, so heap noise (tens of kB) is small beside what they hold.
  const before = await used();
  const stores = Array.from({ length: COPIES }, () => new MemoryStore([...embeddedSnapshotSeries(), ...loadCsvFolder(SHARED_DATA).series]));
  for (const each of stores) for (const id of each.heldIds()) lookUpOnce(each.peek(id)!.series);
  const after = await used();
  const store = definedAt(stores, 0, 'the stores');
  const held = store.heldIds().map((id) => store.peek(id)!.series);
  const observations = held.reduce((sum, series) => sum + series.days.length, 0);

  const beforeBaseline = await used();
  const plain = held.map((series) => Array.from(series.days, (day, i) => ({ date: formatIsoDate(day), value: series.values[i] })));
  const afterBaseline = await used();
  sink.value = [stores, plain];
  return { series: held.length, observations, storeBytes: (after - before) / COPIES, baselineBytes: afterBaseline - beforeBaseline };
}

/** The figure; run it in a process of its own (main.ts does: child.ts), for a heap with nothing else in it. */
export async function measureMemory(log: (line: string) => void = () => undefined): Promise<FigureResult> {
  log('[7] bytes held per observation…');
  const m = await measureHere();
  const perObservation = m.storeBytes / m.observations;
  const baseline = m.baselineBytes / m.observations;
  const figures: BenchFigure[] = [
    {
      figure: `[7] memory held per observation in the store (${m.series} series, ${m.observations} observations: snapshot + ../shared/data) vs plain {date: string, value} objects`,
      value: round(perObservation, 2),
      unit: 'bytes/obs.',
      baseline: round(baseline, 1),
      ratio: round(perObservation / baseline, 3),
      target: `≈ ${IDEAL_BYTES} bytes ideal (Int32 day + Float64 value): ≤ ${round(TARGET_BYTES, 1)}`,
      met: perObservation <= TARGET_BYTES,
    },
  ];
  const details = [
    `[7] store: ${round(m.storeBytes)} bytes for ${m.observations} observations in ${m.series} series (${round(perObservation, 2)} bytes each, ideal ${IDEAL_BYTES}; mean of ${COPIES} copies); ` +
      `plain objects: ${m.baselineBytes} bytes (${round(baseline, 1)} bytes each)`,
  ];
  return { figures, details };
}
