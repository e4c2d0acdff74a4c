/**
 * The gateway's configuration: process environment plus an optional `.env` file in the working
 * directory (the environment wins). Every variable is documented in `.env.example`.
 *
 * API keys are kept as {@link Secret}s: they print as `[redacted]` through `String()`,
 * `JSON.stringify` and `util.inspect`, so logging the configuration cannot leak one.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { definedAt } from '../../core/definedAt';
import { readUserFileSync } from '../../data/node/userFiles';
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
  /** Redis shared by several replicas (LIQUIDITY_LENS_REDIS_URL); absent: this gateway alone, on its disk cache. */
  readonly redisUrl?: Secret;
  /** Bearer token that opens /metrics to non-loopback clients (LIQUIDITY_LENS_METRICS_TOKEN). */
  readonly metricsToken?: Secret;
}

export const DEFAULT_CACHE_DIR = '.cache/gateway';
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 15_000;
export const DEFAULT_UPSTREAM_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_CLIENT_RATE_LIMIT = 600;
/** Below the add-in's 30 s wait for the gateway (gatewayClient.ts), with room for the answer to travel. */
export const DEFAULT_ANSWER_DEADLINE_MS = 8_000;

/** A `.env` is a few lines; anything this large is not one. */
const MAX_ENV_FILE_BYTES = 1024 * 1024;

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
 * Lines it cannot read are skipped here; {@link parseDotEnvChecked} reports them.
 * @example
 * parseDotEnv('# x\nFRED_API_KEY="abc"\nPORT=3000') //=> { FRED_API_KEY: 'abc', PORT: '3000' }
 */
export function parseDotEnv(text: string): Record<string, string> {
  return parseDotEnvChecked(text).values;
}

/**
 * The same, with a problem per line that is not `KEY=VALUE` or whose quote is not closed. A
 * problem names the line and at most a variable name, never the line's text (it may hold a key).
 * @example
 * parseDotEnvChecked('A=1\nFRED_API_KEY abc\n').problems //=> ['line 2 is not KEY=VALUE (it starts with FRED_API_KEY)']
 */
export function parseDotEnvChecked(text: string): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((rawLine, index) => {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#')) return;
      const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
      if (!match) {
        const name = /^(?:export\s+)?([A-Z][A-Z0-9_]{2,40})(?=[\s:]|$)/.exec(line)?.[1];
        // The name only if it is one of ours: a line holding nothing but a key must not print it.
        problems.push(`line ${index + 1} is not KEY=VALUE${name && isKnownVariable(name) ? ` (it starts with ${name})` : ''}`);
        return;
      }
      const [, key, rest] = match as unknown as [string, string, string];
      let value = rest;
      const quote = value[0];
      if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
        value = value.slice(1, -1);
        if (quote === '"') value = value.replace(/\\n/g, '\n');
      } else if (quote === '"' || quote === "'") {
        problems.push(`line ${index + 1}: the value of ${key} opens a quote it does not close`);
        return;
      } else {
        // An unquoted value ends at a ` #` comment.
        value = value.replace(/\s+#.*$/, '').trim();
      }
      values[key] = value;
    });
  return { values, problems };
}

/**
 * Variables read outside this file: the server's own (PORT, LIQ_DEV_CERTS; src/server/main.ts and
 * devCertificates.ts). Add a new variable here or to loadGatewayConfig, and to .env.example, or a
 * `.env` that sets it is refused as a misspelling.
 */
export const SERVER_VARIABLES: readonly string[] = ['PORT', 'LIQ_DEV_CERTS'];
/** Variables loadGatewayConfig reads besides each provider's `<NAME>_BASE_URL` and key. */
export const GATEWAY_VARIABLES: readonly string[] = [
  'LIQUIDITY_LENS_CACHE',
  'LIQUIDITY_LENS_DATA',
  'UPSTREAM_TIMEOUT_MS',
  'UPSTREAM_MAX_BYTES',
  'CLIENT_RATE_LIMIT',
  'ANSWER_DEADLINE_MS',
  'ADDIN_ORIGIN',
  'LIQUIDITY_LENS_REDIS_URL',
  'LIQUIDITY_LENS_METRICS_TOKEN',
];

type ProviderNames = readonly { readonly name: string; readonly keyVariable?: string }[];

/** Every variable the gateway and server read. */
export function knownVariables(providers: ProviderNames = PROVIDERS): Set<string> {
  return new Set([...GATEWAY_VARIABLES, ...SERVER_VARIABLES, ...providers.flatMap((provider) => [`${providerVariablePrefix(provider.name)}_BASE_URL`, apiKeyVariable(provider)])]);
}

function isKnownVariable(name: string): boolean {
  return knownVariables().has(name);
}

/** The known variable `name` is probably a misspelling of (same letters without underscores, or one or two edits away). */
export function nearestVariable(name: string, known: ReadonlySet<string>): string | undefined {
  const squash = (text: string): string => text.toUpperCase().replace(/_/g, '');
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    if (candidate === name) return undefined;
    const distance = squash(candidate) === squash(name) ? 0 : editDistance(candidate.toUpperCase(), name.toUpperCase());
    if (distance <= (name.length >= 8 ? 2 : 1) && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let left = i;
    for (let j = 1; j <= b.length; j++) {
      left = Math.min(definedAt(previous, j) + 1, left + 1, definedAt(previous, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1));
      current.push(left);
    }
    previous = current;
  }
  return definedAt(previous, b.length);
}

/**
 * Names that look meant for this gateway but that it does not read: in `.env` (a file for this
 * gateway only) any name of our families (a provider's prefix, `*_BASE_URL`, `*_API_KEY`,
 * LIQUIDITY_LENS_*) or close to a known one; in the environment, which holds every program's
 * variables, only names close to a known one or under LIQUIDITY_LENS_. Each with its likely fix.
 */
function unknownVariableProblems(env: NodeJS.ProcessEnv, fileValues: Record<string, string>, providers: ProviderNames): string[] {
  const known = knownVariables(providers);
  const prefixes = providers.map((provider) => `${providerVariablePrefix(provider.name)}_`);
  const ours = (name: string): boolean => /_(BASE_?URL|API_?KEY)$/.test(name) || name.startsWith('LIQUIDITY_LENS_') || prefixes.some((prefix) => name.startsWith(prefix));
  const problems: string[] = [];
  const report = (name: string, where: string): void => {
    const nearest = nearestVariable(name, known);
    problems.push(`${name} (${where}) is not a setting of this gateway${nearest ? `; did you mean ${nearest}?` : ''} (every setting is in .env.example)`);
  };
  // An empty value changes nothing (a copied .env.example line), so it is not worth refusing to start.
  const set = (value: string | undefined): boolean => value !== undefined && value.trim() !== '';
  for (const [name, value] of Object.entries(fileValues)) if (set(value) && !known.has(name) && (ours(name) || nearestVariable(name, known))) report(name, 'in .env');
  for (const name of Object.keys(env)) {
    if (known.has(name) || name in fileValues || !set(env[name])) continue;
    if (name.startsWith('LIQUIDITY_LENS_') || nearestVariable(name, known)) report(name, 'in the environment');
  }
  return problems;
}

export interface LoadGatewayConfigOptions {
  /** The providers whose variables to read (default: every provider in the registry). */
  readonly providers?: readonly { readonly name: string; readonly keyVariable?: string }[];
}

/**
 * Reads the configuration from `env` and `<cwd>/.env`; throws a GatewayConfigError naming every
 * unusable variable (a base URL that is not http(s), a number that is not a positive integer, a
 * data folder that does not exist), every `.env` line it cannot read, and every variable that
 * looks meant for it but is not one it reads (FRED_BASEURL: did you mean FRED_BASE_URL?).
 */
export function loadGatewayConfig(env: NodeJS.ProcessEnv, cwd: string, options: LoadGatewayConfigOptions = {}): GatewayConfig {
  const envFile = path.join(cwd, '.env');
  let fileValues: Record<string, string> = {};
  let readEnvFile: string | undefined;
  const problems: string[] = [];
  try {
    const parsed = parseDotEnvChecked(readUserFileSync(envFile, { maxBytes: MAX_ENV_FILE_BYTES }).text);
    fileValues = parsed.values;
    problems.push(...parsed.problems.map((problem) => `${envFile}: ${problem}`));
    readEnvFile = envFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new GatewayConfigError(`cannot read ${envFile}: ${(error as Error).message}`);
  }
  const read = (name: string): string | undefined => {
    const value = env[name] ?? fileValues[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };

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

  problems.push(...unknownVariableProblems(env, fileValues, providers));

  const cacheDir = path.resolve(cwd, read('LIQUIDITY_LENS_CACHE') ?? DEFAULT_CACHE_DIR);
  const dataText = read('LIQUIDITY_LENS_DATA');
  const dataDir = dataText === undefined ? undefined : path.resolve(cwd, dataText);
  if (dataDir !== undefined && !isDirectory(dataDir)) problems.push(`LIQUIDITY_LENS_DATA: ${dataDir} is not a folder`);

  // Kept as secrets: a Redis URL may carry a password.
  const redisText = read('LIQUIDITY_LENS_REDIS_URL');
  let redisUrl: Secret | undefined;
  if (redisText !== undefined) {
    const problem = redisUrlProblem(redisText);
    if (problem) problems.push(`LIQUIDITY_LENS_REDIS_URL ${problem}`);
    else redisUrl = new Secret(redisText);
  }
  const metricsText = read('LIQUIDITY_LENS_METRICS_TOKEN');
  if (metricsText !== undefined && metricsText.length < 16) problems.push('LIQUIDITY_LENS_METRICS_TOKEN must be at least 16 characters');

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
    ...(redisUrl === undefined ? {} : { redisUrl }),
    ...(metricsText === undefined || metricsText.length < 16 ? {} : { metricsToken: new Secret(metricsText) }),
  };
  if (problems.length) throw new GatewayConfigError(`invalid gateway configuration:\n  ${problems.join('\n  ')}`);
  return config;
}

/** Why a Redis URL is refused (undefined: acceptable); the message never repeats it (it may hold a password). */
function redisUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL (redis://host:6379)';
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') return `must be a redis:// or rediss:// URL, not ${url.protocol}`;
  return undefined;
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
  const redisPassword = config.redisUrl ? decodeURIComponent(new URL(config.redisUrl.reveal()).password) : '';
  return [...Object.values(config.apiKeys).map((secret) => secret.reveal()), config.metricsToken?.reveal() ?? '', redisPassword].filter((value) => value.length > 0);
}
