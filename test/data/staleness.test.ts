import { CATALOG } from '../../src/catalog/catalog';
import { getSeries } from '../../src/catalog/lookup';
import { dayOfWeek } from '../../src/core/dates/epochDay';
import { formatIsoDate, parseIsoDate } from '../../src/core/dates/isoDate';
import { fdicProvider } from '../../src/data/providers/fdic';
import { FILING_LAG_DAYS, isStale, newerDataExpectedFrom } from '../../src/data/staleness';
import { contextFor, fakeUpstream, query } from './providers/_helpers/fakeUpstream';

const DAY_MS = 86_400_000;

/** newerDataExpectedFrom for a catalogue id and an ISO last date, as an ISO date. */
function expectedFrom(id: string, last: string): string {
  return formatIsoDate(newerDataExpectedFrom(getSeries(id), parseIsoDate(last)));
}

describe('newerDataExpectedFrom', () => {
  it('daily, business days (SOFR): the day after the next business day, skipping the weekend after a Friday', () => {
    expect(getSeries('SOFR').cadence).not.toMatch(/every calendar day/);
    expect(dayOfWeek(parseIsoDate('2026-08-26'))).toBe(3);
    expect(expectedFrom('SOFR', '2026-08-26')).toBe('2026-08-28'); // Wednesday → Thursday's value, due Friday
    expect(dayOfWeek(parseIsoDate('2026-08-28'))).toBe(5);
    expect(expectedFrom('SOFR', '2026-08-28')).toBe('2026-09-01'); // Friday → Monday's value, due Tuesday
  });

  it('daily, every calendar day (IORB): two days on, weekends included', () => {
    expect(getSeries('IORB').cadence).toMatch(/every calendar day/);
    expect(expectedFrom('IORB', '2026-08-28')).toBe('2026-08-30');
    expect(expectedFrom('IORB', '2026-08-29')).toBe('2026-08-31');
  });

  it('daily, every calendar day (BTC): two days on, a Saturday close due on Monday', () => {
    expect(getSeries('BTC').release).toBe('calendar-daily');
    expect(dayOfWeek(parseIsoDate('2026-08-29'))).toBe(6);
    expect(expectedFrom('BTC', '2026-08-29')).toBe('2026-08-31');
    expect(expectedFrom('BTC', '2026-08-27')).toBe('2026-08-29'); // Thursday → Friday's close, due Saturday
  });

  it('every catalogue entry has a release that agrees with its frequency', () => {
    const frequencyOf = { 'business-daily': 'D', 'calendar-daily': 'D', weekly: 'W', monthly: 'M', quarterly: 'Q' } as const;
    for (const entry of CATALOG) expect([entry.id, frequencyOf[entry.release]]).toEqual([entry.id, entry.frequency]);
    // The prose says "every calendar day" exactly where the data says calendar-daily.
    for (const entry of CATALOG) expect([entry.id, /every calendar day/.test(entry.cadence)]).toEqual([entry.id, entry.release === 'calendar-daily']);
  });

  it('weekly (WALCL): the Thursday after the next Wednesday level', () => {
    expect(expectedFrom('WALCL', '2026-08-19')).toBe('2026-08-27');
  });

  it('monthly (M2.US): two months on', () => {
    expect(expectedFrom('M2.US', '2026-07-01')).toBe('2026-09-01');
    expect(expectedFrom('M2.US', '2025-12-01')).toBe('2026-02-01');
  });

  it(`quarterly (BANK.EQUITY, BANK.RESERVES): the next quarter end + FILING_LAG_DAYS (${FILING_LAG_DAYS})`, () => {
    expect(FILING_LAG_DAYS).toBe(60);
    expect(expectedFrom('BANK.EQUITY', '2026-03-31')).toBe('2026-08-29'); // 2026-06-30 + 60
    expect(expectedFrom('BANK.RESERVES', '2025-12-31')).toBe('2026-05-30'); // 2026-03-31 + 60
    expect(expectedFrom('BANK.EQUITY', '2025-09-30')).toBe('2026-03-01'); // 2025-12-31 + 60
    expect(expectedFrom('BANK.EQUITY', '2026-02-15')).toBe('2026-05-30'); // not a quarter end: the one after it
  });

  it('quarterly: stale exactly when the FDIC provider would first ask for the next quarter', async () => {
    const equity = getSeries('BANK.EQUITY');
    const last = parseIsoDate('2026-03-31');
    const due = newerDataExpectedFrom(equity, last);
    const longAgo = 0;
    expect(isStale(equity, last, longAgo, due * DAY_MS - 1)).toBe(false);
    expect(isStale(equity, last, longAgo, due * DAY_MS)).toBe(true);

    const rangeEndOn = async (day: number) => {
      const upstream = fakeUpstream(() => '{"data":[]}');
      await fdicProvider.fetch(equity, '2026-01-01', contextFor(upstream, { baseUrl: 'http://127.0.0.1:9', now: `${formatIsoDate(day)}T12:00:00Z` }));
      return /TO (\d{8})\]/.exec(query(upstream.urls[0]!).filters ?? '')?.[1];
    };
    expect(await rangeEndOn(due - 1)).toBe('20260331');
    expect(await rangeEndOn(due)).toBe('20260630');
  });
});
