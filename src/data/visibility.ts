/**
 * When the task pane is shown again, injected at the add-in's composition root (the document's
 * visibilitychange: browser/paneSignals.ts): the moment to refresh what went stale while it was
 * hidden (refresh/refreshStaleOnShow.ts). Tests fire it themselves.
 */
export interface PaneVisibility {
  /** Calls `listener` each time the pane becomes visible; returns the unsubscribe. */
  onShown(listener: () => void): () => void;
}
