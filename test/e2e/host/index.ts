/**
 * The test host's entry point: served in place of https://appsforoffice.microsoft.com/lib/1/hosted/office.js.
 * Installs Office, OfficeRuntime, CustomFunctions, Excel and OfficeExtension, then `window.__testHost`.
 *
 * Start-up, as in Excel: the workbook is open before the add-in loads (options.workbook, or the
 * workbook kept across a reload); the functions bundle associates its functions; once the DOM is
 * loaded Office becomes ready (Office.context appears, onReady resolves) and, with functions.json
 * read, every custom-function cell is calculated.
 */
import { createExcel, OFFICE_EXTENSION } from './excel';
import { createOffice, createOfficeRuntime, storageSnapshot } from './office';
import type { FunctionMetadata } from './calc';
import type { CellValue, TestHost, TestHostWindow, WorkbookSnapshot } from './protocol';
import { HostState, deserializeSettings, resolveOptions, serializeSettings } from './state';

const KEPT_WORKBOOK = '__testHost.workbook';

function install(): void {
  const win = window as unknown as TestHostWindow & Record<string, unknown>;
  if (win.__testHost) return; // the script was included twice
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

  const { office, becomeReady } = createOffice(state);
  const { storage } = createOfficeRuntime(state);
  win.Office = office;
  win.OfficeRuntime = { storage };
  win.CustomFunctions = state.registry.api;
  win.Excel = createExcel(state);
  win.OfficeExtension = OFFICE_EXTENSION;

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
