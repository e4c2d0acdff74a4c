/**
 * The `Office` and `OfficeRuntime` globals: onReady, enums, the document settings (in memory and in
 * the "workbook", never in localStorage), requirement sets, Office.addin and Office.actions, and
 * OfficeRuntime.storage exactly as Excel on the web implements it (localStorage under
 * "_OfficeRuntime_Storage_", excel-web-16.00.js).
 */
import type { HostState } from './state';
import { serializeSettings, deserializeSettings } from './state';

export const STORAGE_PREFIX = '_OfficeRuntime_Storage_';

const HOST_TYPE = { Word: 'Word', Excel: 'Excel', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' } as const;
const PLATFORM_TYPE = { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' } as const;
const ASYNC_RESULT_STATUS = { Succeeded: 'succeeded', Failed: 'failed' } as const;
const STARTUP_BEHAVIOR = { none: 'None', load: 'Load' } as const;
const VISIBILITY_MODE = { hidden: 'Hidden', taskpane: 'Taskpane' } as const;
const EVENT_TYPE = { SettingsChanged: 'settingsChanged', DocumentSelectionChanged: 'documentSelectionChanged' } as const;
const INITIALIZATION_REASON = { Inserted: 'inserted', DocumentOpened: 'documentOpened' } as const;

export interface ReadyInfo {
  readonly host: 'Excel';
  readonly platform: string;
}

/** An Office.AsyncResult. */
function asyncResult<T>(value: T, asyncContext: unknown, error?: { name: string; message: string; code: number }): Office.AsyncResult<T> {
  return {
    value,
    status: (error ? ASYNC_RESULT_STATUS.Failed : ASYNC_RESULT_STATUS.Succeeded) as unknown as Office.AsyncResultStatus,
    error: error as unknown as Office.Error,
    asyncContext,
    diagnostics: undefined,
  };
}

/** (options?, callback?) as every *Async method takes them. */
function asyncArgs(args: unknown[]): { options: { asyncContext?: unknown }; callback?: (result: Office.AsyncResult<unknown>) => void } {
  const callback = args.find((a) => typeof a === 'function') as ((result: Office.AsyncResult<unknown>) => void) | undefined;
  const options = (args.find((a) => typeof a === 'object' && a !== null) ?? {}) as { asyncContext?: unknown };
  return { options, callback };
}

function versionAtLeast(supported: string, wanted: string): boolean {
  const a = supported.split('.').map(Number);
  const b = wanted.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

/** Faults shared by every runtime of one host (the pane's and, split, the functions'). */
export interface OfficeFaults {
  /** How many more settings.saveAsync calls fail. */
  saveAsyncFailures: number;
}

/**
 * What a failed settings.saveAsync reports: Office.Error 5001 "Internal Error" ("Office Common API
 * error codes", learn.microsoft.com/office/dev/add-ins/reference/javascript-api-for-office-error-codes).
 */
export const SAVE_FAILED_ERROR = { name: 'Internal Error', message: 'An internal error has occurred.', code: 5001 } as const;

/** `runtime` labels the calls of a second runtime in the log (split mode). */
export function createOffice(state: HostState, faults: OfficeFaults = { saveAsyncFailures: 0 }, runtime?: string) {
  const record = (api: string, ...args: unknown[]) => state.record(runtime ? `${api} (${runtime})` : api, args);
  let readyInfo: ReadyInfo | undefined;
  const readyWaiters: ((info: ReadyInfo) => void)[] = [];
  let startupBehavior: string = STARTUP_BEHAVIOR.none;

  const checkName = (name: unknown, method: string) => {
    if (typeof name !== 'string') throw new TypeError(`Settings.${method}: the name must be a string`);
  };

  const settings = {
    get(name: string): unknown {
      checkName(name, 'get');
      const value = state.sessionSettings[name];
      return value === undefined ? null : value;
    },
    set(name: string, value: unknown): void {
      checkName(name, 'set');
      record('Office.context.document.settings.set', name, value);
      state.sessionSettings[name] = value;
    },
    remove(name: string): void {
      checkName(name, 'remove');
      record('Office.context.document.settings.remove', name);
      delete state.sessionSettings[name];
    },
    saveAsync(...args: unknown[]): void {
      const { options, callback } = asyncArgs(args);
      record('Office.context.document.settings.saveAsync');
      const serialized = serializeSettings(state.sessionSettings);
      const fails = faults.saveAsyncFailures > 0;
      if (fails) faults.saveAsyncFailures--;
      setTimeout(() => {
        // A failed save leaves the file's settings as they were; the session keeps its changes.
        if (fails) return callback?.(asyncResult(undefined, options.asyncContext, { ...SAVE_FAILED_ERROR }));
        state.documentSettings = serialized;
        callback?.(asyncResult(undefined, options.asyncContext));
      }, 0);
    },
    refreshAsync(...args: unknown[]): void {
      const { options, callback } = asyncArgs(args);
      record('Office.context.document.settings.refreshAsync');
      setTimeout(() => {
        state.sessionSettings = deserializeSettings(state.documentSettings);
        callback?.(asyncResult(settings, options.asyncContext));
      }, 0);
    },
    addHandlerAsync(...args: unknown[]): void {
      const { options, callback } = asyncArgs(args.slice(2));
      record('Office.context.document.settings.addHandlerAsync', args[0]);
      setTimeout(() => callback?.(asyncResult(undefined, options.asyncContext)), 0);
    },
    removeHandlerAsync(...args: unknown[]): void {
      const { options, callback } = asyncArgs(args.slice(1));
      record('Office.context.document.settings.removeHandlerAsync', args[0]);
      setTimeout(() => callback?.(asyncResult(undefined, options.asyncContext)), 0);
    },
  };

  const requirements = {
    isSetSupported(name: string, minVersion?: string | number): boolean {
      const entry = Object.entries(state.options.requirementSets).find(([set]) => set.toLowerCase() === String(name).toLowerCase());
      const supported = entry !== undefined && (minVersion === undefined || versionAtLeast(entry[1], String(minVersion)));
      record('Office.context.requirements.isSetSupported', name, minVersion ?? null, supported);
      return supported;
    },
  };

  const context = {
    document: { settings, mode: 'readWrite', url: 'https://contoso-my.sharepoint.com/Book1.xlsx' },
    requirements,
    host: HOST_TYPE.Excel,
    platform: state.options.platform,
    diagnostics: { host: HOST_TYPE.Excel, platform: state.options.platform, version: '16.0.19000.10000' },
    displayLanguage: 'en-US',
    contentLanguage: 'en-US',
  };

  const office = {
    HostType: HOST_TYPE,
    PlatformType: PLATFORM_TYPE,
    AsyncResultStatus: ASYNC_RESULT_STATUS,
    StartupBehavior: STARTUP_BEHAVIOR,
    VisibilityMode: VISIBILITY_MODE,
    EventType: EVENT_TYPE,
    InitializationReason: INITIALIZATION_REASON,
    /** Undefined until Office is ready, as in office.js. */
    context: undefined as typeof context | undefined,
    initialize: undefined as ((reason: string) => void) | undefined,
    onReady(callback?: (info: ReadyInfo) => void): Promise<ReadyInfo> {
      record('Office.onReady');
      return new Promise<ReadyInfo>((resolve) => {
        const done = (info: ReadyInfo) => {
          try {
            callback?.(info);
          } finally {
            resolve(info);
          }
        };
        if (readyInfo) {
          const info = readyInfo;
          setTimeout(() => done(info), 0);
        } else readyWaiters.push(done);
      });
    },
    addin: {
      setStartupBehavior(behavior: string): Promise<void> {
        record('Office.addin.setStartupBehavior', behavior);
        startupBehavior = behavior;
        return Promise.resolve();
      },
      getStartupBehavior(): Promise<string> {
        record('Office.addin.getStartupBehavior');
        return Promise.resolve(startupBehavior);
      },
      showAsTaskpane(): Promise<void> {
        record('Office.addin.showAsTaskpane');
        return Promise.resolve();
      },
      hide(): Promise<void> {
        record('Office.addin.hide');
        return Promise.resolve();
      },
      onVisibilityModeChanged(handler: unknown): Promise<() => Promise<void>> {
        record('Office.addin.onVisibilityModeChanged', handler);
        return Promise.resolve(() => Promise.resolve());
      },
    },
    actions: {
      associate(actionId: string, fn: unknown): void {
        record('Office.actions.associate', actionId, fn);
      },
    },
  };

  /** Office initialises: context appears, Office.initialize runs, onReady callbacks resolve. */
  const becomeReady = () => {
    const info: ReadyInfo = { host: HOST_TYPE.Excel, platform: state.options.platform };
    office.context = context;
    readyInfo = info;
    record('(office ready)');
    if (typeof office.initialize === 'function') {
      try {
        office.initialize(INITIALIZATION_REASON.DocumentOpened);
      } catch (error) {
        console.error(error);
      }
    }
    for (const waiter of readyWaiters.splice(0)) waiter(info);
  };

  return { office, becomeReady };
}

/** OfficeRuntime.storage on the web: localStorage, every key prefixed (excel-web-16.00.js). */
export function createOfficeRuntime(state: HostState) {
  const record = (api: string, ...args: unknown[]) => state.record(api, args);
  const ensureFresh = () => {
    window.localStorage.setItem(`${STORAGE_PREFIX}|_unusedKey_`, null as unknown as string);
    window.localStorage.removeItem(`${STORAGE_PREFIX}|_unusedKey_`);
  };
  const perform = <T>(action: () => T): Promise<T> =>
    new Promise((resolve, reject) => {
      try {
        ensureFresh();
        resolve(action());
      } catch (error) {
        reject(error);
      }
    });
  const performMulti = (collection: Record<string, string> | string[], action: (key: string) => void): Promise<void> =>
    new Promise((resolve, reject) => {
      const errors: unknown[] = [];
      try {
        ensureFresh();
      } catch (error) {
        errors.push(error);
      }
      const keys = Array.isArray(collection) ? collection : Object.keys(collection);
      for (const key of keys) {
        try {
          action(key);
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) reject(new Error('Unknown error.'));
      else resolve();
    });

  const storage = {
    getItem(key: string): Promise<string | null> {
      record('OfficeRuntime.storage.getItem', key);
      return perform(() => window.localStorage.getItem(STORAGE_PREFIX + key));
    },
    setItem(key: string, value: string): Promise<void> {
      record('OfficeRuntime.storage.setItem', key, '[value]');
      return perform(() => window.localStorage.setItem(STORAGE_PREFIX + key, value));
    },
    removeItem(key: string): Promise<void> {
      record('OfficeRuntime.storage.removeItem', key);
      return perform(() => window.localStorage.removeItem(STORAGE_PREFIX + key));
    },
    getItems(keys: string[]): Promise<Record<string, string | null>> {
      record('OfficeRuntime.storage.getItems', keys);
      return new Promise((resolve, reject) => {
        const result: Record<string, string | null> = {};
        const errors: unknown[] = [];
        try {
          ensureFresh();
        } catch (error) {
          reject(error);
        }
        for (const key of keys) {
          try {
            // `|| null`, as the original: an empty string reads back as null.
            result[key] = window.localStorage.getItem(STORAGE_PREFIX + key) || null;
          } catch (error) {
            errors.push(error);
          }
        }
        if (errors.length > 0) reject(new Error('Unknown error.'));
        else resolve(result);
      });
    },
    setItems(keyValues: Record<string, string>): Promise<void> {
      record('OfficeRuntime.storage.setItems', Object.keys(keyValues));
      return performMulti(keyValues, (key) => window.localStorage.setItem(STORAGE_PREFIX + key, keyValues[key]!));
    },
    removeItems(keys: string[]): Promise<void> {
      record('OfficeRuntime.storage.removeItems', keys);
      return performMulti(keys, (key) => window.localStorage.removeItem(STORAGE_PREFIX + key));
    },
    getKeys(): Promise<string[]> {
      record('OfficeRuntime.storage.getKeys');
      return perform(() =>
        Object.keys(window.localStorage)
          .filter((key) => key.startsWith(STORAGE_PREFIX))
          .map((key) => key.slice(STORAGE_PREFIX.length)),
      );
    },
  };

  return { storage };
}

/** Everything under the storage prefix, without it. */
export function storageSnapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < window.localStorage.length; i++) {
    const key = window.localStorage.key(i)!;
    if (key.startsWith(STORAGE_PREFIX)) out[key.slice(STORAGE_PREFIX.length)] = window.localStorage.getItem(key)!;
  }
  return out;
}
