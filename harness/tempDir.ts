/**
 * Temporary folders for tests, each removed with everything in it once the test file has run, so a
 * run leaves nothing in the system's temporary directory. Jest loads this module once per test file,
 * so the list and the `afterAll` below belong to the file that imports it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/**
 * A new, empty folder under `os.tmpdir()` whose name starts with `prefix`, removed after the file.
 * @example
 * const cache = tempDir('ll-cli-cache-') //=> path.join(os.tmpdir(), 'll-cli-cache-Ab12Cd')
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made so far (also done after the file by itself). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Registered in every test file that imports this module, directly or through a helper.
afterAll(removeTempDirs);
