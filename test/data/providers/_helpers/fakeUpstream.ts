import * as path from 'path';
import { getSeries } from '../../../../src/catalog/lookup';
import type { CatalogEntry } from '../../../../src/catalog/types';
import { formatIsoDate } from '../../../../src/core/dates/isoDate';
import { definedAt } from '../../../../src/core/definedAt';
import type { Series } from '../../../../src/core/series/series';
import type { HttpGet, ProviderContext } from '../../../../src/data/providers/types';
import { readSharedFixture } from '../../../../harness/upstreams/sharedFixtures';

/** A recorded body from ../shared/fixtures, by its path there ("fred/series_observations_SOFR.json"). */
export function fixture(relativePath: string): string {
  return readSharedFixture(path.dirname(relativePath), path.basename(relativePath));
}

export interface FakeUpstream {
  readonly get: HttpGet;
  /** Every URL requested, in order. */
  readonly urls: string[];
}

/** An HttpGet that answers from `respond` (a body, or an error to throw) and records the URLs. */
export function fakeUpstream(respond: (url: string) => string | Error): FakeUpstream {
  const urls: string[] = [];
  const get: HttpGet = async (url) => {
    urls.push(url);
    const answer = respond(url);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { get, urls };
}

export function contextFor(upstream: FakeUpstream, options: { baseUrl: string; now: string; apiKey?: string }): ProviderContext {
  return { get: upstream.get, baseUrl: options.baseUrl, apiKey: options.apiKey, now: () => new Date(options.now) };
}

export function entry(id: string): CatalogEntry {
  return getSeries(id);
}

/** The series as [ISO date, value] pairs, for readable expectations. */
export function pairs(series: Series): Array<[string, number]> {
  return Array.from(series.days, (day, i) => [formatIsoDate(day), definedAt(series.values, i)]);
}

/** The query parameters of a requested URL (keys and values decoded); throws for no URL (no request made). */
export function query(url: string | undefined): Record<string, string> {
  if (url === undefined) throw new Error('no request was made');
  return Object.fromEntries(new URL(url).searchParams);
}
