/**
 * The tickers RATIO.* and LIQ.CORR accept: each a daily and/or a monthly catalogue series. The
 * daily one is preferred; the monthly open dataset answers where no daily prices are held (the
 * shipped snapshot) or for dates before they start. Immutable data: any other catalogue series id
 * works as a ticker too, at its own frequency (src/functions/tickers.ts).
 */
export interface Instrument {
  readonly name: string;
  readonly daily?: string;
  readonly monthly?: string;
  /** `USD` is not a series: its price in dollars is 1. */
  readonly unit?: true;
}

export const INSTRUMENTS: readonly Instrument[] = Object.freeze(
  [
    { name: 'SPX', daily: 'SPX', monthly: 'SPX.M' },
    { name: 'GOLD', daily: 'GOLD', monthly: 'GOLD.M' },
    { name: 'NDX', daily: 'NDX' },
    { name: 'QQQ', daily: 'QQQ' },
    { name: 'BTC', daily: 'BTC' },
    { name: 'NVDA', daily: 'NVDA' },
    { name: 'IGV', daily: 'IGV' },
    { name: 'XLP', daily: 'XLP' },
    { name: 'XLY', daily: 'XLY' },
    { name: 'OWL', daily: 'OWL' },
    { name: 'AXP', daily: 'AXP' },
    { name: 'M2', monthly: 'M2.US' },
    { name: 'USD', unit: true },
  ].map((instrument) => Object.freeze(instrument as Instrument)),
);

export const KNOWN_TICKERS: readonly string[] = Object.freeze(INSTRUMENTS.map((instrument) => instrument.name));
