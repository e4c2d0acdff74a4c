/**
 * Means and co-moments of paired samples (x, y): the sufficient statistics of Pearson correlation and
 * of regression beta. `sxx`, `syy`, `sxy` are sums of products of deviations from the means
 * (n × variance / covariance), so the 1/n or 1/(n − 1) convention cancels in every ratio we take.
 */
export interface CoMoments {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  readonly sxx: number;
  readonly syy: number;
  readonly sxy: number;
}

/** Co-moments of x[from..to) and y[from..to), two-pass (means first): the accurate reference. */
export function exactCoMoments(x: Float64Array, y: Float64Array, from: number, to: number): CoMoments {
  const n = to - from;
  let sumX = 0;
  let sumY = 0;
  for (let i = from; i < to; i++) {
    sumX += x[i];
    sumY += y[i];
  }
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = from; i < to; i++) {
    const dx = x[i] - meanX;
    const dy = y[i] - meanY;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { n, meanX, meanY, sxx, syy, sxy };
}

/**
 * Co-moments of a window that slides one pair at a time, O(1) per step. Working on deviations from
 * the running means (never on raw sums of squares) avoids the cancellation that ruins Σx² − n·x̄²
 * when the mean dwarfs the spread. Rounding still accumulates slowly, so callers reset from
 * `exactCoMoments` every so often.
 */
export class SlidingCoMoments implements CoMoments {
  n = 0;
  meanX = 0;
  meanY = 0;
  sxx = 0;
  syy = 0;
  sxy = 0;

  /** Replaces the state, e.g. with an exact recomputation. */
  reset(m: CoMoments): void {
    this.n = m.n;
    this.meanX = m.meanX;
    this.meanY = m.meanY;
    this.sxx = m.sxx;
    this.syy = m.syy;
    this.sxy = m.sxy;
  }

  /**
   * Replaces the oldest pair (xOld, yOld) by the newest (xNew, yNew) at a constant n: one step of a
   * sliding window. With deviations from the current means a = xNew − x̄, b = xOld − x̄, c = yNew − ȳ,
   * d = yOld − ȳ, each co-moment moves by (new product − old product − (difference)²/n), e.g.
   * sxy += a·c − b·d − (a − b)(c − d)/n: exact algebra, no division, no large-minus-large.
   */
  slide(xNew: number, yNew: number, xOld: number, yOld: number, inverseN: number): void {
    const a = xNew - this.meanX;
    const b = xOld - this.meanX;
    const c = yNew - this.meanY;
    const d = yOld - this.meanY;
    const dx = a - b;
    const dy = c - d;
    this.sxx += a * a - b * b - dx * dx * inverseN;
    this.syy += c * c - d * d - dy * dy * inverseN;
    this.sxy += a * c - b * d - dx * dy * inverseN;
    this.meanX += dx * inverseN;
    this.meanY += dy * inverseN;
  }
}

/**
 * Whether a spread (`sxx` or `syy` of log returns) is zero up to rounding. Prices are doubles, so a
 * log return is only known to within a few ε in absolute terms (returns are dimensionless, so an
 * absolute bound is meaningful). A window of identical returns (a flat price, or constant growth)
 * therefore shows a spread of about n·ε², not exactly 0, and dividing by it would report noise as a
 * correlation. Spreads up to n·(64ε)², a daily standard deviation of about 1.4e-14, count as zero.
 */
export function isNegligible(spread: number, n: number): boolean {
  const resolution = 64 * Number.EPSILON;
  return spread <= n * resolution * resolution;
}

/** Pearson correlation, clamped to [−1, 1] against rounding; NaN when either spread is negligible. */
export function correlationOf(m: CoMoments): number {
  if (isNegligible(m.sxx, m.n) || isNegligible(m.syy, m.n)) return NaN;
  const r = m.sxy / Math.sqrt(m.sxx * m.syy);
  return Math.max(-1, Math.min(1, r));
}

/** Regression beta of x on y, cov(x, y) / var(y); NaN when y's spread is negligible. */
export function betaOf(m: CoMoments): number {
  if (isNegligible(m.syy, m.n)) return NaN;
  return m.sxy / m.syy;
}
