/**
 * The built manifest against Microsoft's add-in manifest schemas (MS-OWEMXML), offline: xmllint
 * (Debian libxml2-utils; .ci/run installs it) with --nonet, and the XSDs in
 * ../shared/schemas/manifest/ (see its README for their origin and patches). The schemas check
 * element order too (xs:sequence), which Office enforces ("How to find the proper order of manifest
 * elements"). Two broken copies prove the check rejects what it should.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../harness/e2e/addinBuild';
import { PUBLIC_ORIGIN, buildForPublicOrigin } from './publicBuild';

const SCHEMA = path.resolve(ROOT, '..', 'shared', 'schemas', 'manifest', 'OfficeAppManifestV1_1.xsd');

interface Lint {
  readonly code: number;
  readonly output: string;
}

function xmllint(file: string): Promise<Lint> {
  return new Promise((resolve, reject) => {
    execFile('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, file], (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new Error('xmllint is not installed: apt-get install libxml2-utils (Debian/Ubuntu), as .ci/run does'));
        return;
      }
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

let dist: string;
let work: string;

beforeAll(async () => {
  dist = await buildForPublicOrigin();
  work = mkdtempSync(path.join(os.tmpdir(), 'liq-manifest-'));
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the built manifest validates against Microsoft's schemas", () => {
  test(`dist/manifest.xml built for ${PUBLIC_ORIGIN}`, async () => {
    const lint = await xmllint(path.join(dist, 'manifest.xml'));
    expect(lint.output).toContain('validates');
    expect(lint.code).toBe(0);
  });

  test('the source manifest.xml (the development origin) too', async () => {
    const lint = await xmllint(path.join(ROOT, 'manifest.xml'));
    expect(lint.output).toContain('validates');
    expect(lint.code).toBe(0);
  });

  test('the check fails a manifest whose elements are out of order', async () => {
    const manifest = readFileSync(path.join(dist, 'manifest.xml'), 'utf8');
    const support = /\s*<SupportUrl [^>]*\/>/.exec(manifest)![0];
    // SupportUrl after AppDomains: the schema's sequence says before.
    const reordered = manifest.replace(support, '').replace('</AppDomains>', `</AppDomains>${support}`);
    expect(reordered).not.toBe(manifest);
    const file = path.join(work, 'reordered.xml');
    writeFileSync(file, reordered);
    const lint = await xmllint(file);
    expect(lint.code).not.toBe(0);
    expect(lint.output).toMatch(/SupportUrl.*not expected|fails to validate/s);
  });

  test('the check fails a manifest with an element the schema does not know', async () => {
    const manifest = readFileSync(path.join(dist, 'manifest.xml'), 'utf8');
    const file = path.join(work, 'unknown.xml');
    writeFileSync(file, manifest.replace('<Permissions>', '<Mystery/><Permissions>'));
    const lint = await xmllint(file);
    expect(lint.code).not.toBe(0);
    expect(lint.output).toMatch(/Mystery/);
  });
});
