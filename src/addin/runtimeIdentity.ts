/**
 * Which runtime Excel calls the custom functions in, so the pane can tell whether it shares it
 * (DESIGN §5 "one page, one shared runtime"; issue 11 §2).
 *
 * An in-window check cannot tell: the pane's page loads the functions bundle too (webpack.config.js
 * puts both bundles in taskpane.html), so every window has a store and registered functions, and
 * a pane that Excel started in a second runtime has them as well — only no cell reads them. What
 * differs is where Excel *invokes* the functions. So the window that receives invocations
 * publishes its runtime id with a heartbeat through OfficeRuntime.storage ("shared between the
 * runtimes of an add-in on the machine"; localStorage where it is absent), under a key per
 * document, and the pane compares the published id with its own window's:
 *
 * - functions invoked in this window → `shared`;
 * - another id whose heartbeat is newer than this window's start → `split`: that runtime is alive
 *   now and the cells read its store, not this one;
 * - nothing yet (no formula calculated since the pane opened) → `unknown`, checked again.
 *
 * Requiring a heartbeat newer than this window's start keeps a record left by an earlier session
 * of the same document from being taken for a live second runtime.
 */

export const RUNTIME_RECORD_KEY = 'liquidityLens.functionsRuntime';
/** How often the functions' runtime renews its record while it runs. */
export const HEARTBEAT_MS = 3_000;
/** How often a pane that has no answer yet looks again. */
export const CHECK_INTERVAL_MS = 1_000;

/** OfficeRuntime.storage's shape (localStorage is wrapped to it). */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
}

export interface RuntimeEnvironment {
  readonly storage: KeyValueStorage | undefined;
  now(): number;
  /** Repeats `callback` every `ms`; returns its stop. */
  every(ms: number, callback: () => void): () => void;
  /** Identifies the open document (Office.context.document.url; '' for a new, unsaved one). */
  documentKey(): string;
}

export interface RuntimeRecord {
  readonly id: string;
  readonly startedAt: number;
  readonly heartbeatAt: number;
}

export type RuntimeCheck =
  | { readonly state: 'shared' }
  | { readonly state: 'split'; readonly functionsRuntimeId: string; readonly heartbeatAt: number }
  | { readonly state: 'unknown'; readonly reason: string };

export function recordKey(documentKey: string): string {
  return `${RUNTIME_RECORD_KEY}:${documentKey}`;
}

function randomId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** This window's runtime: its id, and whether Excel has invoked a custom function in it. */
export class RuntimeIdentity {
  readonly id: string;
  readonly startedAt: number;
  private invoked = false;
  private stopHeartbeat?: () => void;
  /** The last heartbeat that could not be written, if any (for diagnostics). */
  lastProblem?: string;

  constructor(
    private readonly env: RuntimeEnvironment,
    id: string = randomId(),
  ) {
    this.id = id;
    this.startedAt = env.now();
  }

  get functionsInvokedHere(): boolean {
    return this.invoked;
  }

  /** Excel invoked a custom function in this window: publish it, and keep the record fresh. */
  noteInvocation(): void {
    if (this.invoked) return;
    this.invoked = true;
    void this.beat();
    this.stopHeartbeat = this.env.every(HEARTBEAT_MS, () => void this.beat());
  }

  stop(): void {
    this.stopHeartbeat?.();
  }

  private async beat(): Promise<void> {
    const record: RuntimeRecord = { id: this.id, startedAt: this.startedAt, heartbeatAt: this.env.now() };
    try {
      await this.env.storage?.setItem(recordKey(this.env.documentKey()), JSON.stringify(record));
    } catch (error) {
      this.lastProblem = (error as Error).message ?? String(error);
    }
  }
}

function parseRecord(text: string | null): RuntimeRecord | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<RuntimeRecord>;
    return typeof value.id === 'string' && typeof value.heartbeatAt === 'number' && typeof value.startedAt === 'number' ? (value as RuntimeRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether this window is the runtime Excel calls the functions in (see the module comment). */
export async function checkRuntime(identity: RuntimeIdentity, env: RuntimeEnvironment): Promise<RuntimeCheck> {
  if (identity.functionsInvokedHere) return { state: 'shared' };
  if (!env.storage) return { state: 'unknown', reason: 'no add-in storage to compare runtimes through' };
  let record: RuntimeRecord | undefined;
  try {
    record = parseRecord(await env.storage.getItem(recordKey(env.documentKey())));
  } catch (error) {
    return { state: 'unknown', reason: `add-in storage unreadable (${(error as Error).message ?? String(error)})` };
  }
  if (record && record.id !== identity.id && record.heartbeatAt > identity.startedAt) {
    return { state: 'split', functionsRuntimeId: record.id, heartbeatAt: record.heartbeatAt };
  }
  return { state: 'unknown', reason: 'no custom function has been calculated since the pane opened' };
}

/**
 * Checks now and every CHECK_INTERVAL_MS until this window is known to be the functions' runtime;
 * `onChange` gets each new state. Returns its stop.
 */
export function watchRuntime(identity: RuntimeIdentity, env: RuntimeEnvironment, onChange: (check: RuntimeCheck) => void): () => void {
  let last: RuntimeCheck['state'] | undefined;
  let stopped = false;
  const run = async () => {
    const check = await checkRuntime(identity, env);
    if (stopped) return;
    if (check.state !== last) {
      last = check.state;
      onChange(check);
    }
    if (check.state === 'shared') stop();
  };
  // `run` may stop before the timer exists (a shared runtime found at once): `stop` tolerates that.
  let stopTimer: (() => void) | undefined = undefined;
  const stop = () => {
    stopped = true;
    stopTimer?.();
  };
  stopTimer = env.every(CHECK_INTERVAL_MS, () => void run());
  void run();
  return stop;
}

/** OfficeRuntime.storage when Office provides it, else this origin's localStorage, else none. */
export function addinStorage(): KeyValueStorage | undefined {
  const officeRuntime = (globalThis as { OfficeRuntime?: { storage?: KeyValueStorage } }).OfficeRuntime;
  if (officeRuntime?.storage) return officeRuntime.storage;
  try {
    const local = globalThis.localStorage;
    if (!local) return undefined;
    return { getItem: async (key) => local.getItem(key), setItem: async (key, value) => local.setItem(key, value) };
  } catch {
    return undefined; // localStorage can throw where storage is disabled
  }
}

/** The environment in the add-in: real time, the add-in's storage, the open document's URL. */
export function browserRuntimeEnvironment(): RuntimeEnvironment {
  return {
    storage: addinStorage(),
    now: () => Date.now(),
    every: (ms, callback) => {
      const handle = setInterval(callback, ms);
      return () => clearInterval(handle);
    },
    documentKey: () => {
      try {
        return typeof Office === 'undefined' ? '' : (Office.context?.document?.url ?? '');
      } catch {
        return '';
      }
    },
  };
}
