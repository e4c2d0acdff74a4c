/** The build: evaluates every sheet against the snapshot, embeds the series read, writes the package. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Workbook } from 'exceljs';
import { evaluateFormula } from '../../src/functions/callingConvention';
import { functionTableFor } from '../../src/cli/functionTable';
import { addYears } from '../../src/core/dates/epochDay';
import { epochDayFromExcelSerial } from '../../src/core/dates/excelSerial';
import { formatIsoDate } from '../../src/core/dates/isoDate';
import type { HeldSeries } from '../../src/data/heldSeries';
import { RecordingStore } from '../../src/data/recordingStore';
import { MemoryStore } from '../../src/data/store';
import { EMBEDDED_FORMAT, encodeEmbeddedParts, type EmbeddedSetting } from '../../src/workbook/embeddedPart';
import { SOURCES_SHEET } from '../../src/workbook/sourcesSheet';
import { storedName } from '../../src/workbook/storedFormula';
import { findDashboard } from '../../src/workbook/dashboards/catalog';
import { SAMPLE_DASHBOARD_ID, writeDashboardBlock } from './dashboardBlock';
import { DASHBOARD_SHEET, writeDashboard } from './dashboardSheet';
import { loadSampleSeries } from './data';
import type { PlacedFormula } from './formulas';
import { hashGuid, readManifestIdentity, type ManifestIdentity } from './identity';
import { finishPackage } from './packageParts';
import { SheetWriter } from './sheetWriter';
import { writeSources } from './sourcesSheet';

export interface SampleWorkbook {
  readonly path: string;
  readonly bytes: number;
  /** Bytes of each customXml/item{n}.xml, in order (before the zip compresses them). */
  readonly embeddedPartBytes: readonly number[];
  readonly partIds: readonly string[];
  readonly embeddedAt: string;
  /** Catalogue ids of the embedded series: every held series a Dashboard formula read. */
  readonly seriesIds: readonly string[];
  readonly formulas: readonly PlacedFormula[];
  /** The formulas of the sheet carrying a pane dashboard's data block (SAMPLE_DASHBOARD_ID). */
  readonly dashboardFormulas: readonly PlacedFormula[];
  readonly chartArea: string;
  readonly manifest: ManifestIdentity;
}

/** Builds the sample workbook at `outPath` and says what is in it. */
export async function buildSampleWorkbook(outPath: string): Promise<SampleWorkbook> {
  const items = loadSampleSeries();
  const store = new MemoryStore(items);
  const table = functionTableFor(store);

  // LIQ.SERIES covers the two years to the latest Wednesday the data has (read before recording).
  const fullSeries = await evaluateFormula({ name: 'LIQ.SERIES', args: [null, null, 'W'] }, table);
  if (fullSeries.kind !== 'spill') throw new Error(`LIQ.SERIES(,,"W") did not spill: ${JSON.stringify(fullSeries)}`);
  const lastSerial = fullSeries.rows.at(-1)?.[0];
  if (typeof lastSerial !== 'number') throw new Error('LIQ.SERIES(,,"W") has no dated rows');
  const liqSeriesStart = formatIsoDate(addYears(epochDayFromExcelSerial(lastSerial), -2));

  const recorder = new RecordingStore(store);
  // The data is embedded "as of" its newest retrieval, not the clock, so rebuilding is a no-op.
  const embeddedAt = new Date(Math.max(...items.map((item) => Date.parse(item.retrievedAt)).filter((ms) => Number.isFinite(ms)))).toISOString();

  const workbook = new Workbook();
  workbook.creator = 'Liquidity Lens (scripts/make-sample-workbook.ts)';
  workbook.lastModifiedBy = workbook.creator;
  workbook.created = new Date(embeddedAt);
  workbook.modified = new Date(embeddedAt);
  const dashboard = workbook.addWorksheet(DASHBOARD_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const sampleDashboard = findDashboard(SAMPLE_DASHBOARD_ID)!;
  const dashboardBlock = workbook.addWorksheet(sampleDashboard.title);
  const sources = workbook.addWorksheet(SOURCES_SHEET);

  const writer = new SheetWriter(dashboard, functionTableFor(recorder));
  const { chartArea } = await writeDashboard(writer, embeddedAt, liqSeriesStart);
  const blockWriter = new SheetWriter(dashboardBlock, functionTableFor(recorder));
  await writeDashboardBlock(blockWriter, sampleDashboard, embeddedAt.slice(0, 10));

  const used = new Set(writer.placed.map((p) => p.fn));
  const missing = [...new Set([...table.values()].map((spec) => spec.name.toUpperCase()))].filter((name) => !used.has(name));
  if (missing.length) throw new Error(`the Dashboard does not use ${missing.join(', ')}: add a block for each`);

  const heldIds = new Set(items.map((item) => item.series.id));
  const seriesIds = [...recorder.ids].filter((id) => heldIds.has(id)).sort();
  const embedded = seriesIds.map((id) => items.find((item) => item.series.id === id) as HeldSeries);
  const partXmls = encodeEmbeddedParts(embedded, embeddedAt);
  const partIds = partXmls.map((xml) => hashGuid('customXml', xml));
  const setting: EmbeddedSetting = { partIds, format: EMBEDDED_FORMAT, embeddedAt };
  writeSources(sources, embedded, embeddedAt, partIds);

  const manifest = readManifestIdentity();
  const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
  const functionIds = [...new Set([...writer.placed, ...blockWriter.placed].map((p) => storedName(p.fn)))].sort();
  const bytes = await finishPackage(xlsx, { partXmls, partIds, manifest, setting, functionIds, zipDate: new Date(embeddedAt) });
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, bytes);
  return {
    path: outPath,
    bytes: bytes.length,
    embeddedPartBytes: partXmls.map((xml) => Buffer.byteLength(xml)),
    partIds,
    embeddedAt,
    seriesIds,
    formulas: writer.placed,
    dashboardFormulas: blockWriter.placed,
    chartArea,
    manifest,
  };
}
