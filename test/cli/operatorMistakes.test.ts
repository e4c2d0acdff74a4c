/**
 * The CLI as a user runs it (a child process of the compiled CLI) against the mistakes of issue 13:
 * a FIFO named WALCL.csv in --data (it hung for good), implausible CSV values (-5 for RRP once gave
 * a wrong LIQ.INDEX silently), bad configuration (a message naming the variable, exit 2, never a
 * stack trace), a broken snapshot (CREDIT.LOSS still answers) and 100 kB of input (never echoed whole).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli/main';

const REPO = path.join(__dirname, '../..');
let work: string;
let cli: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'liq-cli-mistakes-'));
  // A build of its own: test/cli/main.test.ts builds build/cli.cjs, possibly at the same time.
  cli = path.join(work, 'cli.cjs');
  execFileSync(
    require.resolve('esbuild/bin/esbuild'),
    ['src/cli/main.ts', '--bundle', '--platform=node', '--target=node20', '--format=cjs', `--outfile=${cli}`, '--log-level=warning'],
    { cwd: REPO },
  );
  writeFileSync(
    path.join(work, 'run.cjs'),
    `require(${JSON.stringify(cli)}).runCli(process.argv.slice(2)).then((r) => { process.stdout.write(r.stdout); process.stderr.write(r.stderr); process.exitCode = r.exitCode; });\n`,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the compiled CLI in `cwd` with only `env` (and PATH); killed after 20 s so a hang fails instead of blocking. */
function run(
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const result = spawnSync(process.execPath, [path.join(work, 'run.cjs'), ...args], {
    cwd: options.cwd ?? work,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

function folder(prefix: string): string {
  return mkdtempSync(path.join(work, prefix));
}

describe('--data with files that cannot be used', () => {
  it('refuses a FIFO named WALCL.csv at once (exit 2, the reason), instead of hanging', () => {
    const data = folder('fifo-');
    execFileSync('mkfifo', [path.join(data, 'WALCL.csv')]);
    const result = run(['calc', '=LIQ.INDEX("2025-12-24")', '--data', data]);
    expect(result.signal).toBeNull();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('WALCL.csv: is a FIFO (named pipe), not a regular file');
  });

  it.each([
    ['-5', 'line 3: -5 on 2025-12-24 is outside the plausible range 0 to 10000 USD billions for RRP'],
    ['1e308', 'line 3: 1e+308 on 2025-12-24 is outside the plausible range 0 to 10000 USD billions for RRP'],
  ])('refuses RRP.csv holding %s with the file, line and reason (no wrong LIQ.INDEX, no Infinity)', (value, reason) => {
    const data = folder('rrp-');
    writeFileSync(path.join(data, 'RRP.csv'), `date,RRP\n2025-12-23,4.5\n2025-12-24,${value}\n`);
    const result = run(['calc', '=LIQ.INDEX("2025-12-24")', '--data', data]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`RRP.csv, line 3: ${reason.replace(/^line 3: /, '')}`);
    expect(result.stderr).not.toMatch(/Infinity/);
  });
});

describe('bad configuration', () => {
  it.each([
    [{ FRED_BASE_URL: 'file:///etc/passwd' }, 'FRED_BASE_URL must be an http(s) URL, not file:'],
    [{ FRED_BASEURL: 'http://127.0.0.1:9' }, 'FRED_BASEURL (in the environment) is not a setting of this gateway; did you mean FRED_BASE_URL?'],
    [{ UPSTREAM_TIMEOUT_MS: 'soon' }, 'UPSTREAM_TIMEOUT_MS must be a positive whole number, got "soon"'],
  ])('%j: exit 2 with a message naming the variable, no stack trace', (env, message) => {
    const result = run(['calc', '=LIQ.INDEX()', '--live'], { env });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('an unparseable .env line: exit 2 naming the file and line, not the line’s text', () => {
    const cwd = folder('env-');
    writeFileSync(path.join(cwd, '.env'), 'FRED_API_KEY=abc\nsecret-looking-text-without-equals\n');
    const result = run(['calc', '=LIQ.INDEX()', '--live'], { cwd });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`${path.join(cwd, '.env')}: line 2 is not KEY=VALUE`);
    expect(result.stderr).not.toContain('secret-looking-text');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('a broken snapshot', () => {
  it.each([
    ['truncated', () => '{"format":1,"builtAt":"20'],
    ['missing', () => undefined],
    ['schema-invalid', () => ({ format: 1, series: 42 })],
  ])('%s: CREDIT.LOSS still answers, with a note; a data function says what is missing', async (_, snapshot) => {
    const loss = await runCli(['calc', '=CREDIT.LOSS(0.2,"consumer")'], {}, { snapshot });
    expect(loss.exitCode).toBe(0);
    expect(Number(loss.stdout)).toBeCloseTo(329.6, 1); // DESIGN §3.3: $330B
    expect(loss.stderr).toMatch(/^note: the embedded snapshot is not used: /);
    const index = await runCli(['calc', '=LIQ.INDEX("2025-12-24")'], {}, { snapshot });
    expect(index.exitCode).toBe(1);
    expect(index.stdout).toMatch(/^#N\/A/);
  });
});

describe('100 kB of input', () => {
  const long = 'A'.repeat(100_000);
  it.each([
    ['an unknown function', `=${long}()`],
    ['an unknown ticker', `=RATIO.GOLD("${long}")`],
    ['a syntax error', `=LIQ.INDEX(${long}`],
  ])('is never echoed whole: %s', (_, formula) => {
    const result = run(['calc', formula]);
    expect(result.signal).toBeNull();
    expect(result.stdout.length + result.stderr.length).toBeLessThan(2_000);
  });
});
