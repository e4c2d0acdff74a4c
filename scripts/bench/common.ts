/**
 * Small helpers shared by the benchmark figures (scripts/bench/*.ts): the figure record, rounding,
 * medians, a seeded random generator and a garbage collection between measurements.
 */
import path from 'node:path';

/** One line of `npm run bench` and one element of bench-results.json. */
export interface BenchFigure {
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: number;
  readonly ratio: number;
  readonly target: string;
  readonly met: boolean;
}

/** What each figure module hands back: its lines, and details for stderr. */
export interface FigureResult {
  readonly figures: BenchFigure[];
  readonly details: string[];
}

export const ROOT = path.resolve(__dirname, '../..');
/** ../shared/data next to the repository (real daily SPX, GOLD, …). */
export const SHARED_DATA = path.resolve(ROOT, '../shared/data');

export function round(value: number, decimals = 0): number {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}

/** Three significant digits, for numbers from nanoseconds to seconds. */
export function sig(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  if (sorted.length === 0) return NaN;
  // mid (and mid − 1 for an even count) index a non-empty array.
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** mulberry32: a small, fast, seeded generator, so every run uses the same "random" data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A full collection when node runs with --expose-gc (npm run bench does); a no-op otherwise. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

export function hasGc(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

/** Swallows values so the optimiser cannot drop the work that produced them. */
export const sink: { value: unknown } = { value: undefined };
