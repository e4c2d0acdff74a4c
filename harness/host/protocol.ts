/**
 * The contract between a browser test and the test host (harness/host): the options a test passes
 * to the page before office.js "loads", the control API on `window.__testHost`, and the workbook
 * snapshot format. Types only: imported by the host bundle and by the Node side of the tests.
 */
import type { ExcelProfile } from '../../src/functions/callingConvention';

/** What a cell holds, as Excel reports it through `Range.values`: errors appear as their code. */
export type CellValue = number | string | boolean;

export interface CellErrorInfo {
  /** Excel's error code, e.g. '#N/A', '#VALUE!', '#BUSY!', '#SPILL!', '#NAME?'. */
  readonly code: string;
  /** The custom function's message (CustomFunctions.Error), kept even where Excel would not show it. */
  readonly message?: string;
  /**
   * Whether Excel displays `message` to the user: only for '#VALUE!' and '#N/A'
   * (@types/custom-functions-runtime: "A custom error message can't be used" for the other codes).
   */
  readonly messageShown: boolean;
}

export interface TestCell {
  /** Sheet-qualified, e.g. `Sheet1!A1`. */
  readonly address: string;
  /** What `Range.formulas` returns: the formula text, else the constant ('' when empty). */
  readonly formula: CellValue;
  /** What `Range.values` returns ('' when empty; an error's code for an error). */
  readonly value: CellValue;
  readonly error?: CellErrorInfo;
  /** `Range.numberFormat` ('General' unless set, or a date typed as ISO text). */
  readonly numberFormat: string;
  /** Set on a cell filled by another cell's spill: the anchor's sheet-qualified address. */
  readonly spilledFrom?: string;
  /** For a custom-function formula: results delivered (setResult calls) since the formula was entered. */
  readonly updates?: number;
  /** For a custom-function formula: invocations started (first call and every recalculation). */
  readonly invocations?: number;
}

/** A call at the Office boundary, in order (the add-in's calls into the host and the host's into the add-in). */
export interface RecordedCall {
  /** e.g. 'Office.addin.setStartupBehavior', 'Excel.run', 'context.sync', 'CustomFunctions.associate', 'invoke'. */
  readonly api: string;
  /** JSON-safe arguments (functions become '[function]'). */
  readonly args: readonly unknown[];
  /** Milliseconds since the host was installed. */
  readonly at: number;
}

export interface CellSnapshot {
  /** The formula text (absent for a constant). */
  readonly f?: string;
  /** The cached value (what a reader without the add-in would see). */
  readonly v: CellValue;
  /** The cached error, if the value is one. */
  readonly e?: { readonly code: string; readonly message?: string };
  /** Number format, when not 'General'. */
  readonly nf?: string;
  /** A formula's cached spill (2-D result, errors as codes). */
  readonly a?: CellValue[][];
}

export interface SheetSnapshot {
  readonly name: string;
  readonly id?: string;
  readonly visibility?: 'Visible' | 'Hidden' | 'VeryHidden';
  /** By A1 address (no sheet name). Spilled cells are not listed: their anchor's `a` restores them. */
  readonly cells: Readonly<Record<string, CellSnapshot>>;
}

/** A saved workbook: what a file carries from one Excel session to the next ("save, send, reopen"). */
export interface WorkbookSnapshot {
  readonly format: 'liquidity-lens-test-workbook/1';
  readonly sheets: readonly SheetSnapshot[];
  readonly activeSheet?: string;
  /** Document settings as saved by `settings.saveAsync`: JSON text per key, exactly as Office stores them. */
  readonly settings: Readonly<Record<string, string>>;
  readonly customXmlParts: readonly CustomXmlPartSnapshot[];
}

export interface CustomXmlPartSnapshot {
  readonly id: string;
  readonly namespaceUri: string;
  readonly xml: string;
}

/** A chart's series as the test sees it: the cells it is bound to and what they hold now. */
export interface ChartSeriesInfo {
  readonly name: string;
  /** Sheet-qualified address of the values (Excel's "Values" dimension), or undefined. */
  readonly values?: string;
  /** Sheet-qualified address of the categories / x values, or undefined (categories 1, 2, 3…). */
  readonly xValues?: string;
  readonly axisGroup: 'Primary' | 'Secondary';
  /** The values the chart draws now (read from the cells: a recalculation redraws); null where a cell is empty, text or an error. */
  readonly points: readonly (number | null)[];
}

export interface ChartAxisInfo {
  readonly type: 'Category' | 'Value';
  readonly group: 'Primary' | 'Secondary';
  readonly title: string;
  readonly titleVisible: boolean;
  readonly categoryType: string;
  readonly scaleType: string;
  readonly logBase: number;
  readonly numberFormat: string;
}

/** An embedded chart (Excel.Chart) as the test sees it. */
export interface ChartInfo {
  readonly sheet: string;
  readonly name: string;
  readonly chartType: string;
  /** The range given to charts.add / setData, sheet-qualified. */
  readonly source: string;
  readonly seriesBy: string;
  readonly title: string;
  readonly titleVisible: boolean;
  readonly legend: { readonly visible: boolean; readonly position: string };
  /** Points from the sheet's top-left corner. */
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
  readonly axes: readonly ChartAxisInfo[];
  readonly series: readonly ChartSeriesInfo[];
}

/** Set as `window.__testHostOptions` before the page's scripts run (openPane does it with addInitScript). */
export interface TestHostOptions {
  /** The document Excel opens (default: one empty sheet, Sheet1). */
  readonly workbook?: WorkbookSnapshot;
  /** Requirement sets and the highest version supported (default ExcelApi 1.12, SharedRuntime 1.1, CustomFunctionsRuntime 1.3). */
  readonly requirementSets?: Readonly<Record<string, string>>;
  /** Reported by Office.onReady and Office.context (default 'OfficeOnline'). */
  readonly platform?: 'OfficeOnline' | 'PC' | 'Mac';
  /**
   * Which Excel the host plays (default 'web'): what a custom function receives for an empty
   * referenced cell (src/functions/callingConvention.ts, blankCell: null on the web, 0 on desktop)
   * and, unless `platform` says otherwise, the platform Office reports ('OfficeOnline' or 'PC').
   */
  readonly profile?: ExcelProfile;
  /** Extra latency of each context.sync round trip, ms (default 0; a sync is always asynchronous). */
  readonly syncLatencyMs?: number;
  /** Delay between a function's setResult and the cell showing it, ms (default 50: the runtime's result buffer). */
  readonly resultDelayMs?: number;
  /** Delay before Office is ready, ms, after the DOM is loaded (default 0). */
  readonly readyDelayMs?: number;
  /** Where the custom functions' metadata is (default 'functions.json' beside the page). */
  readonly functionsMetadataUrl?: string;
  /**
   * Keep the workbook (cells, document settings, unsaved settings, custom XML parts) when the page reloads,
   * as Excel does when only the add-in's runtime restarts (default true). A reload never keeps `calls`.
   */
  readonly keepWorkbookOnReload?: boolean;
  /**
   * 'split': the pane and the custom functions in two runtimes, as Excel on desktop has done with a
   * ShowTaskpane action carrying Office.AutoShowTaskpaneWithDocument under a shared runtime
   * (Office-Add-in-samples #776, office-js #4339). The page is the pane's runtime: Excel never calls
   * the functions it associates. A hidden frame loading the same page is the functions' runtime:
   * its associations are the ones cells calculate with. Both see the same workbook and storage.
   * Default 'shared' (one runtime, as the manifest asks).
   */
  readonly runtime?: 'shared' | 'split';
}

/** `window.__testHost`: the test's hands on the workbook and the Office state. */
export interface TestHost {
  /** Types into a cell as a user would: '=FORMULA', a number, text ('2025-12-24' becomes a date, "'" keeps text), '' clears. */
  setCell(address: string, input: CellValue): void;
  cell(address: string): TestCell;
  /** Every cell of a range, row by row. */
  cells(address: string): TestCell[][];
  /** Selects a range (what `getSelectedRange()` returns) and activates its sheet. */
  select(address: string): void;
  /** Sheet names in order. */
  sheets(): string[];
  /** The embedded charts of a sheet (every sheet's when omitted), in the order they were added. */
  charts(sheet?: string): ChartInfo[];
  /** Document settings, as last saved by `saveAsync` (what travels with the file), parsed. */
  settings(): Record<string, unknown>;
  /** `Office.context.document.settings` as the add-in sees it now, saved or not. */
  sessionSettings(): Record<string, unknown>;
  customXmlParts(): CustomXmlPartSnapshot[];
  /** OfficeRuntime.storage (this machine), without its prefix. */
  storage(): Record<string, string>;
  /** Office calls so far (a copy). */
  readonly calls: RecordedCall[];
  /** Replaces the open workbook (cancels every invocation; formulas recalculate). */
  loadWorkbook(snapshot: WorkbookSnapshot): void;
  saveWorkbook(): WorkbookSnapshot;
  /** Ids passed to CustomFunctions.associate. */
  functions(): string[];
  /**
   * The next `times` calls of `Office.context.document.settings.saveAsync` fail as Office reports a
   * failed save: the callback gets status "failed" and an Office.Error, and the file keeps the
   * settings it had.
   */
  failSaveAsync(times: number): void;
  /** Resolves when Office is ready, the metadata is loaded and no cell is #BUSY! (rejects after timeoutMs, default 10 s). */
  settled(timeoutMs?: number): Promise<void>;
}

export interface TestHostWindow {
  __testHost: TestHost;
  __testHostOptions?: TestHostOptions;
}
