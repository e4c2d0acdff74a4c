/**
 * Whether the machine is online, as the retryer sees it: an interface injected at the add-in's
 * composition root (the window's online/offline events: browser/paneSignals.ts) so that offline is a
 * state requests wait out, not a string of failures; Node and tests use ALWAYS_ONLINE or a fake.
 */
export interface Connectivity {
  isOnline(): boolean;
  /** Calls `listener` whenever the state may have changed; returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** For hosts that cannot tell (Node: the gateway, the CLI): every request goes ahead. */
export const ALWAYS_ONLINE: Connectivity = { isOnline: () => true, onChange: () => () => undefined };

/**
 * Resolves once `connectivity` is online — at once when it is — and rejects with the signal's
 * reason if `signal` aborts first (a cancelled refresh does not wait for the network).
 */
export function untilOnline(connectivity: Connectivity, signal?: AbortSignal): Promise<void> {
  if (connectivity.isOnline()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      settle();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('cancelled while offline'));
    };
    const unsubscribe = connectivity.onChange(() => {
      if (!connectivity.isOnline()) return;
      settle();
      resolve();
    });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
