/**
 * The test host's entry point: served in place of https://appsforoffice.microsoft.com/lib/1/hosted/office.js.
 * Installs Office, OfficeRuntime, CustomFunctions, Excel and OfficeExtension, then `window.__testHost`.
 *
 * Start-up, as in Excel: the workbook is open before the add-in loads (options.workbook, or the
 * workbook kept across a reload); the functions bundle associates its functions; once the DOM is
 * loaded Office becomes ready (Office.context appears, onReady resolves) and, with functions.json
 * read, every custom-function cell is calculated.
 */
import { chartInfo, createExcel, OFFICE_EXTENSION } from './excel';
import { createOffice, createOfficeRuntime, storageSnapshot, type OfficeFaults } from './office';
import type { FunctionMetadata } from './calc';
import type { CellValue, TestHost, TestHostWindow, WorkbookSnapshot } from './protocol';
import { HostState, deserializeSettings, resolveOptions, serializeSettings } from './state';

const KEPT_WORKBOOK = '__testHost.workbook';
/** window.name of the hidden frame that is the functions' runtime in split mode. */
export const FUNCTIONS_RUNTIME_FRAME = '__testHostFunctionsRuntime';
const ATTACH_RUNTIME = '__testHostAttachRuntime';

type AttachRuntime = (target: Window) => void;

function install(): void {
  const win = window as unknown as TestHostWindow & Record<string, unknown>;
  if (win.__testHost) return; // the script was included twice
  // Split mode's functions runtime: the frame joins the workbook of the host that made it, with
  // that host's own code (one Excel, two runtimes), instead of installing a host of its own.
  if (window.name === FUNCTIONS_RUNTIME_FRAME && window.parent !== window) {
    const attach = (window.parent as unknown as Record<string, unknown>)[ATTACH_RUNTIME] as AttachRuntime | undefined;
    if (attach) return attach(window);
  }
  const options = resolveOptions(win.__testHostOptions);
  const state = new HostState(options);

  const kept = options.keepWorkbookOnReload ? sessionStorage.getItem(KEPT_WORKBOOK) : null;
  if (kept) {
    const { workbook, sessionSettings } = JSON.parse(kept) as { workbook: WorkbookSnapshot; sessionSettings: Record<string, string> };
    state.loadSnapshot(workbook, sessionSettings);
    state.record('(workbook kept across the reload)');
  } else if (options.workbook) {
    state.loadSnapshot(options.workbook);
  }
  if (options.keepWorkbookOnReload) {
    window.addEventListener('pagehide', () => {
      sessionStorage.setItem(KEPT_WORKBOOK, JSON.stringify({ workbook: state.saveSnapshot(), sessionSettings: serializeSettings(state.sessionSettings) }));
    });
  }

  const faults: OfficeFaults = { saveAsyncFailures: 0 };
  const { office, becomeReady } = createOffice(state, faults);
  const { storage } = createOfficeRuntime(state);
  win.Office = office;
  win.OfficeRuntime = { storage };
  win.CustomFunctions = state.registry.api;
  win.Excel = createExcel(state);
  win.OfficeExtension = OFFICE_EXTENSION;
  const readyAfterLoad = (target: Window, becomeReadyThere: () => void) => {
    const go = () => target.setTimeout(becomeReadyThere, options.readyDelayMs);
    if (target.document.readyState === 'loading') target.document.addEventListener('DOMContentLoaded', go, { once: true });
    else go();
  };

  if (win.__testHostOptions?.runtime === 'split') {
    // This page is the pane's runtime: Excel never calls what it associates.
    win.CustomFunctions = {
      ...state.registry.api,
      associate(idOrMappings: unknown) {
        state.record('CustomFunctions.associate (pane runtime: Excel does not call these)', [
          typeof idOrMappings === 'string' ? idOrMappings : Object.keys(idOrMappings as object),
        ]);
      },
    };
    win[ATTACH_RUNTIME] = ((target: Window) => {
      const frame = target as unknown as Record<string, unknown>;
      const functionsOffice = createOffice(state, faults, 'functions runtime');
      frame.Office = functionsOffice.office;
      frame.OfficeRuntime = { storage };
      frame.CustomFunctions = state.registry.api;
      frame.Excel = createExcel(state);
      frame.OfficeExtension = OFFICE_EXTENSION;
      state.record('(functions runtime attached)');
      readyAfterLoad(target, functionsOffice.becomeReady);
    }) satisfies AttachRuntime;
    const addFrame = () => {
      const frame = document.createElement('iframe');
      frame.name = FUNCTIONS_RUNTIME_FRAME;
      frame.hidden = true;
      frame.src = location.href;
      document.body.append(frame);
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', addFrame, { once: true });
    else addFrame();
  }

  const metadataUrl = new URL(options.functionsMetadataUrl, document.baseURI).href;
  void fetch(metadataUrl)
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const json = (await response.json()) as { functions?: FunctionMetadata[] };
      if (!Array.isArray(json.functions)) throw new Error('no "functions" array');
      state.setMetadata(json.functions);
      state.record('(functions.json loaded)', [json.functions.length]);
    })
    .catch((error: unknown) => {
      state.metadataProblem = `${metadataUrl}: ${error instanceof Error ? error.message : String(error)}`;
      state.record('(functions.json failed)', [state.metadataProblem]);
      state.setMetadata([]);
    });

  const ready = () =>
    setTimeout(() => {
      state.officeReady = true;
      becomeReady();
      state.calc.wake();
    }, options.readyDelayMs);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready, { once: true });
  else ready();

  const testHost: TestHost = {
    setCell(address: string, input: CellValue): void {
      state.typeInto(address, input);
    },
    cell(address: string) {
      const { sheet, rect } = state.resolve(address);
      return state.testCell(sheet, rect.r0, rect.c0);
    },
    cells(address: string) {
      const { sheet, rect } = state.resolve(address);
      const rows = [];
      for (let r = rect.r0; r <= rect.r1; r++) {
        const row = [];
        for (let c = rect.c0; c <= rect.c1; c++) row.push(state.testCell(sheet, r, c));
        rows.push(row);
      }
      return rows;
    },
    select(address: string): void {
      const { sheet, rect } = state.resolve(address);
      state.activeSheet = sheet;
      state.selection = { sheet, rect };
    },
    sheets: () => state.sheets.map((sheet) => sheet.name),
    charts: (sheet?: string) => chartInfo(state, sheet),
    settings: () => deserializeSettings(state.documentSettings),
    sessionSettings: () => deserializeSettings(serializeSettings(state.sessionSettings)),
    customXmlParts: () => state.customXmlParts.filter((part) => !part.deleted).map(({ id, namespaceUri, xml }) => ({ id, namespaceUri, xml })),
    storage: () => storageSnapshot(),
    get calls() {
      return state.callLog.map((call) => ({ ...call }));
    },
    loadWorkbook(snapshot: WorkbookSnapshot): void {
      state.record('(workbook loaded by the test)');
      state.loadSnapshot(snapshot);
    },
    saveWorkbook: () => state.saveSnapshot(),
    functions: () => [...state.registry.functions.keys()],
    failSaveAsync(times: number): void {
      faults.saveAsyncFailures = times;
    },
    settled(timeoutMs = 10_000): Promise<void> {
      const deadline = performance.now() + timeoutMs;
      return new Promise((resolve, reject) => {
        const poll = () => {
          if (state.calc.isSettled()) resolve();
          else if (performance.now() > deadline) reject(new Error(`test host: not settled after ${timeoutMs} ms (cells still #BUSY! or Office not ready)`));
          else setTimeout(poll, 5);
        };
        poll();
      });
    },
  };
  win.__testHost = testHost;
}

install();
