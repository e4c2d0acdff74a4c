import { getSeries } from '../../src/catalog/lookup';
import { sourceLabel } from '../../src/taskpane/seriesPanel';

describe('the pane says which path a FRED series came by', () => {
  it('from the source the gateway recorded', () => {
    expect(sourceLabel(getSeries('WALCL'), 'FRED WALCL (keyless fredgraph.csv)')).toBe('FRED (keyless CSV)');
    expect(sourceLabel(getSeries('WALCL'), 'FRED WALCL')).toBe('FRED (keyed API)');
    expect(sourceLabel(getSeries('WALCL'), 'snapshot WALCL')).toBe('FRED');
    expect(sourceLabel(getSeries('WALCL'), undefined)).toBe('FRED');
    expect(sourceLabel(getSeries('BTC'), 'Coinbase Exchange BTC-USD: daily close (00:00 UTC candles)')).toBe('Coinbase Exchange');
    expect(sourceLabel(getSeries('BTC'), 'Kraken OHLC XBTUSD (XXBTZUSD): daily close (00:00 UTC candles)')).toBe('Kraken');
    expect(sourceLabel(getSeries('BTC'), 'Yahoo Finance BTC-USD: daily close, split-adjusted, not dividend-adjusted')).toBe('Market prices');
  });
});
