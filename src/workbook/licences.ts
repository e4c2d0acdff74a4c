/**
 * Which series a shared workbook may carry (DESIGN §7). Public series (US-government statistics,
 * ODC-PDDL datasets) always; series whose licence does not allow redistribution — commercial market
 * prices, cached on the user's machine under the provider's terms — only when the author chooses
 * to include them, and then the sources sheet says whose data they are.
 */
import { findSeries } from '../catalog/lookup';
import type { HeldSeries } from '../data/heldSeries';

/** Whether the catalogue lets this series travel in a workbook without the author's opt-in. */
export function mayRedistribute(id: string): boolean {
  return findSeries(id)?.licence === 'public';
}

/** The series to embed and those left out for their licence, each in the order given. */
export function chooseEmbedded(items: readonly HeldSeries[], includeRestricted: boolean): { embedded: HeldSeries[]; leftOut: HeldSeries[] } {
  const embedded: HeldSeries[] = [];
  const leftOut: HeldSeries[] = [];
  for (const item of items) (includeRestricted || mayRedistribute(item.series.id) ? embedded : leftOut).push(item);
  return { embedded, leftOut };
}

/** What the sources sheet says about a series' licence in this workbook: may it be passed on, and whose data it is. */
export function redistributionNote(id: string, source: string): string {
  if (mayRedistribute(id)) return 'Public: may be passed on with this workbook.';
  return `Not redistributable by Liquidity Lens: ${source}, under that provider's terms. In this workbook only because its author chose to include it.`;
}
