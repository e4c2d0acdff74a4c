/**
 * The sample workbook (scripts/make-sample-workbook.ts, its modules in scripts/sample-workbook/):
 * built into a temporary folder, then read back with real xlsx readers (ExcelJS for the cells,
 * jszip + xmldom for the package parts) and checked against the functions, the data, a workbook
 * saved by Excel itself (../shared/fixtures/excel_xldudf, Excel for Mac 16) and the committed
 * examples/liquidity-lens-dashboard.xlsx.
 */
import { DOMParser, type Document as XmlDocument, type Element as XmlElement } from '@xmldom/xmldom';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Workbook, ValueType, type Cell, type Worksheet } from 'exceljs';
import JSZip from 'jszip';
import { getSeries } from '../../src/catalog/lookup';
import { evaluateFormula, type CellValue } from '../../src/functions/callingConvention';
import { isFormulaSyntaxError, parseFormula } from '../../src/functions/formulaSyntax';
import { functionTableFor } from '../../src/cli/functionTable';
import { runCli } from '../../src/cli/main';
import { formatIsoDate } from '../../src/core/dates/isoDate';
import { definedAt } from '../../src/core/definedAt';
import { firstDay, lastDay } from '../../src/core/series/series';
import { UNIT_LABELS } from '../../src/core/units';
import type { HeldSeries } from '../../src/data/heldSeries';
import { embeddedSnapshotSeries } from '../../src/data/snapshot/embeddedSnapshot';
import { MemoryStore, type ObservableStore } from '../../src/data/store';
import { EMBEDDED_FORMAT, EMBEDDED_SETTING, MAX_PART_BYTES, decodeEmbeddedParts, type DecodedPart } from '../../src/workbook/embeddedPart';
import { mayRedistribute } from '../../src/workbook/licences';
import { storedName, toStoredForm } from '../../src/workbook/storedFormula';
import { findDashboard } from '../../src/workbook/dashboards/catalog';
import { columnAddress, planBlocks } from '../../src/workbook/dashboards/layout';
import { SOURCES_SHEET } from '../../src/workbook/sourcesSheet';
import { buildSampleWorkbook, type SampleWorkbook } from '../../scripts/sample-workbook/build';
import { SAMPLE_DASHBOARD_ID } from '../../scripts/sample-workbook/dashboardBlock';
import { DASHBOARD_SHEET } from '../../scripts/sample-workbook/dashboardSheet';
import { loadSampleSeries } from '../../scripts/sample-workbook/data';
import { AUTO_SHOW_TASKPANE, CUSTOM_FUNCTION_IDS_EXT, PARTS, REL } from '../../scripts/sample-workbook/packageParts';
import { SAMPLE_PATH } from '../../scripts/sample-workbook/paths';

jest.setTimeout(180_000);

const ROOT = join(__dirname, '..', '..');
const NS = {
  webextension: 'http://schemas.microsoft.com/office/webextensions/webextension/2010/11',
  taskpanes: 'http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11',
  relationships: 'http://schemas.openxmlformats.org/package/2006/relationships',
  officeRelationships: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  contentTypes: 'http://schemas.openxmlformats.org/package/2006/content-types',
  customXml: 'http://schemas.openxmlformats.org/officeDocument/2006/customXml',
  officeApp: 'http://schemas.microsoft.com/office/appforoffice/1.1',
  drawingml: 'http://schemas.openxmlformats.org/drawingml/2006/main',
};
const FIXTURE = join(ROOT, '..', 'shared', 'fixtures', 'excel_xldudf', 'Custom_Functions_Protected_Sheet_Repro.xlsx');
const GUID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/;

let dir: string;
let built: SampleWorkbook;
let fileBytes: Buffer;
let zip: JSZip;
let dashboard: Worksheet;
let sources: Worksheet;
let dashboardBlock: Worksheet;
let excelSaved: JSZip;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liquidity-lens-sample-'));
  const outPath = join(dir, 'dashboard.xlsx');
  built = await buildSampleWorkbook(outPath);
  fileBytes = readFileSync(outPath);
  zip = await JSZip.loadAsync(fileBytes);
  excelSaved = await JSZip.loadAsync(readFileSync(FIXTURE));
  const workbook = new Workbook();
  await workbook.xlsx.readFile(outPath);
  dashboard = workbook.getWorksheet(DASHBOARD_SHEET) as Worksheet;
  sources = workbook.getWorksheet(SOURCES_SHEET) as Worksheet;
  dashboardBlock = workbook.getWorksheet(findDashboard(SAMPLE_DASHBOARD_ID)!.title) as Worksheet;
  if (!dashboard || !sources || !dashboardBlock) throw new Error('the workbook lacks its Dashboard, Sources or AI credit losses sheet');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------------------------------------
// helpers
// ------------------------------------------------------------------------------------------------

async function part(name: string, from: JSZip = zip): Promise<string> {
  const file = from.file(name);
  if (!file) throw new Error(`no part ${name}`);
  return file.async('string');
}

const xmlParser = new DOMParser({ onError: () => undefined });

/** Every customXml/item{n}.xml, in part order. */
async function dataParts(): Promise<string[]> {
  const names = Object.keys(zip.files).filter((name) => /^customXml\/item\d+\.xml$/.test(name));
  names.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  return Promise.all(names.map((name) => part(name)));
}

async function decodedData(): Promise<Extract<DecodedPart, { ok: true }>> {
  const decoded = decodeEmbeddedParts(await dataParts(), xmlParser);
  if (!decoded.ok) throw new Error(decoded.reason);
  return decoded;
}

/** The `<c>` elements of a sheet part that hold a formula: attributes, the `<f>` element's attributes and text. */
function storedFormulaCells(sheetXml: string, partName: string): { ref: string; cm: string | null; t: string | null; fType: string | null; fRef: string | null; text: string }[] {
  const doc = parseXml(sheetXml, partName);
  const main = doc.documentElement!.namespaceURI!;
  return elements(doc, main, 'c')
    .map((c) => ({ c, f: (Array.from(c.childNodes) as unknown as XmlElement[]).find((n) => n.nodeType === 1 && n.localName === 'f') }))
    .filter(({ f }) => f !== undefined)
    .map(({ c, f }) => ({ ref: c.getAttribute('r') ?? '', cm: c.getAttribute('cm'), t: c.getAttribute('t'), fType: f!.getAttribute('t'), fRef: f!.getAttribute('ref'), text: f!.textContent ?? '' }));
}

function parseXml(text: string, name: string): XmlDocument {
  const problems: string[] = [];
  const parser = new DOMParser({ onError: (level, message) => void (level !== 'warning' && problems.push(`${level}: ${message}`)) });
  const doc = parser.parseFromString(text, 'text/xml');
  if (problems.length || !doc.documentElement) throw new Error(`${name} is not well-formed XML: ${problems.join('; ')}`);
  return doc;
}

function elements(doc: XmlDocument, ns: string, localName: string): XmlElement[] {
  return Array.from(doc.getElementsByTagNameNS(ns, localName)) as unknown as XmlElement[];
}

/** The first `localName` element of `doc`; throws when there is none. */
function firstElement(doc: XmlDocument, ns: string, localName: string): XmlElement {
  const [first] = elements(doc, ns, localName);
  if (!first) throw new Error(`no ${localName} element (namespace ${ns})`);
  return first;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

async function relationshipsOf(relsPart: string): Promise<Relationship[]> {
  const doc = parseXml(await part(relsPart), relsPart);
  return elements(doc, NS.relationships, 'Relationship').map((el) => ({
    id: el.getAttribute('Id') ?? '',
    type: el.getAttribute('Type') ?? '',
    target: el.getAttribute('Target') ?? '',
    external: el.getAttribute('TargetMode') === 'External',
  }));
}

/** The part a relationship in `relsPart` points to (OPC: relative to the source part's folder). */
function resolveTarget(relsPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const sourceDir = posix.dirname(posix.dirname(relsPart)); // "xl/_rels/workbook.xml.rels" → "xl"
  return posix.normalize(posix.join(sourceDir === '.' ? '' : sourceDir, target));
}

/** A cached cell value as stored in the file: ExcelJS turns date-formatted numbers into Dates. */
function stored(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 86_400_000 + 25_569;
  return value;
}

function expectedValue(value: CellValue): unknown {
  return typeof value === 'string' && /^#[A-Z0-9/]+[!?]?$/.test(value) && value !== '#' ? { error: value } : value;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return `"${value.replace(/"/g, '""')}"`;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** The formula with each range reference replaced by an array constant of the cells' values. */
function withRangeValues(formula: string, sheet: Worksheet): string {
  return formula.replace(/\b([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)\b/g, (_, c1: string, r1: string, c2: string, r2: string) => {
    const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const rows: string[] = [];
    for (let r = Number(r1); r <= Number(r2); r++) {
      const cols: string[] = [];
      for (let c = colNumber(c1); c <= colNumber(c2); c++) cols.push(literal(stored(sheet.getCell(r, c).value)));
      rows.push(cols.join(','));
    }
    return `{${rows.join(';')}}`;
  });
}

/** Row and column numbers of a cell (ExcelJS's typings declare them as strings; they are numbers). */
function at(cell: Cell): { row: number; col: number } {
  return { row: Number(cell.row), col: Number(cell.col) };
}

function formulaCells(sheet: Worksheet): Cell[] {
  const out: Cell[] = [];
  sheet.eachRow((row) => row.eachCell((cell) => void (cell.type === ValueType.Formula && out.push(cell))));
  return out;
}

function sameSeries(a: HeldSeries, b: HeldSeries): void {
  expect(a.series.units).toBe(b.series.units);
  expect(Array.from(a.series.days)).toEqual(Array.from(b.series.days));
  expect(Array.from(a.series.values)).toEqual(Array.from(b.series.values));
}

// ------------------------------------------------------------------------------------------------
// the Dashboard
// ------------------------------------------------------------------------------------------------

describe('the sample workbook: Dashboard', () => {
  it('uses every custom function in a formula, stored as Excel stores it: _xldudf_ name, no "="', async () => {
    const names = [...new Set([...functionTableFor(new MemoryStore([])).values()].map((spec) => spec.name))];
    expect(names.length).toBeGreaterThanOrEqual(13);
    const formulas = formulaCells(dashboard).map((cell) => cell.formula);
    for (const name of names) {
      const call = new RegExp(`(^|[^A-Za-z0-9_.])${storedName(name)}\\(`);
      expect({ name, used: formulas.some((f) => call.test(f)) }).toEqual({ name, used: true });
    }
    const stored = storedFormulaCells(await part('xl/worksheets/sheet1.xml'), 'sheet1.xml');
    expect(stored.length).toBe(built.formulas.length);
    for (const cell of stored) {
      expect(cell.text.startsWith('=')).toBe(false);
      // No plain dotted name of ours survives: Excel would leave it #NAME? (office-js #6611).
      expect({ at: cell.ref, plain: /(^|[^A-Za-z0-9_.])(LIQ|CREDIT|RATIO)\./i.test(cell.text.replace(/"(?:[^"]|"")*"/g, '""')) }).toEqual({ at: cell.ref, plain: false });
    }
    for (const placed of built.formulas) expect(placed.stored).toBe(toStoredForm(placed.formula, names));
  });

  it('stores every formula as a dynamic array over its spill range, like the Excel-saved fixture', async () => {
    // The fixture's resolved cell: <c r="A1" cm="1"><f t="array" ref="A1">_xldudf_CONTOSO_ADD(1,2)</f><v>3</v></c>
    const theirs = storedFormulaCells(await part('xl/worksheets/sheet3.xml', excelSaved), 'fixture sheet3.xml');
    expect(theirs.map(({ cm, fType, fRef, ref }) => ({ cm, fType, sameRef: fRef === ref }))).toEqual([
      { cm: '1', fType: 'array', sameRef: true },
      { cm: '1', fType: 'array', sameRef: true },
    ]);
    const ours = new Map(storedFormulaCells(await part('xl/worksheets/sheet1.xml'), 'sheet1.xml').map((cell) => [cell.ref, cell]));
    for (const placed of built.formulas) {
      const cell = ours.get(placed.address);
      expect({ at: placed.address, cm: cell?.cm, fType: cell?.fType, fRef: cell?.fRef, text: cell?.text }).toEqual({
        at: placed.address,
        cm: '1',
        fType: 'array',
        fRef: placed.range,
        text: placed.stored,
      });
    }
    // cm="1" means the first cell-metadata block, which must be XLDAPR with fDynamic="1", as in the fixture.
    const metadata = (xml: string, name: string) => {
      const doc = parseXml(xml, name);
      const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
      const type = elements(doc, main, 'metadataType')[0];
      const dynamic = elements(doc, 'http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray', 'dynamicArrayProperties')[0];
      const rc = elements(doc, main, 'rc')[0];
      return { type: type?.getAttribute('name'), fDynamic: dynamic?.getAttribute('fDynamic'), rc: [rc?.getAttribute('t'), rc?.getAttribute('v')] };
    };
    expect(metadata(await part(PARTS.metadata), PARTS.metadata)).toEqual(metadata(await part('xl/metadata.xml', excelSaved), 'fixture metadata.xml'));
    expect(metadata(await part(PARTS.metadata), PARTS.metadata)).toEqual({ type: 'XLDAPR', fDynamic: '1', rc: ['1', '0'] });
    const rels = await relationshipsOf('xl/_rels/workbook.xml.rels');
    expect(rels.filter((rel) => rel.type === REL.sheetMetadata).map((rel) => resolveTarget('xl/_rels/workbook.xml.rels', rel.target))).toEqual([PARTS.metadata]);
  });

  it('holds each formula and its evaluated value, spills as top-left formula plus plain values', () => {
    expect(formulaCells(dashboard).map((cell) => cell.address).sort()).toEqual(built.formulas.map((p) => p.address).sort());
    for (const placed of built.formulas) {
      const top = dashboard.getCell(placed.address);
      const origin = at(top);
      expect({ at: placed.address, formula: top.formula }).toEqual({ at: placed.address, formula: placed.stored });
      expect({ at: placed.address, result: stored(top.result) }).toEqual({ at: placed.address, result: expectedValue(definedAt(definedAt(placed.rows, 0), 0)) });
      placed.rows.forEach((row, r) =>
        row.forEach((value, c) => {
          if (r === 0 && c === 0) return;
          const cell = dashboard.getCell(origin.row + r, origin.col + c);
          expect({ at: cell.address, type: cell.type === ValueType.Formula ? 'formula' : 'value', value: stored(cell.value) }).toEqual({
            at: cell.address,
            type: 'value',
            value: expectedValue(value),
          });
        }),
      );
    }
  });

  it('evaluated each formula on the values of the cells it refers to', () => {
    for (const placed of built.formulas) {
      expect({ formula: placed.formula, evaluated: withRangeValues(placed.formula, dashboard) }).toEqual({ formula: placed.formula, evaluated: placed.evaluated });
    }
    const withRanges = built.formulas.filter((p) => p.formula !== p.evaluated).map((p) => p.fn);
    expect(withRanges).toEqual(['CREDIT.LOSS', 'CREDIT.LOSS', 'CREDIT.LOSS', 'CREDIT.LOSS']);
  });

  it('caches the published and golden figures (DESIGN §3.1, §3.3, §3.5)', () => {
    const result = (formula: string) => {
      const placed = built.formulas.find((p) => p.formula === formula);
      if (!placed) throw new Error(`no cell holds ${formula}`);
      return dashboard.getCell(placed.address).result;
    };
    expect(result('LIQ.INDEX("2025-12-24")')).toBe(5774.891);
    expect(result('CREDIT.LOSS(0.2,"consumer")')).toBeCloseTo(329.6, 6);
    expect(Math.abs((result('CREDIT.LOSS(0.2,"mortgage")') as number) - 227.0)).toBeLessThanOrEqual(1);
    expect(Math.abs((result('CREDIT.LOSS(0.2)') as number) - 0.13)).toBeLessThanOrEqual(0.002);
    expect(result('LIQ.STRESS("2025-12-31","UPPER")')).toBe(12);
    // README: =RATIO.GOLD("SPX","2000-08-31") → 5.41 on the shipped (monthly) snapshot.
    expect(result('RATIO.GOLD("SPX","2000-08-31")')).toBeCloseTo(5.41, 2);
    expect(result('LIQ.SRF()')).toEqual({ error: '#N/A' });
    // Market prices are not carried: their cells are #N/A, and say why beside them.
    expect(result('RATIO.GOLD("BTC")')).toEqual({ error: '#N/A' });
    expect(result('RATIO.PAIR("XLP","XLY")')).toEqual({ error: '#N/A' });
  });

  it('agrees with the CLI (`liquidity-lens calc`, the shipped snapshot) on literal formulas', async () => {
    for (const formula of ['LIQ.INDEX("2025-12-24")', 'CREDIT.LOSS(0.2,"consumer")', 'RATIO.PAIR("SPX","M2")', 'LIQ.CORR("SPX.M","GOLD.M",36)']) {
      const placed = built.formulas.find((p) => p.formula === formula);
      const cli = await runCli(['calc', `=${formula}`], {});
      expect({ formula, stdout: cli.stdout, exitCode: cli.exitCode }).toEqual({ formula, stdout: `${String(placed?.rows[0]?.[0])}\n`, exitCode: 0 });
    }
  });

  it('spills LIQ.SERIES weekly over about two years with its date column formatted as dates', () => {
    const placed = built.formulas.find((p) => p.fn === 'LIQ.SERIES');
    if (!placed) throw new Error('no LIQ.SERIES');
    expect(placed.rows[0]).toEqual(['date', 'net_liquidity_bn', 'fed_assets_bn', 'tga_bn', 'rrp_bn']);
    const dates = placed.rows.slice(1).map((row) => row[0] as number);
    expect(dates.length).toBeGreaterThanOrEqual(100);
    expect(dates.length).toBeLessThanOrEqual(106);
    dates.slice(1).forEach((d, i) => expect(d - definedAt(dates, i)).toBe(7));
    const top = at(dashboard.getCell(placed.address));
    for (let r = 1; r <= dates.length; r++) {
      const cell = dashboard.getCell(top.row + r, top.col);
      expect(cell.numFmt).toBe('yyyy-mm-dd');
      expect(cell.type).toBe(ValueType.Date);
    }
  });

  it('labels the chart area and says ExcelJS cannot write the chart, without faking one', () => {
    const [first = ''] = built.chartArea.split(':');
    const title = dashboard.getCell(first);
    expect(String(title.value)).toMatch(/Chart area/);
    const below = dashboard.getCell(at(title).row + 1, at(title).col);
    expect(String(below.value)).toMatch(/cannot create charts/);
    expect(Object.keys(zip.files).filter((name) => /chart|drawing/i.test(name))).toEqual([]);
  });

  it('explains each block and its units in column A', () => {
    const labels: string[] = [];
    dashboard.getColumn(1).eachCell((cell) => void labels.push(String(cell.value)));
    for (const unit of ['USD billions', 'basis points', 'fraction', 'troy ounces of gold', 'no units', 'percent']) {
      expect({ unit, labelled: labels.some((label) => label.includes(unit)) }).toEqual({ unit, labelled: true });
    }
    // every scalar formula in column B has its label beside it
    for (const placed of built.formulas.filter((p) => p.address.startsWith('B'))) {
      const { row } = at(dashboard.getCell(placed.address));
      const label = dashboard.getCell(row, 1).value ?? dashboard.getCell(row - 1, 1).value;
      expect({ at: placed.address, labelled: typeof label === 'string' && label.length > 10 }).toEqual({ at: placed.address, labelled: true });
    }
  });
});

// ------------------------------------------------------------------------------------------------
// the data: embedded part and Sources sheet
// ------------------------------------------------------------------------------------------------

describe('the sample workbook: a dashboard of the pane', () => {
  it('carries the AI credit losses data block where the pane\'s Insert puts it, with the formulas Insert writes', () => {
    const credit = findDashboard(SAMPLE_DASHBOARD_ID)!;
    const placements = planBlocks(credit, { today: built.embeddedAt.slice(0, 10) });
    // layout.ts counts from 0, ExcelJS from 1.
    const cell = (row: number, col: number) => dashboardBlock.getCell(row + 1, col + 1);
    const inputsRange = new Map<string, string>();
    for (const p of placements) {
      const block = p.block;
      if (block.kind === 'inputs') {
        expect(cell(p.titleRow, p.col).value).toBe(block.title);
        expect(cell(p.row - 1, p.col).value).toBe(block.header);
        expect(block.values.map((_, i) => cell(p.row + i, p.col).value)).toEqual([...block.values]);
        inputsRange.set(block.id, columnAddress(p.col, p.row, p.row + block.values.length - 1));
      } else if (block.kind === 'over') {
        expect(cell(p.row - 1, p.col).value).toBe(block.header);
        const typed = block.formula(inputsRange.get(block.of)!).slice(1);
        expect(cell(p.row, p.col).formula).toBe(toStoredForm(typed, ['CREDIT.LOSS']));
      } else if (block.kind === 'spill') {
        expect(cell(p.titleRow, p.col).value).toBe(block.title);
        expect(cell(p.row, p.col).formula).toBe(toStoredForm(block.formula.slice(1), ['CREDIT.LOSS']));
      }
    }
    expect(built.dashboardFormulas.map((f) => f.fn)).toEqual(['CREDIT.LOSS', 'CREDIT.LOSS', 'CREDIT.LOSS', 'CREDIT.LOSS']);
    // The cached capital hit at pct 0.2 is the published ≈ 13% (DESIGN §3.3), on the row of the 0.2 input.
    const hit = placements.find((p) => p.block.id === 'hit')!;
    const pct = placements.find((p) => p.block.id === 'pct')!.block;
    const at02 = pct.kind === 'inputs' ? pct.values.indexOf(0.2) : -1;
    expect(at02).toBeGreaterThan(0);
    expect(Math.abs((cell(hit.row + at02, hit.col).value as number) - 0.13)).toBeLessThanOrEqual(0.002);
    expect(String(dashboardBlock.getCell(2, 1).value)).toMatch(/insert the dashboard from the pane for its native charts/);
  });
});

describe('the sample workbook: embedded data and sources', () => {
  it('embeds exactly the series the Dashboard formulas read, all of them redistributable', async () => {
    const held = new MemoryStore(loadSampleSeries());
    const read = new Set<string>();
    const recorder: ObservableStore = {
      peek: (id) => (read.add(id), held.peek(id)),
      load: (id) => (read.add(id), held.load(id)),
      heldIds: () => held.heldIds(),
      subscribe: (id, listener) => held.subscribe(id, listener),
    };
    const table = functionTableFor(recorder);
    for (const placed of built.formulas) {
      const parsed = parseFormula(placed.evaluated);
      if (isFormulaSyntaxError(parsed)) throw parsed;
      await evaluateFormula(parsed, table);
    }
    const expected = [...read].filter((id) => held.peek(id)).sort();

    const decoded = await decodedData();
    expect(decoded.rejected).toEqual([]);
    expect(decoded.embeddedAt).toBe(built.embeddedAt);
    expect(decoded.items.map((item) => item.series.id).sort()).toEqual(expected);
    expect(expected).toEqual(built.seriesIds);
    expect(expected).toEqual(expect.arrayContaining(['WALCL', 'TGA', 'RRP', 'SOFR', 'IORB', 'FF.UPPER', 'M2.US', 'GOLD.M', 'SPX.M']));
    // Formulas read market prices too (BTC, XLP, XLY): not held, so not embedded.
    expect([...read]).toEqual(expect.arrayContaining(['BTC', 'XLP', 'XLY']));
    for (const id of expected) expect([id, mayRedistribute(id)]).toEqual([id, true]);
  });

  it('embeds values equal to the shipped snapshot, with its provenance', async () => {
    const decoded = await decodedData();
    const snapshot = new Map(embeddedSnapshotSeries().map((item) => [item.series.id, item]));
    for (const item of decoded.items) {
      const shipped = snapshot.get(item.series.id);
      if (!shipped) throw new Error(`${item.series.id} is not in the shipped snapshot`);
      sameSeries(item, shipped);
      expect([item.source, item.retrievedAt]).toEqual([shipped.source, shipped.retrievedAt]);
      expect(item.series.units).toBe(getSeries(item.series.id).units);
    }
  });

  it('keeps every data part under the 1 MB Office on the web accepts (office-js #2408)', async () => {
    const parts = await dataParts();
    expect(parts.length).toBe(built.partIds.length);
    expect(parts.map((xml) => Buffer.byteLength(xml))).toEqual(built.embeddedPartBytes);
    for (const bytes of built.embeddedPartBytes) expect(bytes).toBeLessThanOrEqual(MAX_PART_BYTES);
  });

  it('relates each part from the workbook with a hash-derived datastore id', async () => {
    const workbookRels = await relationshipsOf('xl/_rels/workbook.xml.rels');
    const custom = workbookRels.filter((rel) => rel.type === REL.customXml).map((rel) => resolveTarget('xl/_rels/workbook.xml.rels', rel.target));
    expect(custom).toEqual(built.partIds.map((_, i) => PARTS.customXmlItem(i + 1)));
    for (const [i, partId] of built.partIds.entries()) {
      const n = i + 1;
      const props = parseXml(await part(PARTS.customXmlProps(n)), PARTS.customXmlProps(n));
      const item = firstElement(props, NS.customXml, 'datastoreItem');
      expect(item.getAttributeNS(NS.customXml, 'itemID')).toBe(partId);
      expect(partId).toMatch(GUID);
      expect(await relationshipsOf(PARTS.customXmlItemRels(n))).toEqual([{ id: 'rId1', type: REL.customXmlProps, target: `itemProps${n}.xml`, external: false }]);
    }
  });

  it('lists every embedded series on the Sources sheet with its provenance, licence and redistribution', () => {
    const headerRow = [...Array(20).keys()].map((i) => i + 1).find((r) => sources.getCell(r, 1).value === 'Series');
    if (!headerRow) throw new Error('no Sources header');
    const header = (sources.getRow(headerRow).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['Series', 'Name', 'Source', 'URL', 'Units', 'First observation', 'Last observation', 'Retrieved at', 'Licence', 'Redistribution']));
    const col = (name: string) => header.indexOf(name) + 1;
    const items = new Map(loadSampleSeries().map((item) => [item.series.id, item]));
    const ids: string[] = [];
    for (let r = headerRow + 1; sources.getCell(r, 1).value; r++) {
      const id = String(sources.getCell(r, 1).value);
      ids.push(id);
      const entry = getSeries(id);
      const item = items.get(id) as HeldSeries;
      expect({
        id,
        name: sources.getCell(r, col('Name')).value,
        url: sources.getCell(r, col('URL')).value,
        units: sources.getCell(r, col('Units')).value,
        first: sources.getCell(r, col('First observation')).value,
        last: sources.getCell(r, col('Last observation')).value,
        retrievedAt: sources.getCell(r, col('Retrieved at')).value,
        licence: sources.getCell(r, col('Licence')).value,
        redistribution: sources.getCell(r, col('Redistribution')).value,
      }).toEqual({
        id,
        name: entry.name,
        url: entry.url,
        units: UNIT_LABELS[entry.units],
        first: formatIsoDate(firstDay(item.series)),
        last: formatIsoDate(lastDay(item.series)),
        retrievedAt: item.retrievedAt,
        licence: entry.licenceNote,
        redistribution: expect.stringMatching(/^Public/),
      });
    }
    expect(ids).toEqual(built.seriesIds);
    expect(ids.filter((id) => getSeries(id).licence === 'machine-cache')).toEqual([]);
  });
});

describe('the sample workbook: package', () => {
  it('names the add-in of manifest.xml as a sideloaded add-in (storeType Registry), opens its pane and points its setting at the data parts', async () => {
    const manifest = parseXml(readFileSync(join(ROOT, 'manifest.xml'), 'utf8'), 'manifest.xml');
    const child = (name: string) =>
      (Array.from(manifest.documentElement!.childNodes) as unknown as XmlElement[]).find((n) => n.nodeType === 1 && n.localName === name)?.textContent?.trim();
    const manifestId = child('Id');
    expect(manifestId).toBe('628d181a-70eb-44b3-9cc5-84638e6210f1');

    const web = parseXml(await part(PARTS.webextension), PARTS.webextension);
    const root = web.documentElement as unknown as XmlElement;
    expect([root.namespaceURI, root.localName]).toEqual([NS.webextension, 'webextension']);
    expect(root.getAttribute('id')).toMatch(GUID);
    const reference = firstElement(web, NS.webextension, 'reference');
    expect({
      id: reference.getAttribute('id'),
      version: reference.getAttribute('version'),
      store: reference.getAttribute('store'),
      storeType: reference.getAttribute('storeType'),
    }).toEqual({ id: manifestId, version: child('Version'), store: 'developer', storeType: 'Registry' });
    // The same reference form Excel for Mac wrote for its sideloaded add-in in the fixture.
    const theirs = firstElement(parseXml(await part(PARTS.webextension, excelSaved), 'fixture webextension1.xml'), NS.webextension, 'reference');
    expect([theirs.getAttribute('store'), theirs.getAttribute('storeType')]).toEqual(['developer', 'Registry']);
    const properties = Object.fromEntries(
      elements(web, NS.webextension, 'property').map((el) => [el.getAttribute('name'), JSON.parse(el.getAttribute('value') ?? 'null')]),
    );
    expect(properties).toEqual({
      [AUTO_SHOW_TASKPANE]: true,
      [EMBEDDED_SETTING]: { partIds: built.partIds, format: EMBEDDED_FORMAT, embeddedAt: built.embeddedAt },
    });

    // The custom functions the workbook uses, in Excel's own extension (as in the fixture).
    const functionIds = (doc: XmlDocument) => {
      const ext = (Array.from(doc.getElementsByTagNameNS(NS.drawingml, 'ext')) as unknown as XmlElement[]).map((el) => el.getAttribute('uri'));
      return { ext, ids: elements(doc, NS.webextension, 'customFunctionIds').map((el) => el.textContent) };
    };
    expect(functionIds(parseXml(await part(PARTS.webextension, excelSaved), 'fixture'))).toEqual({ ext: [CUSTOM_FUNCTION_IDS_EXT], ids: ['_xldudf_CONTOSO_ADD', '_xldudf_CONTOSO_GET'] });
    expect(functionIds(web)).toEqual({ ext: [CUSTOM_FUNCTION_IDS_EXT], ids: [...new Set(built.formulas.map((p) => storedName(p.fn)))].sort() });

    const panes = parseXml(await part(PARTS.taskpanes), PARTS.taskpanes);
    expect((panes.documentElement as unknown as XmlElement).localName).toBe('taskpanes');
    const pane = elements(panes, NS.taskpanes, 'taskpane');
    expect(pane).toHaveLength(1);
    expect(['dockstate', 'visibility', 'width', 'row'].map((a) => pane[0]?.getAttribute(a))).toEqual(['right', '1', '350', '4']);
    const ref = firstElement(panes, NS.taskpanes, 'webextensionref');
    const relId = ref.getAttributeNS(NS.officeRelationships, 'id');
    const paneRels = await relationshipsOf(PARTS.taskpanesRels);
    const toExtension = paneRels.find((rel) => rel.id === relId);
    expect(toExtension?.type).toBe(REL.webextension);
    expect(resolveTarget(PARTS.taskpanesRels, toExtension?.target ?? '')).toBe(PARTS.webextension);

    const rootRels = await relationshipsOf('_rels/.rels');
    const toPanes = rootRels.filter((rel) => rel.type === REL.webextensionTaskpanes);
    expect(toPanes.map((rel) => resolveTarget('_rels/.rels', rel.target))).toEqual([PARTS.taskpanes]);
  });

  it('gives every part a content type and every relationship an existing target; all XML parses', async () => {
    const names = Object.entries(zip.files).flatMap(([name, file]) => (file.dir ? [] : [name]));
    const types = parseXml(await part('[Content_Types].xml'), '[Content_Types].xml');
    const defaults = new Map(elements(types, NS.contentTypes, 'Default').map((el) => [String(el.getAttribute('Extension')).toLowerCase(), el.getAttribute('ContentType')]));
    const overrides = new Map(elements(types, NS.contentTypes, 'Override').map((el) => [String(el.getAttribute('PartName')), el.getAttribute('ContentType')]));
    for (const name of names.filter((n) => n !== '[Content_Types].xml')) {
      const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase(); // "_rels/.rels" → "rels"
      const type = overrides.get(`/${name}`) ?? defaults.get(extension);
      expect({ name, hasType: Boolean(type) }).toEqual({ name, hasType: true });
    }
    for (const partName of overrides.keys()) expect({ partName, exists: names.includes(partName.slice(1)) }).toEqual({ partName, exists: true });
    expect(overrides.get(`/${PARTS.webextension}`)).toBe('application/vnd.ms-office.webextension+xml');
    expect(overrides.get(`/${PARTS.taskpanes}`)).toBe('application/vnd.ms-office.webextensiontaskpanes+xml');
    for (const [i] of built.partIds.entries()) expect(overrides.get(`/${PARTS.customXmlProps(i + 1)}`)).toBe('application/vnd.openxmlformats-officedocument.customXmlProperties+xml');
    expect(overrides.get(`/${PARTS.metadata}`)).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml');

    for (const relsPart of names.filter((n) => n.endsWith('.rels'))) {
      const rels = await relationshipsOf(relsPart);
      expect(new Set(rels.map((rel) => rel.id)).size).toBe(rels.length);
      for (const rel of rels.filter((r) => !r.external)) {
        const target = resolveTarget(relsPart, rel.target);
        expect({ relsPart, target, exists: names.includes(target) }).toEqual({ relsPart, target, exists: true });
      }
    }
    for (const name of names.filter((n) => /\.(xml|rels)$/.test(n))) parseXml(await part(name), name);
  });

  it('writes no API key anywhere', async () => {
    const secrets = ['api_key=', process.env.FRED_API_KEY].filter((s): s is string => typeof s === 'string' && s.length > 0);
    for (const [name, file] of Object.entries(zip.files).filter(([, f]) => !f.dir)) {
      const text = (await file.async('nodebuffer')).toString('latin1').toLowerCase();
      for (const secret of secrets) expect({ name, leaks: text.includes(secret.toLowerCase()) }).toEqual({ name, leaks: false });
    }
  });

  it('is what the committed examples/liquidity-lens-dashboard.xlsx holds, byte for byte (run `npm run sample` if not)', async () => {
    const committed = readFileSync(SAMPLE_PATH);
    const theirs = await JSZip.loadAsync(committed);
    const differing: string[] = [];
    const allNames = new Set([...Object.keys(zip.files), ...Object.keys(theirs.files)]);
    for (const name of allNames) {
      const a = zip.file(name);
      const b = theirs.file(name);
      if (!a || !b || !(await a.async('nodebuffer')).equals(await b.async('nodebuffer'))) differing.push(name);
    }
    expect(differing).toEqual([]);
    expect(committed.equals(fileBytes)).toBe(true);
  });
});
