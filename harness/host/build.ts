/**
 * Bundles the test host (index.ts and what it imports, including src/cli/formula.ts) into one
 * browser script with esbuild. Built once per test process; the text is what the page gets for
 * https://appsforoffice.microsoft.com/lib/1/hosted/office.js.
 */
import path from 'node:path';
import { build } from 'esbuild';

let cached: Promise<string> | undefined;

export function buildTestHost(): Promise<string> {
  cached ??= build({
    entryPoints: [path.join(__dirname, 'index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'silent',
    banner: { js: '/* Liquidity Lens test host: a stand-in for office.js (harness/host). */' },
  }).then((result) => {
    const file = result.outputFiles[0];
    if (!file) throw new Error('esbuild produced no output for the test host');
    return file.text;
  });
  cached.catch(() => {
    cached = undefined; // a failed build is retried by the next caller
  });
  return cached;
}
