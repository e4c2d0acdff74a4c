import type { Connectivity } from '../connectivity';
import type { PaneVisibility } from '../visibility';

/**
 * The browser's online state from the window's online and offline events. It starts online and
 * does not read `navigator.onLine`, as TanStack's onlineManager does not: Chromium (Office's
 * WebView2) reports false negatives there, which would pause every refresh for no reason; a
 * missed "offline" only costs the failed attempts the retryer makes anyway.
 */
export function browserConnectivity(events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>): Connectivity {
  let online = true;
  const listeners = new Set<() => void>();
  const follow = (state: boolean) => () => {
    online = state;
    for (const listener of [...listeners]) listener();
  };
  events.addEventListener('online', follow(true));
  events.addEventListener('offline', follow(false));
  return {
    isOnline: () => online,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The pane shown again: the document's visibilitychange to `visible`. In Office's shared runtime
 * the page stays loaded while the pane is closed, hidden, so this fires each time it is reopened.
 */
export function browserVisibility(document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: string }): PaneVisibility {
  return {
    onShown(listener) {
      const onChange = (): void => {
        if (document.visibilityState === 'visible') listener();
      };
      document.addEventListener('visibilitychange', onChange);
      return () => document.removeEventListener('visibilitychange', onChange);
    },
  };
}
