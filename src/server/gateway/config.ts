/**
 * The gateway's configuration: process environment plus an optional `.env` file in the working
 * directory (the environment wins). Every variable is documented in `.env.example`.
 *
 * API keys are kept as {@link Secret}s: they print as `[redacted]` through `String()`,
 * `JSON.stringify` and `util.inspect`, so logging the configuration cannot leak one.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { PROVIDERS } from '../../data/providers/registry';
import { parseAddinOrigin } from '../origin';

/** A value that must never be printed: only {@link Secret.reveal} gives it back. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return '[redacted]';
  }
}

export interface GatewayConfig {
  /** Absolute folder of the on-disk series cache (LIQUIDITY_LENS_CACHE). */
  readonly cacheDir: string;
  /** Absolute folder of CSV series held as data (LIQUIDITY_LENS_DATA), if any. */
  readonly dataDir?: string;
  /** `<NAME>_BASE_URL` by upper-cased provider name, e.g. `FRED`; validated http(s) URLs. */
  readonly baseUrls: Readonly<Record<string, string>>;
  /** API keys by environment variable, e.g. `FRED_API_KEY`. */
  readonly apiKeys: Readonly<Record<string, Secret>>;
  /** Per upstream request, in milliseconds (UPSTREAM_TIMEOUT_MS). */
  readonly upstreamTimeoutMs: number;
  /** Largest upstream body accepted, in bytes (UPSTREAM_MAX_BYTES). */
  readonly upstreamMaxBytes: number;
  /** API requests per minute per client IP (CLIENT_RATE_LIMIT). */
  readonly clientRateLimit: number;
  /**
   * Longest a series request waits for its upstream before it is answered from what is held
   * (ANSWER_DEADLINE_MS, default 8 s; a config built by hand may leave it out).
   */
  readonly answerDeadlineMs?: number;
  /** The add-in's public origin (ADDIN_ORIGIN; src/server/origin.ts), when set. */
  readonly addinOrigin?: string;
  /** The `.env` file read, if there was one. */
  readonly envFile?: string;
  /** `*_BASE_URL`/`*_API_KEY` names in `.env` that no provider reads (a typo, or an old name). */
  readonly unusedVariables?: readonly string[];
}

export const DEFAULT_CACHE_DIR = '.cache/gateway';
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;
export const DEFAULT_UPSTREAM_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_CLIENT_RATE_LIMIT = 600;
/** Below the add-in's 30 s wait for the gateway (gatewayClient.ts), with room for the answer to travel. */
export const DEFAULT_ANSWER_DEADLINE_MS = 8_000;

/** A configuration that cannot be used; the message names the variable, never a key's value. */
export class GatewayConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GatewayConfigError';
  }
}

/** `FRED` for provider `fred`, `FISCALDATA` for `fiscalData`: the prefix of its variables. */
export function providerVariablePrefix(providerName: string): string {
  return providerName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The variable holding a provider's key: its own `keyVariable`, else `<NAME>_API_KEY`. */
export function apiKeyVariable(provider: { readonly name: string; readonly keyVariable?: string }): string {
  return provider.keyVariable ?? `${providerVariablePrefix(provider.name)}_API_KEY`;
}

/**
 * Parses `.env` text: `KEY=VALUE` lines, `#` comments, an optional `export ` prefix, values
 * optionally in single or double quotes (no interpolation, no escapes but `\n` in double quotes).
 * @example
 * parseDotEnv('# x\nFRED_API_KEY="abc"\nPORT=3000') //=> { FRED_API_KEY: 'abc', PORT: '3000' }
 */
export function parseDotEnv(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const rawLine of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const [, key, rest] = match as unknown as [string, string, string];
    let value = rest;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n');
    } else {
      // An unquoted value ends at a ` #` comment.
      value = value.replace(/\s+#.*$/, '').trim();
    }
    result[key] = value;
  }
  return result;
}

export interface LoadGatewayConfigOptions {
  /** The providers whose variables to read (default: every provider in the registry). */
  readonly providers?: readonly { readonly name: string; readonly keyVariable?: string }[];
}

/**
 * Reads the configuration from `env` and `<cwd>/.env`; throws a GatewayConfigError naming every
 * unusable variable (a base URL that is not http(s), a number that is not a positive integer, a
 * data folder that does not exist).
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv, cwd: string, options: LoadGatewayConfigOptions = {}): GatewayConfig {
  const envFile = path.join(cwd, '.env');
  let fileValues: Record<string, string> = {};
  let readEnvFile: string | undefined;
  try {
    fileValues = parseDotEnv(readFileSync(envFile, 'utf8'));
    readEnvFile = envFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new GatewayConfigError(`cannot read ${envFile}: ${(error as Error).message}`);
  }
  const read = (name: string): string | undefined => {
    const value = env[name] ?? fileValues[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

  const problems: string[] = [];
  const positiveInteger = (name: string, fallback: number): number => {
    const text = read(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
      problems.push(`${name} must be a positive whole number, got "${text}"`);
      return fallback;
    }
    return value;
  };

  const providers = options.providers ?? PROVIDERS;
  const baseUrls: Record<string, string> = {};
  const apiKeys: Record<string, Secret> = {};
  for (const provider of providers) {
    const prefix = providerVariablePrefix(provider.name);
    const urlVariable = `${prefix}_BASE_URL`;
    const url = read(urlVariable);
    if (url !== undefined) {
      const problem = baseUrlProblem(url);
      if (problem) problems.push(`${urlVariable} ${problem}`);
      else baseUrls[prefix] = url.replace(/\/+$/, '');
    }
    const keyVariable = apiKeyVariable(provider);
    const key = read(keyVariable);
    if (key !== undefined) apiKeys[keyVariable] = new Secret(key);
  }

  const known = new Set(providers.flatMap((provider) => [`${providerVariablePrefix(provider.name)}_BASE_URL`, apiKeyVariable(provider)]));
  const unusedVariables = Object.keys(fileValues).filter((name) => /_(BASE_URL|API_KEY)$/.test(name) && !known.has(name));

  const cacheDir = path.resolve(cwd, read('LIQUIDITY_LENS_CACHE') ?? DEFAULT_CACHE_DIR);
  const dataText = read('LIQUIDITY_LENS_DATA');
  const dataDir = dataText === undefined ? undefined : path.resolve(cwd, dataText);
  if (dataDir !== undefined && !isDirectory(dataDir)) problems.push(`LIQUIDITY_LENS_DATA: ${dataDir} is not a folder`);

  let addinOrigin: string | undefined;
  if (read('ADDIN_ORIGIN') !== undefined) {
    try {
      addinOrigin = parseAddinOrigin(read('ADDIN_ORIGIN'));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  const config: GatewayConfig = {
    cacheDir,
    ...(dataDir === undefined ? {} : { dataDir }),
    baseUrls,
    apiKeys,
    upstreamTimeoutMs: positiveInteger('UPSTREAM_TIMEOUT_MS', DEFAULT_UPSTREAM_TIMEOUT_MS),
    upstreamMaxBytes: positiveInteger('UPSTREAM_MAX_BYTES', DEFAULT_UPSTREAM_MAX_BYTES),
    clientRateLimit: positiveInteger('CLIENT_RATE_LIMIT', DEFAULT_CLIENT_RATE_LIMIT),
    answerDeadlineMs: positiveInteger('ANSWER_DEADLINE_MS', DEFAULT_ANSWER_DEADLINE_MS),
    ...(addinOrigin === undefined ? {} : { addinOrigin }),
    ...(readEnvFile === undefined ? {} : { envFile: readEnvFile }),
    ...(unusedVariables.length ? { unusedVariables } : {}),
  };
  if (problems.length) throw new GatewayConfigError(`invalid gateway configuration:\n  ${problems.join('\n  ')}`);
  return config;
}

/** Why a base URL is refused (undefined: acceptable). Credentials in it would end up in logs. */
function baseUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must be an http(s) URL, not ${url.protocol}`;
  if (url.username || url.password) return 'must not carry credentials (use the _API_KEY variable)';
  if (url.search || url.hash) return 'must not have a query or fragment';
  return undefined;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Every configured secret value, for scrubbing text before it is logged or answered. */
export function secretValues(config: GatewayConfig): string[] {
  return Object.values(config.apiKeys)
    .map((secret) => secret.reveal())
    .filter((value) => value.length > 0);
}
