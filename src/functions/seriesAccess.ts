import { findSeries, getSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { invalidNumber, notAvailable, type CalcError } from '../core/errors';
import { checkCovered } from '../core/series/coverage';
import type { Series } from '../core/series/series';
import { describeVintage, splitVintageKey, vintageKey, type Vintage } from '../data/vintage';
import type { HeldMap } from './cells';

/** Why a series is not held, in words a user can act on. */
export function notHeld(entry: CatalogEntry): CalcError {
  if (entry.unavailableReason) return notAvailable(`${entry.id} (${entry.name}) is not available: ${entry.unavailableReason}`);
  if (entry.licence === 'machine-cache') {
    return notAvailable(
      `${entry.id} (${entry.name}) is not held on this machine: market prices are not shipped with the add-in; refresh it from the task pane, or load ${entry.id}.csv (CLI: --data DIR)`,
    );
  }
  return notAvailable(`${entry.id} (${entry.name}) is not held; refresh it from the task pane`);
}

/**
 * Why a vintage is not held: which one, and how to get it. Never answered from the latest data,
 * which would be a different number under the same name (DESIGN §4a).
 */
export function vintageNotHeld(entry: CatalogEntry, vintage: Vintage): CalcError {
  const which = `${entry.id} ${describeVintage(vintage)}`;
  if (entry.source !== 'FRED') return notAvailable(`${which} is not available: vintages come from ALFRED, which covers FRED series only`);
  const how =
    vintage === 'first'
      ? 'first releases come from ALFRED through the gateway with FRED_API_KEY set'
      : `the gateway fetches it from ALFRED (with FRED_API_KEY, or keyless for a past date); a date after today has no vintage yet`;
  return notAvailable(`${which} is not held: refresh it from the task pane, or run liquidity-lens calc --live with the formula; ${how}`);
}

/** Why the series `id` (or vintage key `GDP@first`) is not held. */
export function missingSeries(id: string): CalcError {
  const { id: seriesId, vintage } = splitVintageKey(id);
  const entry = findSeries(seriesId);
  if (!entry) return notAvailable(`unknown series ${seriesId}`);
  return vintage === undefined ? notHeld(entry) : vintageNotHeld(entry, vintage);
}

/** The held series or the reason it is missing. */
export function requireHeld(held: HeldMap, id: string): Series | CalcError {
  return held.get(id) ?? missingSeries(id);
}

/** A #N/A when a catalogue series cannot answer for `day`, judged by its catalogue frequency. */
export function checkHeldCovers(series: Series, day: number): CalcError | undefined {
  return checkCovered(series, day, getSeries(series.id).frequency);
}

/** The `start`/`end` pair of a series function: each a date or open, and start ≤ end. */
export function checkDateRange(from: number | undefined, to: number | undefined): CalcError | undefined {
  return from !== undefined && to !== undefined && from > to ? invalidNumber('start is after end') : undefined;
}

const singleIds = new WeakMap<CatalogEntry, readonly [string]>();

/** `[entry.id]`, the same array for the same entry: a column of LIQ.DATA cells allocates none. */
export function idsOf(entry: CatalogEntry): readonly [string] {
  let ids = singleIds.get(entry);
  if (ids === undefined) singleIds.set(entry, (ids = [entry.id]));
  return ids;
}

const vintageIdCache = new WeakMap<readonly string[], Map<Vintage, readonly string[]>>();

/** One store key per id of `T`: a tuple of ids gives a tuple of keys as long. */
export type StoreKeys<T extends readonly string[]> = { readonly [K in keyof T]: string };

/**
 * The store keys of `ids` at `vintage` (`GDP@first`): `ids` itself for the latest data, and the
 * same array for the same ids and vintage, so a column of vintage cells allocates once.
 */
export function atVintage<T extends readonly string[]>(ids: T, vintage: Vintage | undefined): StoreKeys<T> {
  if (vintage === undefined) return ids as StoreKeys<T>;
  let byVintage = vintageIdCache.get(ids);
  if (byVintage === undefined) vintageIdCache.set(ids, (byVintage = new Map()));
  let keys = byVintage.get(vintage);
  if (keys === undefined) byVintage.set(vintage, (keys = ids.map((id) => vintageKey(id, vintage))));
  // `ids` itself, or `ids` mapped one to one: as long as `ids`, the shape StoreKeys<T> says.
  return keys as StoreKeys<T>;
}

/** The description of a vintage argument for headers and messages: "" for the latest data. */
export function vintageSuffix(vintage: Vintage | undefined): string {
  return vintage === undefined ? '' : ` ${describeVintage(vintage)}`;
}
