/**
 * What the pane says about where it runs (issue 11 §2): when it is not in the runtime Excel calls
 * the functions in, a refresh here would fill a store no cell reads, so it says so plainly, says
 * what to do, and refuses to refresh; when the session's cache is memory-only (IndexedDB failed or
 * hung), it says that too. The check itself is src/addin/runtimeIdentity.ts.
 */
import type { AddinRuntime } from '../addin/addinRuntime';
import { watchRuntime } from '../addin/runtimeIdentity';
import { byId, h } from './dom';

export const SPLIT_RUNTIME_MESSAGE =
  'This pane is running apart from the Liquidity Lens functions: Excel started it in a second runtime, so data refreshed here ' +
  'would not reach any cell. Close the workbook and open it again. If this message comes back, the add-in’s manifest is not ' +
  'sharing one runtime between the pane and the functions (one <Runtime lifetime="long"> used by both, and no TaskpaneId on the pane’s button).';

/** A banner above the tabs; created on first use, so the markup needs no placeholder. */
function banner(testId: string, role: 'alert' | 'status', className: string): HTMLElement {
  const existing = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (existing) return existing;
  const element = h('div', { class: `banner ${className}`, role, 'data-testid': testId });
  byId('tabs').before(element);
  return element;
}

/**
 * Starts the runtime check; while the pane is found to be in a second runtime, clicks on the Data
 * panel's buttons are stopped (before the panel's own handlers) and explained. Returns its stop.
 */
export function watchPaneRuntime(runtime: AddinRuntime, announce: (text: string) => void): () => void {
  let split = false;
  const data = byId('panel-data');
  data.addEventListener(
    'click',
    (event) => {
      if (!split || !(event.target as HTMLElement).closest('button')) return;
      event.stopPropagation();
      event.preventDefault();
      announce('Not refreshed: this pane is not in the functions’ runtime. Close and reopen the workbook.');
    },
    true,
  );
  const refreshAll = byId<HTMLButtonElement>('refresh-all');
  return watchRuntime(runtime.identity, runtime.runtimeEnvironment, (check) => {
    const wasSplit = split;
    split = check.state === 'split';
    const element = document.querySelector<HTMLElement>('[data-testid="runtime-warning"]');
    if (split) {
      const warning = banner('runtime-warning', 'alert', 'banner--error');
      // Set through the CSSOM (allowed under a style-src CSP, unlike a style attribute).
      warning.style.background = '#fde7e9';
      warning.replaceChildren(h('p', {}, SPLIT_RUNTIME_MESSAGE));
      warning.hidden = false;
      refreshAll.disabled = true;
      byId('app').dataset.runtime = 'split';
    } else {
      if (element) element.hidden = true;
      // Only undo what the split did: the series panel disables the button while it refreshes.
      if (wasSplit) refreshAll.disabled = false;
      byId('app').dataset.runtime = check.state;
    }
  });
}

/** Shows why this session's cache is memory-only, when it comes to that. */
export function showStorageProblem(runtime: AddinRuntime): void {
  runtime.onStorageProblem((reason) => {
    const notice = banner('storage-notice', 'status', 'banner--offer');
    notice.replaceChildren(h('p', {}, `This computer’s cache is unavailable: ${reason}.`));
  });
}
