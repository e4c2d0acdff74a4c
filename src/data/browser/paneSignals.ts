import type { Connectivity } from '../connectivity';
import type { PaneVisibility } from '../visibility';

/**
 * The browser's online state: `navigator.onLine` and the window's online/offline events. onLine
 * false is reliable (no network at all); true may still mean a captive portal, which the
 * requests' own failures and retries cover.
 */
export function browserConnectivity(events: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, navigator: { readonly onLine: boolean }): Connectivity {
  return {
    isOnline: () => navigator.onLine,
    onChange(listener) {
      events.addEventListener('online', listener);
      events.addEventListener('offline', listener);
      return () => {
        events.removeEventListener('online', listener);
        events.removeEventListener('offline', listener);
      };
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
