/**
 * Everything the host holds for one page: the options, the workbook (sheets, selection, document
 * settings, custom XML parts), the add-in's view of the settings, the associated functions and
 * their metadata, and the log of Office calls.
 */
import { Calculator, errorInfo, type FunctionMetadata } from './calc';
import { createCustomFunctions, type CustomFunctionsRegistry } from './customFunctions';
import { reserialiseXml } from './customXml';
import { blankCell, type ExcelProfile } from '../../src/functions/callingConvention';
import { toStoredForm, toTypedForm } from '../../src/workbook/storedFormula';
import type { CellValue, RecordedCall, SheetSnapshot, TestCell, TestHostOptions, WorkbookSnapshot } from './protocol';
import {
  a1,
  cellKey,
  isErrorCode,
  keyCol,
  keyRow,
  newGuid,
  parseAddress,
  parseTypedInput,
  qualified,
  sheetNameProblem,
  type Cell,
  type CustomXmlPartRecord,
  type Rect,
  type Sheet,
} from './workbook';

/** A reference a chart holds to cells: charts read the cells when drawn, so a recalculation redraws them. */
export interface ChartRef {
  readonly sheet: Sheet;
  readonly rect: Rect;
}

export interface ChartSeriesModel {
  name: string;
  values?: ChartRef;
  xValues?: ChartRef;
  axisGroup: 'Primary' | 'Secondary';
  deleted?: boolean;
}

export interface ChartAxisModel {
  readonly type: 'Category' | 'Value';
  readonly group: 'Primary' | 'Secondary';
  title: { text: string; visible: boolean };
  categoryType: 'Automatic' | 'TextAxis' | 'DateAxis';
  scaleType: 'Linear' | 'Logarithmic';
  logBase: number;
  numberFormat: string;
  visible: boolean;
}

/** An embedded chart on a worksheet (Excel.Chart), as the host keeps it. */
export interface ChartModel {
  readonly id: string;
  readonly sheet: Sheet;
  name: string;
  chartType: string;
  /** The range last given to charts.add or setData, and how its series were laid out. */
  source: ChartRef;
  seriesBy: 'Auto' | 'Columns' | 'Rows';
  top: number;
  left: number;
  width: number;
  height: number;
  title: { text: string; visible: boolean };
  legend: { visible: boolean; position: string };
  readonly axes: ChartAxisModel[];
  series: ChartSeriesModel[];
  deleted?: boolean;
}

export interface ResolvedOptions {
  readonly requirementSets: Readonly<Record<string, string>>;
  readonly platform: 'OfficeOnline' | 'PC' | 'Mac';
  readonly profile: ExcelProfile;
  readonly emptyCellArgument: null | 0;
  readonly syncLatencyMs: number;
  readonly readyDelayMs: number;
  readonly resultDelayMs: number;
  readonly functionsMetadataUrl: string;
  readonly keepWorkbookOnReload: boolean;
  readonly workbook?: WorkbookSnapshot;
}

export const DEFAULT_REQUIREMENT_SETS: Readonly<Record<string, string>> = { ExcelApi: '1.12', SharedRuntime: '1.1', CustomFunctionsRuntime: '1.3' };

export function resolveOptions(options: TestHostOptions = {}): ResolvedOptions {
  const profile = options.profile ?? 'web';
  return {
    requirementSets: options.requirementSets ?? DEFAULT_REQUIREMENT_SETS,
    platform: options.platform ?? (profile === 'desktop' ? 'PC' : 'OfficeOnline'),
    profile,
    emptyCellArgument: blankCell(profile),
    syncLatencyMs: options.syncLatencyMs ?? 0,
    readyDelayMs: options.readyDelayMs ?? 0,
    // custom-functions-runtime.js: _setResultsDelayMillis = 50
    resultDelayMs: options.resultDelayMs ?? 50,
    functionsMetadataUrl: options.functionsMetadataUrl ?? 'functions.json',
    keepWorkbookOnReload: options.keepWorkbookOnReload ?? true,
    ...(options.workbook ? { workbook: options.workbook } : {}),
  };
}

/** Office's settings serialisation (OSF.OUtil.serializeSettings): JSON per key, dates as "Date(ms)"; a key that cannot be serialised is skipped. */
export function serializeSettings(settings: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(settings)) {
    try {
      const text = JSON.stringify(settings[key], function (this: Record<string, unknown>, k: string, v: unknown) {
        const raw = this[k];
        return raw instanceof Date ? `Date(${raw.getTime()})` : v;
      });
      if (text !== undefined) out[key] = text;
    } catch {
      // skipped, as office.js does
    }
  }
  return out;
}

export function deserializeSettings(serialized: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(serialized)) {
    try {
      out[key] = JSON.parse(serialized[key]!, (_k, v: unknown) =>
        typeof v === 'string' && v.length > 6 && v.startsWith('Date(') && v.endsWith(')') ? new Date(parseInt(v.slice(5, -1), 10)) : v,
      );
    } catch {
      // skipped, as office.js does
    }
  }
  return out;
}

/** JSON-safe copy for the call log (large arrays summarised). */
function jsonSafe(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return '[function]';
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
  if (value instanceof Date) return value.toISOString();
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) {
    if (value.length > 20) return `[array of ${value.length}]`;
    return value.map((v) => jsonSafe(v, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v, depth + 1);
  return out;
}

export class HostState {
  readonly started = performance.now();
  readonly callLog: RecordedCall[] = [];
  sheets: Sheet[] = [];
  activeSheet!: Sheet;
  selection!: { sheet: Sheet; rect: Rect };
  /** The document's settings as last saved (serialised), i.e. what the file carries. */
  documentSettings: Record<string, string> = {};
  /** Office.context.document.settings' in-memory collection (the add-in's view). */
  sessionSettings: Record<string, unknown> = {};
  customXmlParts: CustomXmlPartRecord[] = [];
  /** Embedded charts, in the order they were added (Worksheet.charts lists a sheet's). */
  charts: ChartModel[] = [];
  metadata: Map<string, FunctionMetadata> | undefined;
  metadataProblem: string | undefined;
  officeReady = false;
  readonly registry: CustomFunctionsRegistry;
  readonly calc: Calculator;

  constructor(readonly options: ResolvedOptions) {
    this.registry = createCustomFunctions(
      () => this.calc.wake(),
      (api, args) => this.record(api, args),
    );
    this.calc = new Calculator({
      sheets: () => this.sheets,
      findSheet: (name) => this.findSheet(name),
      metadata: () => this.metadata,
      functions: this.registry.functions,
      canCalculate: () => this.officeReady && (this.metadata !== undefined || this.metadataProblem !== undefined),
      emptyCellArgument: options.emptyCellArgument,
      resultDelayMs: options.resultDelayMs,
      record: (api, args) => this.record(api, args),
    });
    this.newWorkbook();
  }

  record(api: string, args: readonly unknown[] = []): void {
    this.callLog.push({ api, args: args.map((a) => jsonSafe(a)), at: Math.round(performance.now() - this.started) });
  }

  setMetadata(functions: readonly FunctionMetadata[]): void {
    this.metadata = new Map(functions.map((fn) => [fn.name.toUpperCase(), fn]));
    this.showTypedNames();
    this.calc.wake();
  }

  /**
   * Once the add-in's functions are registered, Excel shows a saved `=_xldudf_LIQ_INDEX()` as
   * `=LIQ.INDEX()`; before, Range.formulas gives the stored name.
   */
  private showTypedNames(): void {
    if (!this.metadata) return;
    const names = [...this.metadata.keys()];
    for (const sheet of this.sheets) {
      for (const cell of sheet.cells.values()) {
        if (typeof cell.input === 'string' && cell.input.startsWith('=') && /_xldudf_/i.test(cell.input)) cell.input = toTypedForm(cell.input, names);
      }
    }
  }

  /** A formula as the saved file holds it: the add-in's functions under their `_xldudf_` names (storedFormula.ts). */
  private storedFormula(input: string): string {
    return this.metadata ? '=' + toStoredForm(input.slice(1), this.metadata.keys()) : input;
  }

  // ---- sheets ------------------------------------------------------------------------------------

  findSheet(nameOrId: string): Sheet | undefined {
    const lower = nameOrId.toLowerCase();
    return this.sheets.find((sheet) => sheet.name.toLowerCase() === lower) ?? this.sheets.find((sheet) => sheet.id === nameOrId);
  }

  /** Adds a sheet at the end (default name SheetN); throws an Error naming the problem. */
  addSheet(name?: string, id?: string): Sheet {
    let chosen = name;
    if (chosen === undefined) {
      for (let n = this.sheets.length + 1; ; n++) {
        if (!this.findSheet(`Sheet${n}`)) {
          chosen = `Sheet${n}`;
          break;
        }
      }
    }
    const problem = sheetNameProblem(chosen, this.sheets);
    if (problem)
      throw new SheetNameError(
        problem,
        this.sheets.some((s) => s.name.toLowerCase() === String(chosen).toLowerCase()),
      );
    const sheet: Sheet = { id: id ?? newGuid(), name: chosen, visibility: 'Visible', cells: new Map() };
    this.sheets.push(sheet);
    return sheet;
  }

  deleteSheet(sheet: Sheet): void {
    if (this.sheets.filter((s) => s.visibility === 'Visible' && s !== sheet).length === 0) throw new Error('a workbook must keep at least one visible sheet');
    this.calc.sheetDeleted(sheet);
    this.sheets = this.sheets.filter((s) => s !== sheet);
    for (const chart of this.charts) if (chart.sheet === sheet) chart.deleted = true;
    this.charts = this.charts.filter((chart) => chart.sheet !== sheet);
    if (this.activeSheet === sheet) this.activeSheet = this.sheets.find((s) => s.visibility === 'Visible')!;
    if (this.selection.sheet === sheet) this.selection = { sheet: this.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
  }

  /** `Sheet1!A1:B2` or `A1` (on the active sheet). */
  resolve(address: string, defaultSheet: Sheet = this.activeSheet): { sheet: Sheet; rect: Rect } {
    const parsed = parseAddress(address);
    if (!parsed) throw new Error(`not an address the test host understands: ${JSON.stringify(address)}`);
    const sheet = parsed.sheetName === undefined ? defaultSheet : this.findSheet(parsed.sheetName);
    if (!sheet) throw new Error(`no sheet named ${JSON.stringify(parsed.sheetName)}`);
    return { sheet, rect: parsed.rect };
  }

  // ---- cells as the test sees them ---------------------------------------------------------------

  testCell(sheet: Sheet, row: number, col: number): TestCell {
    const key = cellKey(row, col);
    const cell = sheet.cells.get(key);
    const stats = this.calc.stats(sheet, key);
    const formula = cell === undefined ? '' : cell.input === '' ? cell.value : cell.input;
    return {
      address: qualified(sheet, { r0: row, c0: col, r1: row, c1: col }),
      formula,
      value: cell?.value ?? '',
      ...(cell?.error ? { error: errorInfo(cell.error) } : {}),
      numberFormat: cell?.numberFormat ?? 'General',
      ...(cell?.spilledFrom !== undefined
        ? { spilledFrom: qualified(sheet, { r0: keyRow(cell.spilledFrom), c0: keyCol(cell.spilledFrom), r1: keyRow(cell.spilledFrom), c1: keyCol(cell.spilledFrom) }) }
        : {}),
      ...(stats ?? {}),
    };
  }

  // ---- workbooks ---------------------------------------------------------------------------------

  private newWorkbook(): void {
    this.sheets = [];
    const sheet = this.addSheet('Sheet1');
    this.activeSheet = sheet;
    this.selection = { sheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    this.documentSettings = {};
    this.sessionSettings = {};
    this.customXmlParts = [];
    this.charts = [];
  }

  loadSnapshot(snapshot: WorkbookSnapshot, sessionSettings?: Record<string, string>): void {
    if (snapshot.format !== 'liquidity-lens-test-workbook/1') throw new Error(`not a test workbook snapshot: ${String(snapshot.format)}`);
    this.calc.reset();
    this.sheets = [];
    this.charts = [];
    for (const saved of snapshot.sheets) {
      const sheet = this.addSheet(saved.name, saved.id);
      sheet.visibility = saved.visibility ?? 'Visible';
    }
    if (this.sheets.length === 0) this.addSheet('Sheet1');
    this.activeSheet = (snapshot.activeSheet && this.findSheet(snapshot.activeSheet)) || this.sheets[0]!;
    this.selection = { sheet: this.activeSheet, rect: { r0: 0, c0: 0, r1: 0, c1: 0 } };
    this.calc.batch(() => {
      snapshot.sheets.forEach((saved, index) => this.restoreCells(this.sheets[index]!, saved));
    });
    this.documentSettings = { ...snapshot.settings };
    this.sessionSettings = deserializeSettings(sessionSettings ?? snapshot.settings);
    this.customXmlParts = snapshot.customXmlParts.map((part) => ({ ...part }));
    this.showTypedNames();
    this.calc.wake();
  }

  private restoreCells(sheet: Sheet, saved: SheetSnapshot): void {
    for (const [address, snap] of Object.entries(saved.cells)) {
      const parsed = parseAddress(address);
      if (!parsed || parsed.sheetName !== undefined || parsed.rect.r0 !== parsed.rect.r1 || parsed.rect.c0 !== parsed.rect.c1) {
        throw new Error(`snapshot sheet ${saved.name}: ${address} is not a single cell`);
      }
      const { r0: row, c0: col } = parsed.rect;
      if (snap.f !== undefined) {
        const error = snap.e ?? (isErrorCode(snap.v) ? { code: snap.v } : undefined);
        const cached: Cell = { input: snap.f, value: error ? error.code : snap.v, ...(error ? { error } : {}), ...(snap.nf ? { numberFormat: snap.nf } : {}) };
        this.calc.restoreFormula(sheet, row, col, snap.f, cached, snap.a);
      } else {
        // A saved constant is what the cell held: no second round of input parsing.
        this.calc.enter(sheet, row, col, snap.v === '' ? { kind: 'empty' } : { kind: 'value', value: snap.v });
        if (snap.nf) this.calc.setNumberFormat(sheet, row, col, snap.nf);
      }
    }
  }

  saveSnapshot(): WorkbookSnapshot {
    return {
      format: 'liquidity-lens-test-workbook/1',
      sheets: this.sheets.map((sheet) => {
        const cells: Record<string, SheetSnapshot['cells'][string]> = {};
        const keys = [...sheet.cells.keys()].sort((a, b) => a - b);
        for (const key of keys) {
          const cell = sheet.cells.get(key)!;
          if (cell.spilledFrom !== undefined) continue;
          const isFormula = typeof cell.input === 'string' && cell.input.startsWith('=');
          if (!isFormula && cell.input === '' && !cell.numberFormat) continue;
          const spill = isFormula ? this.calc.cachedSpill(sheet, key) : undefined;
          cells[a1(keyRow(key), keyCol(key))] = {
            ...(isFormula ? { f: this.storedFormula(cell.input as string) } : {}),
            v: isFormula ? cell.value : cell.input,
            ...(isFormula && cell.error ? { e: { code: cell.error.code, ...(cell.error.message !== undefined ? { message: cell.error.message } : {}) } } : {}),
            ...(cell.numberFormat ? { nf: cell.numberFormat } : {}),
            ...(spill ? { a: spill } : {}),
          };
        }
        return { name: sheet.name, id: sheet.id, visibility: sheet.visibility, cells };
      }),
      activeSheet: this.activeSheet.name,
      settings: { ...this.documentSettings },
      // A saved file holds Excel's serialisation of each part, not the text the add-in gave it.
      customXmlParts: this.customXmlParts.filter((part) => !part.deleted).map(({ id, namespaceUri, xml }) => ({ id, namespaceUri, xml: reserialiseXml(xml) })),
    };
  }

  /** The range as the test writes it: `setCell` types each value. */
  typeInto(address: string, input: CellValue): void {
    const { sheet, rect } = this.resolve(address);
    const typed = parseTypedInput(input);
    this.calc.batch(() => {
      for (let r = rect.r0; r <= rect.r1; r++) for (let c = rect.c0; c <= rect.c1; c++) this.calc.enter(sheet, r, c, typed);
    });
  }
}

export class SheetNameError extends Error {
  constructor(
    message: string,
    readonly duplicate: boolean,
  ) {
    super(message);
    this.name = 'SheetNameError';
  }
}
