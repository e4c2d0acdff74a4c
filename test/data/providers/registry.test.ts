import { CATALOG } from '../../../src/catalog/catalog';
import { PROVIDERS, providersFor } from '../../../src/data/providers/registry';
import { entry } from './_helpers/fakeUpstream';

const names = (id: string) => providersFor(entry(id)).map((provider) => provider.name);

describe('provider registry', () => {
  it('lists the providers in order of preference, with unique names', () => {
    expect(PROVIDERS.map((provider) => provider.name)).toEqual(['fred', 'fredgraph', 'nyfed', 'fiscaldata', 'fdic', 'yahoo', 'coinbase', 'kraken', 'opendatasets']);
  });

  it("offers FRED's API first, then its keyless CSV for every FRED series, then the NY Fed for the rates and RRP", () => {
    for (const id of ['SOFR', 'EFFR', 'RRP', 'RRP.AWARD']) expect(names(id)).toEqual(['fred', 'fredgraph', 'nyfed']);
    expect(names('SRF')).toEqual(['nyfed']);
    for (const id of ['WALCL', 'TGA', 'TGA.WAVG', 'IORB', 'FF.UPPER', 'FF.LOWER', 'M2.US']) expect(names(id)).toEqual(['fred', 'fredgraph']);
  });

  it('backs Yahoo up with Coinbase, then Kraken, for bitcoin only', () => {
    expect(names('BTC')).toEqual(['yahoo', 'coinbase', 'kraken']);
    for (const id of ['GOLD', 'SPX', 'NVDA']) expect(names(id)).toEqual(['yahoo']);
  });

  it('serves every catalogue entry except the user-supplied ones', () => {
    for (const catalogEntry of CATALOG) {
      if (catalogEntry.source === 'User supplied') expect(providersFor(catalogEntry)).toEqual([]);
      else expect(providersFor(catalogEntry).length).toBeGreaterThan(0);
    }
    expect(names('TGA.D')).toEqual(['fiscaldata']);
    expect(names('BANK.EQUITY')).toEqual(['fdic']);
    expect(names('GOLD.M')).toEqual(['opendatasets']);
  });

  it('declares a default https base URL and a positive request rate for each provider; only FRED needs a key', () => {
    for (const provider of PROVIDERS) {
      expect(provider.defaultBaseUrl).toMatch(/^https:\/\/[^?#]+[^/]$/);
      expect(provider.requestsPerSecond).toBeGreaterThan(0);
    }
    expect(PROVIDERS.filter((provider) => provider.keyVariable).map((provider) => provider.keyVariable)).toEqual(['FRED_API_KEY']);
  });
});
