/**
 * Opening the task pane with a workbook that carries embedded data, through the shared runtime's
 * own start-up route (DESIGN §7, issue 11 §2) instead of `Office.AutoShowTaskpaneWithDocument`.
 *
 * Why not AutoShow: it needs a `<TaskpaneId>Office.AutoShowTaskpaneWithDocument</TaskpaneId>` on
 * the ShowTaskpane action, and with a `lifetime="long"` shared runtime that has given, on desktop,
 * a blank pane with no runtime loaded (OfficeDev/Office-Add-in-samples #776: "works fine on Office
 * 365 for web, just not on Desktop") and a pane in a runtime apart from the custom functions'
 * (OfficeDev/office-js #4339: "the sandbox can only accommodate one UI pane"). A pane in another
 * runtime builds its own store, so Refresh never reaches the cells. The manifest carries no
 * TaskpaneId any more (test/manifest.test.ts).
 *
 * The documented route instead, both in the one shared runtime:
 * - when data is embedded, `Office.addin.setStartupBehavior(Office.StartupBehavior.load)`: the
 *   add-in then loads when this document is opened ("Run code in your Office Add-in when the
 *   document opens", learn.microsoft.com/office/dev/add-ins/develop/run-code-on-document-open; the
 *   setting has document scope and is applied by code at run time, so it is set at embed time);
 * - on document open, with embedded data in use, `Office.addin.showAsTaskpane()` ("Show or hide
 *   the task pane of your Office Add-in", …/develop/show-hide-add-in) — it shows the page the
 *   manifest's ShowTaskpane action names, in the same runtime.
 * Both need the SharedRuntime 1.1 requirement set; without it they are skipped with the reason.
 */

/** The part of office.js used here (Office in the add-in, a stub in tests). */
export interface StartupOffice {
  readonly addin: {
    setStartupBehavior(behavior: Office.StartupBehavior): Promise<void>;
    showAsTaskpane(): Promise<void>;
  };
  readonly StartupBehavior: { readonly load: Office.StartupBehavior };
  readonly context?: { readonly requirements?: { isSetSupported(name: string, minVersion?: string): boolean } };
}

/** undefined when done, else why not (for the pane to show). */
export type StartupResult = string | undefined;

const officeGlobal = (): StartupOffice | undefined => (typeof Office === 'undefined' ? undefined : (Office as unknown as StartupOffice));

function unsupported(office: StartupOffice | undefined): StartupResult {
  if (!office) return 'not running in Office';
  if (!office.context?.requirements?.isSetSupported('SharedRuntime', '1.1')) return 'this Office does not support the shared runtime (SharedRuntime 1.1)';
  return undefined;
}

/**
 * After embedding data: make the add-in load whenever this document opens, so the recipient's
 * pane can open with it (showPaneOnOpen). The document setting it writes travels with the file.
 */
export async function loadWithDocument(office: StartupOffice | undefined = officeGlobal()): Promise<StartupResult> {
  const problem = unsupported(office);
  if (problem) return problem;
  try {
    await office!.addin.setStartupBehavior(office!.StartupBehavior.load);
    return undefined;
  } catch (error) {
    return `Office refused to load the add-in with this document (${(error as Error).message ?? String(error)})`;
  }
}

/** On document open: a workbook computing from its embedded data shows the pane that says so. */
export async function showPaneOnOpen(pinned: boolean, office: StartupOffice | undefined = officeGlobal()): Promise<StartupResult> {
  if (!pinned) return 'this workbook carries no embedded data in use';
  const problem = unsupported(office);
  if (problem) return problem;
  try {
    await office!.addin.showAsTaskpane();
    return undefined;
  } catch (error) {
    return `Office did not show the pane (${(error as Error).message ?? String(error)})`;
  }
}
