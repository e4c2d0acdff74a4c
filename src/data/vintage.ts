/**
 * A vintage of a series (DESIGN §4a): "first" (each observation as first published) or a real-time
 * date (the values as known on that day). The store and the gateway hold a vintage under its own
 * key, `GDP@first` or `GDP@2019-01-01` — (series, real-time date) — beside the latest data under
 * the plain id, so a vintage is never mistaken for the latest data or the other way round.
 */
import { formatIsoDate, parseIsoDate } from '../core/dates/isoDate';

/** 'first', or a real-time date as ISO text. */
export type Vintage = 'first' | `${number}-${number}-${number}`;

const SEPARATOR = '@';

/** A vintage from text: "first" or an ISO date; undefined for anything else. */
export function parseVintage(text: string): Vintage | undefined {
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === 'first') return 'first';
  const day = parseIsoDate(trimmed);
  return Number.isNaN(day) ? undefined : (formatIsoDate(day) as Vintage);
}

/** The vintage of epoch day `day`. */
export function vintageOfDay(day: number): Vintage {
  return formatIsoDate(day) as Vintage;
}

/** The store key of a vintage: `GDP@first`, `GDP@2019-01-01`; the plain id when there is none. */
export function vintageKey(id: string, vintage: Vintage | undefined): string {
  return vintage === undefined ? id : `${id}${SEPARATOR}${vintage}`;
}

/** The series id and vintage of a store key; undefined vintage for a plain id. */
export function splitVintageKey(key: string): { id: string; vintage?: Vintage } {
  const at = key.indexOf(SEPARATOR);
  if (at < 0) return { id: key };
  const vintage = parseVintage(key.slice(at + 1));
  return vintage === undefined ? { id: key } : { id: key.slice(0, at), vintage };
}

/** "as first published", "as known on 2019-01-01", "latest" — for messages and the sources sheet. */
export function describeVintage(vintage: Vintage | undefined): string {
  if (vintage === undefined) return 'latest';
  return vintage === 'first' ? 'as first published' : `as known on ${vintage}`;
}
