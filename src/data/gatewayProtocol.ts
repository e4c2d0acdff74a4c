/**
 * The gateway's narrow API, shared by the server that answers it and the add-in that reads it:
 * GET /api/catalog, GET /api/series/{id}?since=YYYY-MM-DD and GET /api/vintages/{id}/{vintage}
 * (`first` or a real-time date: DESIGN §4a). Parsed with zod on the way in.
 */
import * as z from 'zod/mini';
import { UNIT_LABELS, type Unit } from '../core/units';

const unitNames = Object.keys(UNIT_LABELS) as [Unit, ...Unit[]];

export const seriesResponseSchema = z.object({
  id: z.string(),
  units: z.enum(unitNames),
  /** Date of the last observation held (ISO), or null when none is held. */
  asOf: z.nullable(z.string()),
  /** When the observations were last fetched from the upstream (ISO timestamp). */
  retrievedAt: z.string(),
  source: z.string(),
  /** Where this answer came from: a fresh upstream fetch, the gateway's cache, or the snapshot. */
  origin: z.enum(['upstream', 'cache', 'snapshot']),
  /** True when newer data is due but could not be fetched; `staleReason` says why. */
  stale: z.boolean(),
  staleReason: z.optional(z.string()),
  /** True when the gateway answered from what it holds because its upstream refresh is still running. */
  refreshing: z.optional(z.boolean()),
  /** The `since` the answer was cut at, if any. */
  since: z.optional(z.string()),
  /** [ISO date, value] pairs in `units`, ascending. */
  observations: z.array(z.tuple([z.string(), z.number()])),
  /**
   * Only on a vintage answer: "first" (each observation as first published) or the real-time date
   * the values were known on. An answer without it is the latest data.
   */
  vintage: z.optional(z.string()),
});

export type SeriesResponse = z.infer<typeof seriesResponseSchema>;

export const catalogResponseSchema = z.object({
  catalogVersion: z.number(),
  series: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      source: z.string(),
      units: z.enum(unitNames),
      frequency: z.string(),
      cadence: z.string(),
      licence: z.string(),
      url: z.string(),
      /** False when the gateway cannot fetch it (no key configured, no provider). */
      fetchable: z.boolean(),
      /** Why not, e.g. "FRED needs FRED_API_KEY". */
      reason: z.optional(z.string()),
      /** The path a refresh takes, e.g. "FRED API (FRED_API_KEY)" or "FRED keyless CSV (fredgraph.csv)". */
      path: z.optional(z.string()),
      /** The paths asked next when that one fails, in order. */
      fallbackPaths: z.optional(z.array(z.string())),
    }),
  ),
});

export type CatalogResponse = z.infer<typeof catalogResponseSchema>;

export const errorResponseSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const SERIES_PATH = '/api/series/';
export const CATALOG_PATH = '/api/catalog';
export const VINTAGES_PATH = '/api/vintages/';
