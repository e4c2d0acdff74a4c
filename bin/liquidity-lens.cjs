#!/usr/bin/env node
// Runs the CLI compiled by `npm run build:cli` (npm ci runs it through `prepare`), so a `calc` starts
// about as fast as Node itself: no TypeScript loader, no metadata parsing at run time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const compiled = join(__dirname, '..', 'build', 'cli.cjs');
if (!existsSync(compiled)) {
  process.stderr.write('liquidity-lens: the CLI is not built yet; run `npm run build:cli` (npm ci does it for you)\n');
  process.exit(2);
}
require(compiled)
  .runCli(process.argv.slice(2))
  .then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.exitCode;
  });
