/**
 * The add-in's one origin: what ADDIN_ORIGIN accepts (the build and the server share the rules),
 * which Host headers it answers, and what `npm run serve` says about the build it serves.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GatewayConfigError, loadGatewayConfig } from '../../src/server/gateway/config';
import { AddinOriginError, DEFAULT_ADDIN_ORIGIN, isAllowedHost, isLoopbackHostname, originReport, parseAddinOrigin } from '../../src/server/origin';

describe('parseAddinOrigin', () => {
  test('unset or empty gives the development default', () => {
    expect(DEFAULT_ADDIN_ORIGIN).toBe('https://localhost:3000');
    expect(parseAddinOrigin(undefined)).toBe(DEFAULT_ADDIN_ORIGIN);
    expect(parseAddinOrigin('  ')).toBe(DEFAULT_ADDIN_ORIGIN);
  });

  test.each([
    ['https://lens.example.org', 'https://lens.example.org'],
    ['https://lens.example.org/', 'https://lens.example.org'],
    ['https://LENS.Example.org:443', 'https://lens.example.org'],
    ['https://lens.example.org:8443', 'https://lens.example.org:8443'],
    [' https://lens.example.org ', 'https://lens.example.org'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
    ['https://[::1]:3000', 'https://[::1]:3000'],
  ])('accepts %j as %s', (text, origin) => {
    expect(parseAddinOrigin(text)).toBe(origin);
  });

  test.each([
    ['http://lens.example.org', /only over HTTPS/],
    ['https://lens.example.org/addin', /has a path \(\/addin\)/],
    ['https://lens.example.org/?x=1', /has a query/],
    ['https://lens.example.org/#top', /has a fragment/],
    ['https://user:pw@lens.example.org', /user name or password/],
    ['ftp://lens.example.org', /scheme must be https, not ftp/],
    ['lens.example.org', /not a URL/],
    ['javascript:alert(1)', /scheme must be https/],
  ])('refuses %j, saying why', (text, why) => {
    let error: unknown;
    try {
      parseAddinOrigin(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AddinOriginError);
    const message = (error as Error).message;
    expect(message).toMatch(why);
    expect(message).toContain('ADDIN_ORIGIN must be an origin such as https://lens.example.org');
    expect(message).toContain(JSON.stringify(text));
  });

  test('a very long value is shown cut short', () => {
    expect(() => parseAddinOrigin(`https://lens.example.org/${'x'.repeat(5000)}`)).toThrow(/^.{0,600}$/s);
  });
});

describe('isLoopbackHostname / isAllowedHost', () => {
  test('loopback is localhost, 127/8 and ::1 — not a name that resolves there', () => {
    for (const host of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopbackHostname(host)).toBe(true);
    for (const host of ['lens.example.org', '127.0.0.1.nip.io', 'localhost.evil.example', '10.0.0.1', '0.0.0.0', '128.0.0.1']) expect(isLoopbackHostname(host)).toBe(false);
  });

  test('a public origin answers its own host and port only', () => {
    const origin = 'https://lens.example.org';
    expect(isAllowedHost('lens.example.org', origin)).toBe(true);
    expect(isAllowedHost('Lens.Example.Org:443', origin)).toBe(true);
    for (const host of [
      undefined,
      '',
      'lens.example.org:444',
      'localhost:3000',
      '127.0.0.1',
      'evil.example',
      'lens.example.org@evil.example',
      'evil.example/lens.example.org',
      'lens.example.org.',
    ]) {
      expect(isAllowedHost(host, origin)).toBe(false);
    }
    expect(isAllowedHost('lens.example.org:8443', 'https://lens.example.org:8443')).toBe(true);
  });

  test('a loopback origin answers any loopback host on any port (PORT, test servers), nothing else', () => {
    for (const host of ['localhost:3000', 'localhost:4000', '127.0.0.1:51234', '[::1]:3000']) expect(isAllowedHost(host, DEFAULT_ADDIN_ORIGIN)).toBe(true);
    for (const host of ['evil.example:3000', 'lens.example.org']) expect(isAllowedHost(host, DEFAULT_ADDIN_ORIGIN)).toBe(false);
  });
});

describe('originReport: what `npm run serve` prints', () => {
  test('a default build served where it was built for: no warning', () => {
    const report = originReport({ builtFor: DEFAULT_ADDIN_ORIGIN, listening: DEFAULT_ADDIN_ORIGIN });
    expect(report).toEqual({ origin: DEFAULT_ADDIN_ORIGIN, lines: [`built for:  ${DEFAULT_ADDIN_ORIGIN}`], warnings: [] });
  });

  test('a build for another ADDIN_ORIGIN than the configured one is a warning that says how to rebuild', () => {
    const report = originReport({ builtFor: DEFAULT_ADDIN_ORIGIN, configured: 'https://lens.example.org', listening: 'http://127.0.0.1:3000' });
    expect(report.origin).toBe('https://lens.example.org');
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toContain('built for https://localhost:3000 but ADDIN_ORIGIN is https://lens.example.org');
    expect(report.warnings[0]).toContain('ADDIN_ORIGIN=https://lens.example.org npm run build');
  });

  test('a public build served on a local port without ADDIN_ORIGIN: a warning naming the proxy setup', () => {
    const report = originReport({ builtFor: 'https://lens.example.org', listening: 'http://127.0.0.1:3000' });
    expect(report.origin).toBe('https://lens.example.org');
    expect(report.warnings[0]).toMatch(
      /built for https:\/\/lens\.example\.org; this server listens on http:\/\/127\.0\.0\.1:3000.*reverse proxy.*Set ADDIN_ORIGIN=https:\/\/lens\.example\.org/,
    );
    // Saying so with ADDIN_ORIGIN silences it.
    expect(originReport({ builtFor: 'https://lens.example.org', configured: 'https://lens.example.org', listening: 'http://127.0.0.1:3000' }).warnings).toEqual([]);
  });

  test('a localhost build served on another port: Office would look elsewhere', () => {
    const report = originReport({ builtFor: DEFAULT_ADDIN_ORIGIN, listening: 'https://localhost:4000' });
    expect(report.warnings[0]).toContain('Office will look for the add-in at https://localhost:3000');
  });

  test('HTTPS with the development certificate for a public origin: a warning to put TLS in the proxy', () => {
    const report = originReport({ builtFor: 'https://lens.example.org', configured: 'https://lens.example.org', listening: 'https://localhost:3000' });
    expect(report.warnings).toEqual([expect.stringMatching(/covers localhost only, not https:\/\/lens\.example\.org.*--http/)]);
    expect(originReport({ builtFor: DEFAULT_ADDIN_ORIGIN, listening: DEFAULT_ADDIN_ORIGIN }).warnings).toEqual([]);
  });

  test('no build-info.json: a warning, and the default origin', () => {
    const report = originReport({ listening: DEFAULT_ADDIN_ORIGIN });
    expect(report.origin).toBe(DEFAULT_ADDIN_ORIGIN);
    expect(report.warnings[0]).toMatch(/no build-info\.json/);
  });
});

describe('ADDIN_ORIGIN in the gateway configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'liq-origin-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('read from the environment or .env, normalised; absent when unset', () => {
    expect(loadGatewayConfig({}, dir).addinOrigin).toBeUndefined();
    expect(loadGatewayConfig({ ADDIN_ORIGIN: 'https://Lens.example.org/' }, dir).addinOrigin).toBe('https://lens.example.org');
    writeFileSync(path.join(dir, '.env'), 'ADDIN_ORIGIN=https://lens.example.org:8443\n');
    expect(loadGatewayConfig({}, dir).addinOrigin).toBe('https://lens.example.org:8443');
  });

  test('an unusable value stops the start with the variable named', () => {
    expect(() => loadGatewayConfig({ ADDIN_ORIGIN: 'http://lens.example.org' }, dir)).toThrow(GatewayConfigError);
    expect(() => loadGatewayConfig({ ADDIN_ORIGIN: 'http://lens.example.org' }, dir)).toThrow(/ADDIN_ORIGIN must be an origin.*only over HTTPS/);
  });
});
