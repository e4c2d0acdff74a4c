/**
 * The user's API keys, per provider, kept on this machine only: OfficeRuntime.storage where the
 * runtime offers it, else the page's localStorage. Neither is encrypted (the pane says so); keys
 * never go into the workbook or its settings.
 */
export interface KeyStore {
  get(provider: string): Promise<string | undefined>;
  set(provider: string, key: string): Promise<void>;
  remove(provider: string): Promise<void>;
  /** Every stored key by provider (FRED → key). */
  all(): Promise<Record<string, string>>;
}

/** Providers whose upstream needs a key, with where a user gets one. */
export const KEY_PROVIDERS: readonly { provider: string; label: string; signupUrl: string }[] = [
  { provider: 'FRED', label: 'FRED (Federal Reserve Bank of St. Louis)', signupUrl: 'https://fredaccount.stlouisfed.org/apikeys' },
];

const PREFIX = 'liquidity-lens.key.';

interface AsyncStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

function machineStorage(): AsyncStorage | undefined {
  const runtime = (globalThis as { OfficeRuntime?: { storage?: AsyncStorage } }).OfficeRuntime;
  if (runtime?.storage) return runtime.storage;
  const local = (globalThis as { localStorage?: Storage }).localStorage;
  if (!local) return undefined;
  return {
    getItem: async (key) => local.getItem(key),
    setItem: async (key, value) => local.setItem(key, value),
    removeItem: async (key) => local.removeItem(key),
  };
}

export function createKeyStore(storage: AsyncStorage | undefined = machineStorage()): KeyStore {
  const memory = new Map<string, string>();
  const read = async (provider: string) => (storage ? ((await storage.getItem(PREFIX + provider)) ?? undefined) : memory.get(provider));
  return {
    get: read,
    async set(provider, key) {
      if (storage) await storage.setItem(PREFIX + provider, key);
      else memory.set(provider, key);
    },
    async remove(provider) {
      if (storage) await storage.removeItem(PREFIX + provider);
      else memory.delete(provider);
    },
    async all() {
      const keys: Record<string, string> = {};
      for (const { provider } of KEY_PROVIDERS) {
        const key = await read(provider);
        if (key) keys[provider] = key;
      }
      return keys;
    },
  };
}
