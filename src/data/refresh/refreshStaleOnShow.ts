import type { PaneVisibility } from '../visibility';

/** The part of the store this needs (LiveStore). */
export interface StaleRefresher {
  refreshStale(): Promise<unknown>;
}

/**
 * Each time the pane is shown, refreshes the held series that went stale meanwhile (TanStack's
 * refetch on window focus): a pane opened on Friday shows Friday's SOFR without a click. Series
 * already refreshing are not asked again (the store shares their request), and one fetched in the
 * last 15 minutes is not stale (staleness.ts), so showing the pane repeatedly costs nothing.
 * @returns the unsubscribe
 */
export function refreshStaleOnShow(store: StaleRefresher, visibility: PaneVisibility): () => void {
  return visibility.onShown(() => void store.refreshStale());
}
