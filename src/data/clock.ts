/**
 * Time as the store, the rate limiters and the gateway see it: one interface, injected at each
 * composition root (the add-in entry, the server, the CLI); tests pass a fake whose sleep advances
 * `now`.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The machine's clock: for composition roots only. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
