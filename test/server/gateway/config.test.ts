/**
 * The gateway's configuration: environment over `.env`, defaults, http(s)-only base URLs, and API
 * keys that print as "[redacted]" however the configuration is logged.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { PROVIDERS } from '../../../src/data/providers/registry';
import {
  apiKeyVariable,
  DEFAULT_CLIENT_RATE_LIMIT,
  DEFAULT_UPSTREAM_MAX_BYTES,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  GatewayConfigError,
  DEFAULT_ANSWER_DEADLINE_MS,
  loadGatewayConfig,
  parseDotEnv,
  providerVariablePrefix,
} from '../../../src/server/gateway/config';
import { createRedactor } from '../../../src/server/gateway/redact';
import { tempDir } from './helpers';

/** The message of the GatewayConfigError that loading `env` in `cwd` throws. */
function configError(env: NodeJS.ProcessEnv, cwd: string): string {
  try {
    loadGatewayConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('loadGatewayConfig', () => {
  it('has defaults for everything', () => {
    const cwd = tempDir('liq-config-');
    const config = loadGatewayConfig({}, cwd);
    expect(config).toEqual({
      cacheDir: path.join(cwd, '.cache', 'gateway'),
      baseUrls: {},
      apiKeys: {},
      upstreamTimeoutMs: DEFAULT_UPSTREAM_TIMEOUT_MS,
      upstreamMaxBytes: DEFAULT_UPSTREAM_MAX_BYTES,
      clientRateLimit: DEFAULT_CLIENT_RATE_LIMIT,
      answerDeadlineMs: DEFAULT_ANSWER_DEADLINE_MS,
    });
    expect([DEFAULT_UPSTREAM_TIMEOUT_MS, DEFAULT_UPSTREAM_MAX_BYTES, DEFAULT_CLIENT_RATE_LIMIT, DEFAULT_ANSWER_DEADLINE_MS]).toEqual([15_000, 20 * 1024 * 1024, 600, 8_000]);
  });

  it('reads .env in the working directory, and the environment wins', () => {
    const cwd = tempDir('liq-config-');
    mkdirSync(path.join(cwd, 'data'));
    writeFileSync(
      path.join(cwd, '.env'),
      [
        '# gateway settings',
        'export FRED_API_KEY="from-file"',
        "NYFED_BASE_URL='http://127.0.0.1:9/nyfed/'",
        'UPSTREAM_TIMEOUT_MS=2500   # ms',
        'LIQUIDITY_LENS_CACHE=cache-here',
        'LIQUIDITY_LENS_DATA=data',
        'CLIENT_RATE_LIMIT=10',
      ].join('\n'),
    );
    const config = loadGatewayConfig({ CLIENT_RATE_LIMIT: '20', FRED_BASE_URL: 'https://fred.example/' }, cwd);
    expect(config.apiKeys.FRED_API_KEY?.reveal()).toBe('from-file');
    expect(config.baseUrls).toEqual({ NYFED: 'http://127.0.0.1:9/nyfed', FRED: 'https://fred.example' });
    expect(config.upstreamTimeoutMs).toBe(2500);
    expect(config.clientRateLimit).toBe(20);
    expect(config.cacheDir).toBe(path.join(cwd, 'cache-here'));
    expect(config.dataDir).toBe(path.join(cwd, 'data'));
    expect(config.envFile).toBe(path.join(cwd, '.env'));
  });

  it('refuses an unreadable .env line and a misspelt variable, naming the line, the variable and its likely fix', () => {
    const cwd = tempDir('liq-config-');
    writeFileSync(path.join(cwd, '.env'), ['FRED_API_KEY=ok-key', 'not a line', 'FRED_API_KEY_SECRET_VALUE', 'MARKETPRICE_BASE_URL=http://127.0.0.1:9/typo'].join('\n'));
    const message = configError({ FRED_BASEURL: 'http://127.0.0.1:9', LIQUIDITY_LENS_CACHEDIR: path.join(cwd, 'x'), HOME: cwd }, cwd);
    expect(message).toContain(`${path.join(cwd, '.env')}: line 2 is not KEY=VALUE`);
    // A line holding only a key is named by its number, never its text.
    expect(message).toContain('line 3 is not KEY=VALUE');
    expect(message).not.toContain('FRED_API_KEY_SECRET_VALUE');
    expect(message).toContain('MARKETPRICE_BASE_URL (in .env) is not a setting of this gateway');
    expect(message).toContain('FRED_BASEURL (in the environment) is not a setting of this gateway; did you mean FRED_BASE_URL?');
    expect(message).toContain('LIQUIDITY_LENS_CACHEDIR (in the environment)');
    // The environment holds every program's variables: only names meant for us are refused.
    expect(message).not.toContain('HOME');
  });

  it('starts without a .env: a missing file is the normal case', () => {
    const config = loadGatewayConfig({ FRED_API_KEY: 'k' }, tempDir('liq-config-'));
    expect(config.envFile).toBeUndefined();
  });

  it('refuses base URLs that are not plain http(s), and bad numbers, naming each variable but no key', () => {
    const cwd = tempDir('liq-config-');
    const env = {
      FRED_API_KEY: 'key-that-must-not-print',
      FRED_BASE_URL: 'file:///etc/passwd',
      NYFED_BASE_URL: 'not a url',
      FDIC_BASE_URL: 'https://user:pw@banks.example',
      FISCALDATA_BASE_URL: 'https://fiscal.example/?x=1',
      UPSTREAM_TIMEOUT_MS: '-5',
      UPSTREAM_MAX_BYTES: '1e6',
      CLIENT_RATE_LIMIT: 'lots',
      LIQUIDITY_LENS_DATA: 'no-such-folder',
    };
    let message = '';
    try {
      loadGatewayConfig(env, cwd);
    } catch (error) {
      expect(error).toBeInstanceOf(GatewayConfigError);
      message = (error as Error).message;
    }
    for (const variable of [
      'FRED_BASE_URL',
      'NYFED_BASE_URL',
      'FDIC_BASE_URL',
      'FISCALDATA_BASE_URL',
      'UPSTREAM_TIMEOUT_MS',
      'UPSTREAM_MAX_BYTES',
      'CLIENT_RATE_LIMIT',
      'LIQUIDITY_LENS_DATA',
    ]) {
      expect(message).toContain(variable);
    }
    expect(message).not.toContain('key-that-must-not-print');
    expect(message).not.toContain('pw@');
  });

  it('keeps keys as secrets that never print', () => {
    const config = loadGatewayConfig({ FRED_API_KEY: 'abc-123-secret' }, tempDir('liq-config-'));
    const key = config.apiKeys.FRED_API_KEY!;
    expect(key.reveal()).toBe('abc-123-secret');
    for (const text of [String(key), `${key}`, JSON.stringify(config), inspect(config, { depth: 9 })]) expect(text).not.toContain('abc-123-secret');
  });
});

describe('.env.example', () => {
  it('documents exactly the variables the gateway reads', () => {
    const documented = Object.keys(parseDotEnv(readFileSync(path.resolve(__dirname, '../../../.env.example'), 'utf8'))).sort();
    const read = [
      'LIQUIDITY_LENS_CACHE',
      'LIQUIDITY_LENS_DATA',
      'UPSTREAM_TIMEOUT_MS',
      'UPSTREAM_MAX_BYTES',
      'CLIENT_RATE_LIMIT',
      'ANSWER_DEADLINE_MS',
      'ADDIN_ORIGIN', // the add-in's public origin (src/server/origin.ts)
      'LIQUIDITY_LENS_REDIS_URL',
      'LIQUIDITY_LENS_METRICS_TOKEN',
      ...PROVIDERS.map((provider) => `${providerVariablePrefix(provider.name)}_BASE_URL`),
      ...PROVIDERS.filter((provider) => provider.keyVariable).map(apiKeyVariable),
    ].sort();
    expect(documented).toEqual(read);
  });
});

describe('parseDotEnv', () => {
  it('reads KEY=VALUE lines, quotes, comments and export', () => {
    expect(parseDotEnv('\uFEFFA=1\r\n# c\nexport B = "two words"\nC=\'x#y\'\nD=plain # note\nE=\n=bad\n')).toEqual({ A: '1', B: 'two words', C: 'x#y', D: 'plain', E: '' });
  });
});

describe('createRedactor', () => {
  it('removes every secret, raw or percent-encoded, and any key-like query value', () => {
    const redact = createRedactor(['s3cr/t+key']);
    expect(redact('GET https://h/p?series_id=X&api_key=s3cr%2Ft%2Bkey failed: s3cr/t+key')).toBe('GET https://h/p?series_id=X&api_key=[redacted] failed: [redacted]');
    expect(redact('https://h/p?token=abc&x=1')).toBe('https://h/p?token=[redacted]&x=1');
  });
});
