/**
 * Builds src/data/snapshot/snapshot.json from the real data in ../shared/data (or --from DIR).
 * Only series whose catalogue licence is `public` are shipped: the daily market prices in
 * shared/data/prices are Yahoo downloads with no licence and stay out.
 *
 *   npm run snapshot [-- --from ../shared/data]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { findSeries } from '../src/catalog/lookup';
import { createSeries } from '../src/core/series/series';
import { parseSeriesCsv } from '../src/data/csvSeries';
import { listCsvFiles } from '../src/data/node/csvFolder';
import { decimalsOf } from '../src/data/snapshot/codec';
import { encodeSnapshot, type SnapshotInput } from '../src/data/snapshot/snapshotFile';

const repoRoot = resolve(__dirname, '..');
export const SNAPSHOT_PATH = join(repoRoot, 'src/data/snapshot/snapshot.json');

/**
 * Provenance per file, from shared/data/*\/SOURCES.md: the public copy each series was taken from
 * and when its newest rows were fetched from the upstream.
 */
const PROVENANCE: Record<string, { source: string; retrievedAt: string }> = {
  WALCL: { source: 'FRED WALCL (public copy: qie2003/treasury-yield-forecast + jonsflow/risk-model)', retrievedAt: '2026-08-21T20:43:22Z' },
  WDTGAL: { source: 'FRED WDTGAL (public copy: sphynxkatt0-arch/cot-report)', retrievedAt: '2026-07-23T00:00:00Z' },
  WTREGEN: { source: 'FRED WTREGEN (public copies: lihaidong43/fed-liquity-monitor + sphynxkatt0-arch/cot-report)', retrievedAt: '2026-05-28T00:00:00Z' },
  RRPONTSYD: { source: 'FRED RRPONTSYD (public copy: qie2003/treasury-yield-forecast + jonsflow/risk-model)', retrievedAt: '2026-08-21T20:43:22Z' },
  SOFR: { source: 'FRED SOFR (public copy: qie2003/treasury-yield-forecast + jonsflow/risk-model)', retrievedAt: '2026-08-21T20:43:22Z' },
  IORB: { source: 'FRED IORB (public copy: jonsflow/risk-model)', retrievedAt: '2026-08-21T20:43:22Z' },
  DFEDTARU: { source: 'FRED DFEDTARU (public copy: jonsflow/risk-model)', retrievedAt: '2026-08-21T20:43:22Z' },
  DFEDTARL: { source: 'FRED DFEDTARL (public copy: jonsflow/risk-model)', retrievedAt: '2026-08-21T20:43:22Z' },
  EFFR: { source: 'FRED EFFR (public copy: jonsflow/risk-model)', retrievedAt: '2026-08-21T20:43:22Z' },
  M2SL: { source: 'FRED M2SL, July 2026 vintage (public copy: Thecoderstef/Macro-Charts)', retrievedAt: '2026-07-29T00:00:00Z' },
  GOLD_MONTHLY: { source: 'datasets/gold-prices monthly (World Bank / Timothy Green), ODC-PDDL', retrievedAt: '2026-07-01T00:00:00Z' },
  SPX_MONTHLY: { source: 'datasets/s-and-p-500 (Robert Shiller; FRED SP500 monthly means), ODC-PDDL', retrievedAt: '2026-07-01T00:00:00Z' },
};

/** The snapshot file's text built from the CSVs under `dataRoot`, and what was left out and why. */
export function buildSnapshotText(dataRoot: string): { text: string; seriesCount: number; observations: number; skipped: string[] } {
  const inputs: SnapshotInput[] = [];
  const skipped: string[] = [];
  for (const file of listCsvFiles(dataRoot)) {
    const name = basename(file, '.csv');
    const entry = findSeries(name);
    if (!entry || entry.licence !== 'public') {
      skipped.push(`${name} (${entry ? `licence ${entry.licence}` : 'not in the catalogue'})`);
      continue;
    }
    const provenance = PROVENANCE[name];
    if (!provenance) throw new Error(`${file}: no provenance recorded in build-snapshot.ts`);
    const parsed = parseSeriesCsv(readFileSync(file, 'utf8'), file);
    inputs.push({
      held: { series: createSeries(entry.id, entry.units, parsed.days, parsed.values), origin: 'snapshot', ...provenance },
      decimals: decimalsOf(parsed.valueTexts),
    });
  }
  inputs.sort((a, b) => a.held.series.id.localeCompare(b.held.series.id));
  // The build date is the newest retrieval, not the clock, so rebuilding unchanged data is a no-op.
  const builtAt = inputs.map((input) => input.held.retrievedAt).sort().at(-1) ?? '';
  return {
    text: JSON.stringify(encodeSnapshot(inputs, builtAt), null, 1) + '\n',
    seriesCount: inputs.length,
    observations: inputs.reduce((n, input) => n + input.held.series.days.length, 0),
    skipped,
  };
}

if (require.main === module) {
  const fromIndex = process.argv.indexOf('--from');
  const dataRoot = fromIndex > 0 ? resolve(process.argv[fromIndex + 1]) : resolve(repoRoot, '../shared/data');
  const built = buildSnapshotText(dataRoot);
  writeFileSync(SNAPSHOT_PATH, built.text);
  console.log(`wrote src/data/snapshot/snapshot.json: ${built.seriesCount} series, ${built.observations} observations, ${built.text.length} bytes`);
  console.log(`left out: ${built.skipped.join(', ')}`);
}
