/**
 * The server process started as an operator starts it (`tsx src/server/main.ts`), with the
 * configuration mistakes of issue 13 §2: each is reported at start with the variable's name, exit
 * 2, and no stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const MAIN = path.join(__dirname, '../../src/server/main.ts');
const TSX = require.resolve('tsx/cli');
let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(path.join(os.tmpdir(), 'liq-startup-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** Starts the server with only `env` (and PATH); a server that did start is killed after 20 s, failing the test. */
function start(env: Record<string, string>): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [TSX, MAIN, '--http', '--port', '0', '--root', cwd], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('the server refuses a bad configuration at start', () => {
  it.each([
    [{ FRED_BASE_URL: 'file:///etc/passwd' }, 'FRED_BASE_URL must be an http(s) URL, not file:'],
    [{ FRED_BASEURL: 'http://127.0.0.1:9' }, 'FRED_BASEURL (in the environment) is not a setting of this gateway; did you mean FRED_BASE_URL?'],
    [{ CLIENT_RATE_LIMIT: '-1' }, 'CLIENT_RATE_LIMIT must be a positive whole number, got "-1"'],
  ])('%j: exit 2, the variable named, no stack trace', (env, message) => {
    const result = start(env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`liquidity-lens server: invalid gateway configuration:`);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('an unparseable .env line: exit 2 with the file and line', () => {
    writeFileSync(path.join(cwd, '.env'), 'PORT=3000\nFRED_API_KEY abc\n');
    const result = start({});
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${path.join(cwd, '.env')}: line 2 is not KEY=VALUE (it starts with FRED_API_KEY)`);
    expect(result.stderr).not.toContain('abc');
  });
});
