/**
 * Builds src/data/snapshot/snapshot.json from the real data in ../shared/data (or --from DIR).
 * Only series whose catalogue licence is `public` are shipped: the daily market prices in
 * shared/data/prices are Yahoo downloads with no licence and stay out, and so does a series the
 * catalogue says the user must supply (China's M2: its FRED copy stopped in 2019). TGA.TARGET is
 * built from the quarterly refunding table; daily FX ships from DAILY_FX_FROM on.
 *
 *   npm run snapshot [-- --from ../shared/data]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { findSeries } from '../src/catalog/lookup';
import { parseIsoDate } from '../src/core/dates/isoDate';
import { isCalcError } from '../src/core/errors';
import { createSeries, type Series } from '../src/core/series/series';
import { cashTargetSteps, type CashAssumption } from '../src/core/treasury/cashTargetSteps';
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
  // shared/data/global/SOURCES.md and fixtures/INDEX.md §4–5 name the public copies but not when
  // they were fetched: each retrievedAt is the day of the copy's newest observation.
  ECBASSETSW: { source: 'FRED ECBASSETSW, source ECB (public copy: vicdecoc/Assignment-2---macro)', retrievedAt: '2025-05-09T00:00:00Z' },
  JPNASSETS: { source: 'FRED JPNASSETS, source Bank of Japan (public copy: hdcapital/sovereign-debt-model)', retrievedAt: '2026-09-01T00:00:00Z' },
  DEXUSEU: { source: 'FRED DEXUSEU, Federal Reserve H.10 (public copy: mayeric97070/uip-exercise)', retrievedAt: '2026-03-27T00:00:00Z' },
  DEXJPUS: { source: 'FRED DEXJPUS, Federal Reserve H.10 (public copy: Yuta-Kondo/USDJPY-Risk-Analysis)', retrievedAt: '2025-07-11T00:00:00Z' },
  DEXCHUS: { source: 'FRED DEXCHUS, Federal Reserve H.10 (public copy: AlexVazquez19/interest-exchange-rates)', retrievedAt: '2023-09-15T00:00:00Z' },
};

/**
 * Daily exchange rates ship from this day on: global liquidity needs the yen rate, whose public
 * copy starts 2015-07-13, so older euro and yuan rates would add bundle weight no function can
 * use. A user wanting them loads the CSV (--data) or refreshes from FRED.
 */
export const DAILY_FX_FROM = '2015-01-01';
const DAILY_FX = new Set(['DEXUSEU', 'DEXJPUS', 'DEXCHUS']);

/** The refunding table TGA.TARGET is built from (not a two-column series: see cashTargetSteps). */
export const CASH_ASSUMPTIONS_FILE = 'quarterly_refunding_assumed_cash_balance_2023-2026';
const CASH_ASSUMPTIONS_PROVENANCE = {
  source: "US Treasury quarterly refunding press releases ('Marketable Borrowing Estimates', 2023-01-30 … 2026-02-02), compiled in shared/data/treasury",
  retrievedAt: '2026-02-02T00:00:00Z',
};

/**
 * Rows of the refunding table: `announcement_date,quarter_end,assumed_end_cash_balance_usd_bn,…`
 * (the further columns are the borrowing estimate and the source URL, which contain no commas).
 */
export function parseCashAssumptions(text: string, fileName: string): CashAssumption[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const [headerLine, ...rows] = lines;
  if (headerLine === undefined) throw new Error(`${fileName}: empty, expected a header line`);
  const header = headerLine.split(',');
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${fileName}: no column ${name} in "${headerLine}"`);
    return index;
  };
  const [announced, quarterEnd, assumed] = [column('announcement_date'), column('quarter_end'), column('assumed_end_cash_balance_usd_bn')];
  return rows.map((line, i) => {
    const cells = line.split(',');
    // A short line's missing cells read as no date and no number: the "cannot read" error below.
    const row = { announced: parseIsoDate(cells[announced] ?? ''), quarterEnd: parseIsoDate(cells[quarterEnd] ?? ''), assumedBn: Number(cells[assumed] ?? NaN) };
    if (Number.isNaN(row.announced) || Number.isNaN(row.quarterEnd) || !Number.isFinite(row.assumedBn)) throw new Error(`${fileName}, line ${i + 2}: cannot read "${line}"`);
    return row;
  });
}

/** TGA.TARGET, the step series of the Treasury's cash-balance assumptions. */
export function cashTargetFromFile(file: string): Series {
  const steps = cashTargetSteps(parseCashAssumptions(readFileSync(file, 'utf8'), file), 'TGA.TARGET');
  if (isCalcError(steps)) throw new Error(`${file}: ${steps.message}`);
  return steps;
}

/** Index of the first of ascending `days` on or after `day`. */
function lowerBound(days: Int32Array, day: number): number {
  const i = days.findIndex((d) => d >= day);
  return i < 0 ? days.length : i;
}

/** The snapshot file's text built from the CSVs under `dataRoot`, and what was left out and why. */
export function buildSnapshotText(dataRoot: string): { text: string; seriesCount: number; observations: number; skipped: string[] } {
  const inputs: SnapshotInput[] = [];
  const skipped: string[] = [];
  for (const file of listCsvFiles(dataRoot)) {
    const name = basename(file, '.csv');
    if (name === CASH_ASSUMPTIONS_FILE) {
      // Whole billions: no decimals to keep.
      inputs.push({ held: { series: cashTargetFromFile(file), origin: 'snapshot', ...CASH_ASSUMPTIONS_PROVENANCE }, decimals: 0 });
      continue;
    }
    const entry = findSeries(name);
    if (entry?.unavailableReason) {
      skipped.push(`${name} (no current source: ${entry.id} is supplied by the user)`);
      continue;
    }
    if (!entry || entry.licence !== 'public') {
      skipped.push(`${name} (${entry ? `licence ${entry.licence}` : 'not in the catalogue'})`);
      continue;
    }
    const provenance = PROVENANCE[name];
    if (!provenance) throw new Error(`${file}: no provenance recorded in build-snapshot.ts`);
    const parsed = parseSeriesCsv(readFileSync(file, 'utf8'), file);
    const from = DAILY_FX.has(entry.id) ? lowerBound(parsed.days, parseIsoDate(DAILY_FX_FROM)) : 0;
    inputs.push({
      held: { series: createSeries(entry.id, entry.units, parsed.days.subarray(from), parsed.values.subarray(from)), origin: 'snapshot', ...provenance },
      decimals: decimalsOf(parsed.valueTexts.slice(from)),
    });
  }
  inputs.sort((a, b) => a.held.series.id.localeCompare(b.held.series.id));
  // The build date is the newest retrieval, not the clock, so rebuilding unchanged data is a no-op.
  const builtAt =
    inputs
      .map((input) => input.held.retrievedAt)
      .sort()
      .at(-1) ?? '';
  return {
    text: JSON.stringify(encodeSnapshot(inputs, builtAt), null, 1) + '\n',
    seriesCount: inputs.length,
    observations: inputs.reduce((n, input) => n + input.held.series.days.length, 0),
    skipped,
  };
}

if (require.main === module) {
  const fromIndex = process.argv.indexOf('--from');
  const from = fromIndex > 0 ? process.argv[fromIndex + 1] : undefined;
  if (fromIndex > 0 && from === undefined) throw new Error('--from needs a folder: npm run snapshot -- --from DIR');
  const dataRoot = from === undefined ? resolve(repoRoot, '../shared/data') : resolve(from);
  const built = buildSnapshotText(dataRoot);
  writeFileSync(SNAPSHOT_PATH, built.text);
  console.log(`wrote src/data/snapshot/snapshot.json: ${built.seriesCount} series, ${built.observations} observations, ${built.text.length} bytes`);
  console.log(`left out: ${built.skipped.join(', ')}`);
}
