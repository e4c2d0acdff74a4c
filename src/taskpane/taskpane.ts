/**
 * The task pane. It shares its page and runtime with the custom functions: taskpane.html loads
 * the functions bundle first, which offers the one store the cells use; the pane shows and
 * refreshes that store. That holds only if Excel runs the pane in the functions' runtime, which
 * the pane checks (runtimeNotice.ts) instead of assuming.
 */
import { requestAddinRuntime } from '../addin/addinRuntime';
import { ChartsPanel } from './chartsPanel';
import { DashboardsPanel } from './dashboardsPanel';
import { byId } from './dom';
import { renderFunctions } from './functionsPanel';
import { SeriesPanel } from './seriesPanel';
import { SharePanel } from './sharePanel';
import { renderSettings } from './settingsPanel';
import { showStorageProblem, watchPaneRuntime } from './runtimeNotice';
import { setUpTabs } from './tabs';

function announce(text: string): void {
  byId('announcer').textContent = text;
}

function start(): void {
  const runtime = requestAddinRuntime(window);
  if (!runtime) {
    announce('The Liquidity Lens functions did not load, so there is no data to show.');
    return;
  }
  // First: a pane in a second runtime must say so before anyone refreshes a store no cell reads.
  watchPaneRuntime(runtime, announce);
  showStorageProblem(runtime);
  const share = new SharePanel(runtime);
  const series = new SeriesPanel(runtime.store, () => share.afterRefresh());
  const charts = new ChartsPanel(runtime.store);
  new DashboardsPanel(runtime.store);
  setUpTabs(byId('tabs'), (panel) => {
    if (panel === 'panel-charts') charts.show();
    else charts.hide();
  });
  series.render();
  performance.mark('liquidity-lens:series-list-drawn');
  void renderFunctions(announce);
  renderSettings(runtime);
  byId('app').setAttribute('aria-busy', 'false');
}

if (typeof Office === 'undefined') {
  start();
} else {
  void Office.onReady(() => start());
}
