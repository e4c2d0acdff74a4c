import type { CatalogEntry } from '../../catalog/types';
import { fdicProvider } from './fdic';
import { fiscalDataProvider } from './fiscalData';
import { coinbaseProvider } from './coinbase';
import { fredProvider } from './fred';
import { fredGraphProvider } from './fredGraph';
import { krakenProvider } from './kraken';
import { marketPricesProvider } from './marketPrices';
import { nyfedProvider } from './nyfed';
import { openDatasetsProvider } from './openDatasets';
import type { Provider } from './types';
import { alfredProvider } from './alfred';
import { alfredGraphProvider } from './alfredGraph';
import type { VintageProvider } from './vintageProvider';

/**
 * Every upstream, in order of preference: FRED's API first (it needs a key), then FRED's keyless
 * CSV download (every FRED series, batched per frequency), then the NY Fed (keyless; the only
 * source of SRF and a further fallback for SOFR, EFFR, RRP and RRP.AWARD), then the single-purpose
 * sources, Yahoo before the crypto exchanges that back it up for bitcoin. Configuration per
 * provider: `<NAME>_BASE_URL`, and `<NAME>_API_KEY` where a key is needed.
 */
export const PROVIDERS: readonly Provider[] = [
  fredProvider,
  fredGraphProvider,
  nyfedProvider,
  fiscalDataProvider,
  fdicProvider,
  marketPricesProvider,
  coinbaseProvider,
  krakenProvider,
  openDatasetsProvider,
];

/** Every provider that can serve the entry, most preferred first; empty for user-supplied series. */
export function providersFor(entry: CatalogEntry): Provider[] {
  return PROVIDERS.filter((provider) => provider.supports(entry));
}

/**
 * Sources of vintages (DESIGN §4a), preferred first: ALFRED's keyed API (dates and "first"), then
 * its keyless CSV (dates only) when no key is set or the keyed API fails.
 */
export const VINTAGE_PROVIDERS: readonly VintageProvider[] = [alfredProvider, alfredGraphProvider];
