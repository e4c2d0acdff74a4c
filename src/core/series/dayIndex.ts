/**
 * A coarse index from a calendar day to the observations around it. A binary search over 25,000
 * daily closes takes ~15 data-dependent branches, most of them mispredicted; with the index an
 * as-of lookup reads one table entry and walks back over the few observations of one block.
 * Built once per days array, on its first lookup (series arrays are never changed once built).
 */
interface DayIndex {
  readonly first: number;
  /** Blocks are 2^shift days long. */
  readonly shift: number;
  /** ends[b]: the index of the last observation on or before the end of block b. */
  readonly ends: Int32Array;
}

/** Shorter arrays are searched directly: a binary search of ≤ 8 steps costs less than the cache lookup. */
export const MIN_INDEXED_LENGTH = 256;

/**
 * About this many observations per block: the table adds well under a byte per observation to the
 * 12 an observation takes, and the walk back stays a few sequential reads.
 */
const OBSERVATIONS_PER_BLOCK = 16;

const indexes = new WeakMap<Int32Array, DayIndex>();

function buildIndex(days: Int32Array): DayIndex {
  const n = days.length;
  const first = days[0];
  const span = days[n - 1] - first + 1;
  const shift = Math.max(0, Math.floor(Math.log2((span / n) * OBSERVATIONS_PER_BLOCK)));
  const blocks = ((span - 1) >> shift) + 1;
  const ends = new Int32Array(blocks);
  let i = 0;
  for (let b = 0; b < blocks; b++) {
    const nextBlockStart = first + (b + 1) * 2 ** shift;
    while (i + 1 < n && days[i + 1] < nextBlockStart) i++;
    ends[b] = i;
  }
  return { first, shift, ends };
}

/**
 * Index of the latest observation on or before `day`, for `days[0] ≤ day`. O(1) for series whose
 * observations are spread evenly (daily, weekly, monthly), at worst the length of one block.
 */
export function indexedAsOf(days: Int32Array, day: number): number {
  let index = indexes.get(days);
  if (index === undefined) {
    index = buildIndex(days);
    indexes.set(days, index);
  }
  const block = Math.min((day - index.first) >> index.shift, index.ends.length - 1);
  let i = index.ends[block];
  while (days[i] > day) i--;
  return i;
}
