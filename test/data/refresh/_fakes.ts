/** Environment fakes for the refresh tests: connectivity and pane visibility the test switches itself. */
import type { Connectivity } from '../../../src/data/connectivity';
import type { PaneVisibility } from '../../../src/data/visibility';

export interface FakeConnectivity extends Connectivity {
  set(online: boolean): void;
}

export function fakeConnectivity(online = true): FakeConnectivity {
  let state = online;
  const listeners = new Set<() => void>();
  return {
    isOnline: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      state = next;
      for (const listener of [...listeners]) listener();
    },
  };
}

export interface FakeVisibility extends PaneVisibility {
  show(): void;
  readonly listeners: number;
}

export function fakeVisibility(): FakeVisibility {
  const listeners = new Set<() => void>();
  return {
    onShown(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    show() {
      for (const listener of [...listeners]) listener();
    },
    get listeners() {
      return listeners.size;
    },
  };
}

/** Lets every pending promise callback run (no timers: nothing here waits on the wall clock). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
