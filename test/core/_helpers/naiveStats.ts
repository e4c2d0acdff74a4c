/**
 * Reference implementations for the stats tests: deliberately simple, O(n·window), sharing no code
 * with src/core/stats. Common dates by set intersection, log returns between consecutive common
 * dates, then two-pass Pearson and beta on each window.
 */
import { definedAt } from '../../../src/core/definedAt';
import type { Series } from '../../../src/core/series/series';

export interface NaiveReturns {
  /** common dates; return k ends on days[k + 1] */
  days: number[];
  a: number[];
  b: number[];
}

export function naiveReturns(a: Series, b: Series): NaiveReturns {
  const bByDay = new Map<number, number>();
  b.days.forEach((day, i) => bByDay.set(day, definedAt(b.values, i)));
  const days: number[] = [];
  const pa: number[] = [];
  const pb: number[] = [];
  a.days.forEach((day, i) => {
    const vb = bByDay.get(day);
    if (vb !== undefined) {
      days.push(day);
      pa.push(definedAt(a.values, i));
      pb.push(vb);
    }
  });
  const ra: number[] = [];
  const rb: number[] = [];
  for (let k = 1; k < days.length; k++) {
    ra.push(Math.log(definedAt(pa, k) / definedAt(pa, k - 1)));
    rb.push(Math.log(definedAt(pb, k) / definedAt(pb, k - 1)));
  }
  return { days, a: ra, b: rb };
}

function moments(x: number[], y: number[]): { sxx: number; syy: number; sxy: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = definedAt(x, i) - mx;
    const dy = definedAt(y, i) - my;
    sxx += dx ** 2;
    syy += dy ** 2;
    sxy += dx * dy;
  }
  return { sxx, syy, sxy };
}

export function naivePearson(x: number[], y: number[]): number {
  const m = moments(x, y);
  return m.sxy / Math.sqrt(m.sxx * m.syy);
}

export function naiveBeta(x: number[], y: number[]): number {
  const m = moments(x, y);
  return m.sxy / m.syy;
}

/** The statistic of every window of `window` returns, dated the common date it ends on. */
export function naiveRolling(r: NaiveReturns, window: number, stat: (x: number[], y: number[]) => number): { days: number[]; values: number[] } {
  const days: number[] = [];
  const values: number[] = [];
  for (let end = window; end <= r.a.length; end++) {
    days.push(definedAt(r.days, end));
    values.push(stat(r.a.slice(end - window, end), r.b.slice(end - window, end)));
  }
  return { days, values };
}

/** A deterministic pseudo-random generator (mulberry32), so synthetic data are the same every run. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
