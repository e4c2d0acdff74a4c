/**
 * The production build of the add-in for browser tests, made with webpack's Node API (the
 * project's own webpack.config.js, production mode) in a child Node process, so that jest's module
 * registry never loads webpack.
 *
 * It is built into `.cache/e2e/dist-<fingerprint>/`, not `dist/`: other suites rebuild `dist/` with
 * `clean: true` while tests run in parallel (test/contract does), which would pull files from under
 * a page that is loading. The fingerprint covers every build input (src/, webpack.config.js,
 * manifest.xml, assets/, scripts/help-page.cjs, tsconfig.json, package-lock.json), so a build is
 * reused by every test file of a run, and by later runs until a source changes. A lock directory
 * keeps concurrent jest workers (or concurrent runs) from building the same thing twice.
 *
 * `buildAddin({ origin })` builds for another ADDIN_ORIGIN (its own folder: the origin is part of the
 * fingerprint); the default is the development origin, as `npm run build` without ADDIN_ORIGIN.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(ROOT, '.cache', 'e2e');
const LOCK = path.join(CACHE, 'build.lock');
const STALE_LOCK_MS = 5 * 60_000;
const INPUTS = ['src', 'assets', 'webpack.config.js', 'manifest.xml', 'scripts/help-page.cjs', 'tsconfig.json', 'package-lock.json'];

/** A hash of the build inputs' paths, sizes and modification times, and of the origin built for. */
export function buildFingerprint(origin = ''): string {
  const hash = createHash('sha256');
  hash.update(`ADDIN_ORIGIN=${origin}\n`);
  const visit = (relative: string) => {
    const absolute = path.join(ROOT, relative);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(absolute).sort()) visit(path.join(relative, name));
    } else {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  for (const input of INPUTS) visit(input);
  return hash.digest('hex').slice(0, 16);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        // removed meanwhile
      }
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Runs webpack (Node API, the project's config, production) with its output in `outDir`. */
function runWebpack(outDir: string, origin: string | undefined): Promise<void> {
  const script = `
    const webpack = require('webpack');
    const config = require(${JSON.stringify(path.join(ROOT, 'webpack.config.js'))})({}, { mode: 'production' });
    config.output = { ...config.output, path: process.argv[1] };
    webpack(config, (error, stats) => {
      if (error) { console.error(error.stack || String(error)); process.exit(1); }
      if (stats.hasErrors()) { console.error(stats.toString({ all: false, errors: true, errorDetails: true })); process.exit(1); }
      process.exit(0);
    });`;
  return new Promise((resolve, reject) => {
    // ADDIN_ORIGIN is exactly what the caller asked for: never inherited from the shell running the tests.
    const env = { ...process.env };
    delete env.ADDIN_ORIGIN;
    if (origin !== undefined) env.ADDIN_ORIGIN = origin;
    execFile(process.execPath, ['-e', script, outDir], { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`webpack build for the browser tests failed:\n${stderr || error.message}`));
      else resolve();
    });
  });
}

const building = new Map<string, Promise<string>>();

export interface BuildAddinOptions {
  /** ADDIN_ORIGIN for the build (default: unset, i.e. https://localhost:3000). */
  readonly origin?: string;
}

/** The folder of a production build of the current sources (built if needed); once per process and origin. */
export function buildAddin(options: BuildAddinOptions = {}): Promise<string> {
  const key = options.origin ?? '';
  const known = building.get(key);
  if (known) return known;
  const build = (async () => {
    const fingerprint = buildFingerprint(key);
    const outDir = path.join(CACHE, `dist-${fingerprint}`);
    const complete = path.join(outDir, '.complete');
    if (existsSync(complete)) return outDir;
    return withLock(async () => {
      if (existsSync(complete)) return outDir;
      const temp = `${outDir}.tmp-${process.pid}`;
      rmSync(temp, { recursive: true, force: true });
      await runWebpack(temp, options.origin);
      writeFileSync(path.join(temp, '.complete'), new Date().toISOString());
      rmSync(outDir, { recursive: true, force: true });
      renameSync(temp, outDir);
      removeOldBuilds(outDir);
      return outDir;
    });
  })();
  building.set(key, build);
  build.catch(() => {
    building.delete(key);
  });
  return build;
}

/** Builds of earlier sources, untouched for an hour (a run still using one is long over). */
function removeOldBuilds(keep: string): void {
  for (const name of readdirSync(CACHE)) {
    const dir = path.join(CACHE, name);
    if (dir === keep || !name.startsWith('dist-')) continue;
    try {
      if (Date.now() - statSync(dir).mtimeMs > 60 * 60_000) rmSync(dir, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}
