/** Where the sample workbook is written and what it reads from the repository. */
import { join, resolve } from 'node:path';

const repoRoot = resolve(__dirname, '..', '..');
export const SAMPLE_PATH = join(repoRoot, 'examples', 'liquidity-lens-dashboard.xlsx');
export const MANIFEST_PATH = join(repoRoot, 'manifest.xml');
