import type { CatalogEntry } from '../../catalog/types';
import { fdicProvider } from './fdic';
import { fiscalDataProvider } from './fiscalData';
import { fredProvider } from './fred';
import { marketPricesProvider } from './marketPrices';
import { nyfedProvider } from './nyfed';
import { openDatasetsProvider } from './openDatasets';
import type { Provider } from './types';

/**
 * Every upstream, in order of preference: FRED first (it needs a key), then the NY Fed (keyless;
 * the only source of SRF and a fallback for SOFR, EFFR, RRP and RRP.AWARD), then the single-purpose
 * sources. Configuration per provider: `<NAME>_BASE_URL`, and `<NAME>_API_KEY` where a key is needed.
 */
export const PROVIDERS: readonly Provider[] = [fredProvider, nyfedProvider, fiscalDataProvider, fdicProvider, marketPricesProvider, openDatasetsProvider];

/** Every provider that can serve the entry, most preferred first; empty for user-supplied series. */
export function providersFor(entry: CatalogEntry): Provider[] {
  return PROVIDERS.filter((provider) => provider.supports(entry));
}
