/**
 * The runtime check of issue 11 §2: the window Excel invokes the functions in publishes its id;
 * a pane in another runtime finds a live record that is not its own and reports a split. Time,
 * storage and the repeating timer are fakes.
 */
import {
  CHECK_INTERVAL_MS,
  HEARTBEAT_MS,
  RuntimeIdentity,
  checkRuntime,
  recordKey,
  watchRuntime,
  type RuntimeCheck,
  type RuntimeEnvironment,
} from '../../src/addin/runtimeIdentity';

function fakeEnvironment(storage = new Map<string, string>(), clock = { now: 1_000_000 }) {
  const timers: { ms: number; callback: () => void; stopped: boolean }[] = [];
  const env: RuntimeEnvironment = {
    storage: { getItem: async (key) => storage.get(key) ?? null, setItem: async (key, value) => void storage.set(key, value) },
    now: () => clock.now,
    every: (ms, callback) => {
      const timer = { ms, callback, stopped: false };
      timers.push(timer);
      return () => void (timer.stopped = true);
    },
    documentKey: () => 'https://contoso-my.sharepoint.com/Book1.xlsx',
  };
  const tick = async (ms: number) => {
    clock.now += ms;
    for (const timer of timers) if (!timer.stopped && timer.ms <= ms) timer.callback();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { env, storage, clock, timers, tick };
}

describe('the runtime check', () => {
  it('is "shared" in the window where Excel invokes the functions, which publishes and renews its record', async () => {
    const { env, storage, tick } = fakeEnvironment();
    const functions = new RuntimeIdentity(env, 'functions-window');
    expect(await checkRuntime(functions, env)).toMatchObject({ state: 'unknown' });
    functions.noteInvocation();
    functions.noteInvocation(); // once is enough
    expect(await checkRuntime(functions, env)).toEqual({ state: 'shared' });
    await tick(0);
    const key = recordKey('https://contoso-my.sharepoint.com/Book1.xlsx');
    const first = JSON.parse(storage.get(key)!);
    expect(first).toMatchObject({ id: 'functions-window', heartbeatAt: 1_000_000 });
    await tick(HEARTBEAT_MS);
    expect(JSON.parse(storage.get(key)!).heartbeatAt).toBe(1_000_000 + HEARTBEAT_MS);
  });

  it('is "split" in a pane whose window Excel does not call, once the functions’ runtime beats after it started', async () => {
    const shared = fakeEnvironment();
    const pane = new RuntimeIdentity(shared.env, 'pane-window');
    await shared.tick(10);
    const functions = new RuntimeIdentity(shared.env, 'functions-window');
    functions.noteInvocation();
    await shared.tick(0);
    expect(await checkRuntime(pane, shared.env)).toEqual({ state: 'split', functionsRuntimeId: 'functions-window', heartbeatAt: 1_000_010 });
  });

  it('takes a record left by an earlier session (no heartbeat since the pane started) for "unknown", not a split', async () => {
    const { env, storage, clock } = fakeEnvironment();
    storage.set(recordKey('https://contoso-my.sharepoint.com/Book1.xlsx'), JSON.stringify({ id: 'last-session', startedAt: 1, heartbeatAt: clock.now - 1 }));
    const pane = new RuntimeIdentity(env, 'pane-window');
    expect(await checkRuntime(pane, env)).toMatchObject({ state: 'unknown' });
    storage.set(recordKey('https://contoso-my.sharepoint.com/Book1.xlsx'), '{not json');
    expect(await checkRuntime(pane, env)).toMatchObject({ state: 'unknown' });
  });

  it('watches until it knows, reporting each change once', async () => {
    const { env, tick, timers } = fakeEnvironment();
    const pane = new RuntimeIdentity(env, 'pane-window');
    const seen: RuntimeCheck['state'][] = [];
    watchRuntime(pane, env, (check) => seen.push(check.state));
    await tick(0);
    expect(seen).toEqual(['unknown']);
    await tick(CHECK_INTERVAL_MS);
    expect(seen).toEqual(['unknown']);
    const functions = new RuntimeIdentity(env, 'functions-window');
    functions.noteInvocation();
    await tick(CHECK_INTERVAL_MS);
    expect(seen).toEqual(['unknown', 'split']);
    // The same window later invoked (a shared runtime after all): shared, and the watch stops.
    pane.noteInvocation();
    await tick(CHECK_INTERVAL_MS);
    expect(seen).toEqual(['unknown', 'split', 'shared']);
    expect(timers.find((t) => t.ms === CHECK_INTERVAL_MS)?.stopped).toBe(true);
  });
});
