import type { CatalogEntry } from './types';

const FRED_PUBLIC = 'US-government statistic redistributed by FRED: public domain';
const MARKET = 'Market price from a commercial provider: cached on this machine, never shipped in the add-in snapshot';
/**
 * Fetched closes are split-adjusted but not dividend-adjusted (Yahoo's `close`): the price an
 * investor saw, which is what the gold ratios compare. A CSV brought with --data may be adjusted
 * differently; joining the two shows a step at the seam.
 */
const CLOSE_NOTE = ' Split-adjusted, not dividend-adjusted.';
const fredUrl = (id: string) => `https://fred.stlouisfed.org/series/${id}`;

const fred = (entry: Omit<CatalogEntry, 'source' | 'licence' | 'licenceNote' | 'url'>): CatalogEntry => ({
  ...entry,
  source: 'FRED',
  licence: 'public',
  licenceNote: FRED_PUBLIC,
  url: fredUrl(entry.upstreamId),
});

const market = (id: string, name: string, upstreamId: string, description: string, plausible: readonly [number, number] = [0.01, 1e6]): CatalogEntry => ({
  id,
  plausible,
  name,
  source: 'Market prices',
  upstreamId,
  units: 'PRICE_USD',
  frequency: 'D',
  cadence: 'daily close, US trading days',
  description: description + CLOSE_NOTE,
  licence: 'machine-cache',
  licenceNote: MARKET,
  url: `https://finance.yahoo.com/quote/${encodeURIComponent(upstreamId)}`,
});

/** Every series Liquidity Lens knows, in its published units (DESIGN §4). */
export const CATALOG: readonly CatalogEntry[] = [
  fred({ id: 'WALCL', plausible: [1e5, 5e7], name: 'Fed total assets', upstreamId: 'WALCL', units: 'USD_MILLIONS', frequency: 'W', cadence: 'weekly, Wednesday level, released Thursday (H.4.1)', description: 'Federal Reserve total assets (less eliminations from consolidation), Wednesday level.' }),
  fred({ id: 'TGA', plausible: [0, 5e6], name: 'Treasury General Account (Wednesday)', upstreamId: 'WDTGAL', units: 'USD_MILLIONS', frequency: 'W', cadence: 'weekly, Wednesday level, released Thursday (H.4.1)', description: "Treasury's cash at the Fed, Wednesday level: the default TGA for net liquidity." }),
  fred({ id: 'TGA.WAVG', plausible: [0, 5e6], name: 'Treasury General Account (week average)', upstreamId: 'WTREGEN', units: 'USD_MILLIONS', frequency: 'W', cadence: 'weekly, week average ending Wednesday, released Thursday', description: 'TGA as a week average (the often-quoted WTREGEN); an alternative, not the default.' }),
  {
    id: 'TGA.D',
    plausible: [0, 5e6],
    name: 'Treasury General Account (daily)',
    source: 'Treasury Fiscal Data',
    upstreamId: 'dts/operating_cash_balance',
    units: 'USD_MILLIONS',
    frequency: 'D',
    cadence: 'daily, business days, published the next business day (Daily Treasury Statement)',
    description: 'TGA closing balance from the Daily Treasury Statement (since 2022-04-18 the "Treasury General Account (TGA) Closing Balance" row).',
    licence: 'public',
    licenceNote: 'US Treasury data: public domain',
    url: 'https://fiscaldata.treasury.gov/datasets/daily-treasury-statement/operating-cash-balance',
  },
  fred({ id: 'RRP', plausible: [0, 1e4], name: 'Overnight reverse repo (ON RRP)', upstreamId: 'RRPONTSYD', units: 'USD_BILLIONS', frequency: 'D', cadence: 'daily, business days, same afternoon', description: 'ON RRP take-up: Treasury securities sold by the Fed in temporary open-market operations. FRED publishes it in billions (the H.4.1 series are in millions).' }),
  fred({ id: 'SOFR', plausible: [-5, 30], name: 'Secured Overnight Financing Rate', upstreamId: 'SOFR', units: 'PERCENT', frequency: 'D', cadence: 'daily, business days, next morning', description: 'SOFR, the overnight Treasury repo rate, percent.' }),
  fred({ id: 'EFFR', plausible: [-5, 30], name: 'Effective federal funds rate', upstreamId: 'EFFR', units: 'PERCENT', frequency: 'D', cadence: 'daily, business days, next morning', description: 'Effective federal funds rate, percent.' }),
  fred({ id: 'IORB', plausible: [-5, 30], name: 'Interest on reserve balances', upstreamId: 'IORB', units: 'PERCENT', frequency: 'D', cadence: 'daily, every calendar day (from 2021-07-29)', description: 'Rate paid on reserve balances, percent.' }),
  fred({ id: 'FF.UPPER', plausible: [-5, 30], name: 'Fed funds target range, upper limit', upstreamId: 'DFEDTARU', units: 'PERCENT', frequency: 'D', cadence: 'daily, every calendar day', description: 'Top of the target range = Standing Repo Facility minimum bid rate, percent.' }),
  fred({ id: 'FF.LOWER', plausible: [-5, 30], name: 'Fed funds target range, lower limit', upstreamId: 'DFEDTARL', units: 'PERCENT', frequency: 'D', cadence: 'daily, every calendar day', description: 'Bottom of the target range = ON RRP award rate, percent.' }),
  fred({ id: 'RRP.AWARD', plausible: [-5, 30], name: 'ON RRP award rate', upstreamId: 'RRPONTSYAWARD', units: 'PERCENT', frequency: 'D', cadence: 'daily, business days', description: 'Rate the Fed pays on overnight reverse repo, percent.' }),
  {
    id: 'SRF',
    plausible: [0, 5e3],
    name: 'Standing Repo Facility take-up',
    source: 'NY Fed',
    upstreamId: 'rp/repo/all/results',
    aliases: ['RPONTSYD'],
    units: 'USD_BILLIONS',
    frequency: 'D',
    cadence: 'daily, business days, after each operation',
    description: 'Repo accepted at the Fed\'s standing repo operations, summed per day (NY Fed reports whole dollars); 0 on days with no use.',
    licence: 'public',
    licenceNote: 'Federal Reserve Bank of New York data: public',
    url: 'https://www.newyorkfed.org/markets/desk-operations/repo',
  },
  fred({ id: 'M2.US', plausible: [1e3, 1e5], name: 'US M2 money stock', upstreamId: 'M2SL', units: 'USD_BILLIONS', frequency: 'M', cadence: 'monthly, about four weeks after the month; revised', description: 'US M2, seasonally adjusted, billions. Revised after release: results depend on the vintage held.' }),
  // Vintages (DESIGN §4a): the series the recorded ALFRED answers cover (shared/fixtures/fred_alfred/), so
  // `=LIQ.DATA("GDP",,,,,"first")` can show a quarter as first published, as known on a date, and today.
  fred({ id: 'GDP', plausible: [100, 1e6], name: 'US gross domestic product', upstreamId: 'GDP', units: 'USD_BILLIONS', frequency: 'Q', cadence: 'quarterly, dated the first day of the quarter; advance estimate about a month after it, revised twice, then annually', description: 'US GDP, nominal, seasonally adjusted annual rate, billions. Heavily revised: ask for a vintage ("first" or a date) to see what was known then.' }),
  {
    id: 'M2.CN',
    plausible: [1e12, 1e16],
    name: 'China M2 money supply',
    source: 'User supplied',
    upstreamId: 'MYAGM2CNM189N',
    units: 'CNY',
    frequency: 'M',
    cadence: 'monthly',
    description: "China's M2 in yuan. FRED's MYAGM2CNM189N stopped in 2019 and no current open source is wired in: supply a CSV named M2.CN.csv.",
    licence: 'public',
    licenceNote: 'People\'s Bank of China statistic; supply your own copy',
    url: 'https://fred.stlouisfed.org/series/MYAGM2CNM189N',
    unavailableReason: "no current open source for China's M2 (FRED's MYAGM2CNM189N stopped in 2019); load your own series as M2.CN.csv",
  },
  {
    id: 'GOLD',
    plausible: [10, 1e5],
    name: 'Gold (COMEX front month)',
    source: 'Market prices',
    upstreamId: 'GC=F',
    units: 'USD_PER_OZ',
    frequency: 'D',
    cadence: 'daily close, US trading days',
    description: 'Gold futures, continuous front month, USD per troy ounce (small jumps at contract rolls).',
    licence: 'machine-cache',
    licenceNote: MARKET,
    url: 'https://finance.yahoo.com/quote/GC%3DF',
  },
  {
    id: 'GOLD.M',
    plausible: [1, 1e5],
    name: 'Gold, monthly average',
    source: 'Open dataset',
    upstreamId: 'datasets/gold-prices',
    aliases: ['GOLD_MONTHLY'],
    units: 'USD_PER_OZ',
    frequency: 'M',
    cadence: 'monthly average, dated the 1st of the month',
    description: 'Gold, USD per troy ounce, monthly average (World Bank from 1960, annual averages before), from the open gold-prices dataset.',
    licence: 'public',
    licenceNote: 'ODC-PDDL-1.0 (datasets/gold-prices)',
    url: 'https://github.com/datasets/gold-prices',
  },
  market('SPX', 'S&P 500 index', '^GSPC', 'S&P 500 price index, daily close.'),
  {
    id: 'SPX.M',
    plausible: [1, 1e6],
    name: 'S&P 500, monthly average',
    source: 'Open dataset',
    upstreamId: 'datasets/s-and-p-500',
    aliases: ['SPX_MONTHLY'],
    units: 'PRICE_USD',
    frequency: 'M',
    cadence: 'monthly average of daily closes, dated the 1st of the month',
    description: 'S&P 500 level, monthly average (Robert Shiller to 2023-06, FRED SP500 monthly means after), from the open s-and-p-500 dataset.',
    licence: 'public',
    licenceNote: 'ODC-PDDL-1.0 (datasets/s-and-p-500); credit Robert Shiller',
    url: 'https://github.com/datasets/s-and-p-500',
  },
  market('NDX', 'Nasdaq-100 index', '^NDX', 'Nasdaq-100 price index, daily close.'),
  market('QQQ', 'Invesco QQQ ETF', 'QQQ', 'QQQ daily close.'),
  market('NVDA', 'NVIDIA', 'NVDA', 'NVIDIA daily close.'),
  market('IGV', 'iShares Expanded Tech-Software ETF', 'IGV', 'IGV daily close.'),
  market('XLP', 'Consumer Staples Select SPDR', 'XLP', 'XLP daily close.'),
  market('XLY', 'Consumer Discretionary Select SPDR', 'XLY', 'XLY daily close.'),
  market('OWL', 'Blue Owl Capital', 'OWL', 'Blue Owl daily close.'),
  market('AXP', 'American Express', 'AXP', 'American Express daily close.'),
  {
    ...market('BTC', 'Bitcoin', 'BTC-USD', 'Bitcoin in USD, daily close at 00:00 UTC; trades every day.', [1, 1e8]),
    cadence: 'daily close (UTC), every calendar day',
    description: 'Bitcoin in USD, daily close at 00:00 UTC; trades every day.',
    // Keyless second and third sources when Yahoo throttles or refuses (same UTC-day candles).
    otherUpstreamIds: { coinbase: 'BTC-USD', kraken: 'XBTUSD' },
  },
  {
    id: 'BANK.EQUITY',
    plausible: [1e8, 1e11],
    name: 'Insured banks: total equity capital',
    source: 'FDIC',
    upstreamId: 'EQ',
    units: 'USD_THOUSANDS',
    frequency: 'Q',
    cadence: 'quarterly Call Reports, about two months after quarter end',
    description: 'Total equity capital of all FDIC-insured institutions, summed per report date (FDIC reports thousands).',
    licence: 'public',
    licenceNote: 'FDIC data: public',
    url: 'https://banks.data.fdic.gov/docs/',
  },
  {
    id: 'BANK.RESERVES',
    plausible: [1e6, 1e10],
    name: 'Insured banks: allowance for credit losses',
    source: 'FDIC',
    upstreamId: 'LNATRES',
    units: 'USD_THOUSANDS',
    frequency: 'Q',
    cadence: 'quarterly Call Reports, about two months after quarter end',
    description: 'Allowance for loan and lease losses of all FDIC-insured institutions, summed per report date (FDIC reports thousands).',
    licence: 'public',
    licenceNote: 'FDIC data: public',
    url: 'https://banks.data.fdic.gov/docs/',
  },
  // Global liquidity (DESIGN §3.6): two more central banks and the FX rates that put them in dollars,
  // each in FRED's published units (the directions differ: the euro is USD per EUR, the yen and yuan
  // per USD); and the Treasury's own cash-balance target (§3.7).
  {
    ...fred({ id: 'ECBASSETSW', plausible: [1e5, 5e7], name: 'ECB (Eurosystem) total assets', upstreamId: 'ECBASSETSW', units: 'EUR_MILLIONS', frequency: 'W', cadence: 'weekly, dated Friday (consolidated financial statement), released the following Tuesday', description: 'Central bank assets for the Euro Area (11-19 countries), EUR millions, weekly, dated Friday.' }),
    licenceNote: 'European Central Bank statistic redistributed by FRED: reuse permitted with the source cited (ECB)',
  },
  {
    ...fred({ id: 'JPNASSETS', plausible: [1e5, 5e7], name: 'Bank of Japan total assets', upstreamId: 'JPNASSETS', units: 'JPY_100_MILLIONS', frequency: 'M', cadence: 'monthly, dated the 1st, released early the next month', description: 'Bank of Japan total assets in 100 million yen (7,336,035 = ¥733.6 trillion), monthly, dated the 1st.' }),
    licenceNote: 'Bank of Japan statistic redistributed by FRED: reuse permitted with the source cited (Bank of Japan)',
  },
  fred({ id: 'DEXUSEU', plausible: [0.5, 2], name: 'US dollars per euro', upstreamId: 'DEXUSEU', units: 'USD_PER_EUR', frequency: 'D', cadence: 'daily, business days (noon buying rates, H.10), released weekly', description: 'US dollars to one euro (noon buying rate in New York); multiply EUR by it for USD.' }),
  fred({ id: 'DEXJPUS', plausible: [50, 400], name: 'Japanese yen per US dollar', upstreamId: 'DEXJPUS', units: 'JPY_PER_USD', frequency: 'D', cadence: 'daily, business days (noon buying rates, H.10), released weekly', description: 'Japanese yen to one US dollar (noon buying rate in New York); divide JPY by it for USD.' }),
  fred({ id: 'DEXCHUS', plausible: [1, 20], name: 'Chinese yuan per US dollar', upstreamId: 'DEXCHUS', units: 'CNY_PER_USD', frequency: 'D', cadence: 'daily, business days (noon buying rates, H.10), released weekly', description: 'Chinese yuan renminbi to one US dollar (noon buying rate in New York); divide CNY by it for USD.' }),
  {
    id: 'TGA.TARGET',
    plausible: [0, 5e3],
    name: "Treasury's assumed end-of-quarter cash balance",
    // No API publishes the assumptions: the shipped table is compiled from the press releases, and
    // the user extends it with their own TGA.TARGET.csv when Treasury announces more.
    source: 'User supplied',
    upstreamId: 'Marketable Borrowing Estimates',
    units: 'USD_BILLIONS',
    frequency: 'Q',
    cadence: 'quarterly refunding announcements (late January, April, July, October or early the next month)',
    description:
      'The cash balance Treasury assumes for the end of the quarter, USD billions, as a step series: each row is the day from which a target applies (an announcement day or the first day of a quarter) and the assumption then in effect, from the latest announcement, for the quarter containing that day. Built from the "Marketable Borrowing Estimates" press releases of 2023-01-30 to 2026-02-02; to extend it, load TGA.TARGET.csv (date,target_bn) with those rows plus yours.',
    licence: 'public',
    licenceNote: 'US Treasury press releases: public domain',
    url: 'https://home.treasury.gov/news/press-releases',
  },
];

/** Bumped whenever an id, unit or meaning changes, so persisted caches and embedded data can tell. */
export const CATALOG_VERSION = 1;
