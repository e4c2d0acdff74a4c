#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx liquidity-lens calc '=…'` needs no build step.
require('tsx/cjs');
const { runCli } = require('../src/cli/main.ts');

runCli(process.argv.slice(2)).then((result) => {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
});
