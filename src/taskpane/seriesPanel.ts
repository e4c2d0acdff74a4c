/**
 * The Data panel: the series the workbook's formulas read (or, on demand, the whole catalogue,
 * searchable) with source, units, last observation, retrieval time and state; Refresh all or one,
 * with "n of m" progress and a cancel. Rows are created once and updated in place, so nothing
 * moves while a refresh runs and keyboard focus stays where it was.
 */
import { CATALOG } from '../catalog/catalog';
import { findSeries } from '../catalog/lookup';
import type { CatalogEntry } from '../catalog/types';
import { UNIT_LABELS } from '../core/units';
import type { LiveStore, SeriesStatus } from '../data/liveStore';
import { byId, formatRetrieved, h } from './dom';

const STATE_LABELS: Record<SeriesStatus['state'], string> = {
  fresh: 'Fresh',
  stale: 'Stale',
  refreshing: 'Refreshing',
  error: 'Error',
  missing: 'Not held',
};

interface Row {
  readonly element: HTMLLIElement;
  readonly state: HTMLElement;
  readonly dates: HTMLElement;
  readonly message: HTMLElement;
  readonly button: HTMLButtonElement;
  /** The catalogue source, and for FRED which path the held data came by. */
  readonly source: HTMLElement;
}

/**
 * "FRED (keyless CSV)" or "FRED (keyed API)" for a FRED series, from the source the gateway
 * recorded ("FRED WALCL (keyless fredgraph.csv)" / "FRED WALCL"); bitcoin's fallback exchange by
 * name; other sources as catalogued.
 */
export function sourceLabel(entry: CatalogEntry, heldSource: string | undefined): string {
  if (heldSource === undefined) return entry.source;
  // Bitcoin's keyless fallbacks, when Yahoo throttled or refused.
  if (/^(Coinbase Exchange|Kraken OHLC) /.test(heldSource)) return heldSource.startsWith('Kraken') ? 'Kraken' : 'Coinbase Exchange';
  if (entry.source !== 'FRED') return entry.source;
  if (/\(keyless fredgraph\.csv\)$/.test(heldSource)) return 'FRED (keyless CSV)';
  if (/^FRED \S+$/.test(heldSource)) return 'FRED (keyed API)';
  return entry.source;
}

export class SeriesPanel {
  private readonly rows = new Map<string, Row>();
  private readonly list = byId<HTMLUListElement>('series-list');
  private readonly empty = byId('series-empty');
  private readonly showAll = byId<HTMLInputElement>('show-all-series');
  private readonly search = byId<HTMLInputElement>('series-search');
  private readonly refreshAll = byId<HTMLButtonElement>('refresh-all');
  private readonly cancel = byId<HTMLButtonElement>('refresh-cancel');
  private readonly progress = byId('refresh-progress');
  private readonly progressBar = byId<HTMLProgressElement>('refresh-progress-bar');
  private controller?: AbortController;
  private scheduled = false;

  constructor(
    private readonly store: LiveStore,
    private readonly afterRefresh: () => Promise<void> = async () => {},
  ) {
    store.onStatus(() => this.schedule());
    this.showAll.addEventListener('change', () => this.render());
    this.search.addEventListener('input', () => this.render());
    this.refreshAll.addEventListener('click', () => void this.refresh(this.visibleIds()));
    this.cancel.addEventListener('click', () => this.controller?.abort());
  }

  /** The ids listed now: those the workbook uses, or the catalogue filtered by the search. */
  visibleIds(): string[] {
    const used = new Set(this.store.usedIds());
    const query = this.search.value.trim().toLowerCase();
    const entries = this.showAll.checked || used.size === 0 ? CATALOG : CATALOG.filter((entry) => used.has(entry.id));
    return entries.filter((entry) => !query || `${entry.id} ${entry.name} ${entry.source} ${entry.upstreamId}`.toLowerCase().includes(query)).map((entry) => entry.id);
  }

  render(): void {
    this.scheduled = false;
    const used = this.store.usedIds();
    const ids = this.visibleIds();
    this.empty.textContent =
      used.length === 0 && !this.showAll.checked
        ? 'No formula in this workbook reads a series yet: showing the whole catalogue.'
        : ids.length === 0
          ? 'No series matches the search.'
          : '';
    const rows = ids.map((id) => this.rowFor(id));
    // Re-append only when the set or order changed, so focus and scroll stay put.
    if (rows.length !== this.list.children.length || rows.some((row, i) => this.list.children[i] !== row.element)) {
      this.list.replaceChildren(...rows.map((row) => row.element));
    }
    for (const id of ids) this.update(id);
    document.body.dataset.ready = 'true';
  }

  async refresh(ids: string[]): Promise<void> {
    if (this.controller || ids.length === 0) return;
    this.controller = new AbortController();
    this.refreshAll.disabled = true;
    this.cancel.disabled = false;
    this.showProgress(0, ids.length);
    try {
      await this.store.refresh(ids, { signal: this.controller.signal, onProgress: ({ done, total }) => this.showProgress(done, total) });
    } finally {
      const failed = ids.filter((id) => this.store.status(id).state === 'error').length;
      this.progress.textContent = `Refreshed ${ids.length - failed} of ${ids.length}${failed ? `; ${failed} failed (previous data kept)` : ''}`;
      this.controller = undefined;
      this.refreshAll.disabled = false;
      this.cancel.disabled = true;
    }
    await this.afterRefresh();
  }

  private showProgress(done: number, total: number): void {
    this.progress.textContent = `Refreshing ${done} of ${total}…`;
    this.progressBar.max = total;
    this.progressBar.value = done;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.render());
  }

  private rowFor(id: string): Row {
    const existing = this.rows.get(id);
    if (existing) return existing;
    const entry = findSeries(id) as CatalogEntry;
    const state = h('span', { class: 'badge', 'data-testid': 'series-state' });
    const dates = h('span', { class: 'series__dates' });
    const message = h('span', { class: 'series__message', 'data-testid': 'series-message' });
    const source = h('span', { 'data-testid': 'series-source' }, entry.source);
    const button = h('button', { class: 'icon-button', type: 'button', 'aria-label': `Refresh ${entry.name} (${id})`, title: `Refresh ${id}` }, '⟳');
    button.addEventListener('click', () => void this.refresh([id]));
    const element = h(
      'li',
      { class: 'series', 'data-testid': 'series-row', 'data-series-id': id },
      h('div', { class: 'series__head' }, h('span', { class: 'series__name' }, entry.name), state, button),
      h('div', { class: 'series__meta' }, h('code', {}, id), ' · ', source, ` · ${UNIT_LABELS[entry.units]}`),
      dates,
      message,
    );
    const row = { element, state, dates, message, button, source };
    this.rows.set(id, row);
    return row;
  }

  private update(id: string): void {
    const row = this.rows.get(id);
    if (!row) return;
    const status = this.store.status(id);
    row.source.textContent = sourceLabel(findSeries(id) as CatalogEntry, status.source);
    row.state.textContent = STATE_LABELS[status.state];
    row.state.dataset.state = status.state;
    row.element.dataset.state = status.state;
    row.dates.textContent = status.asOf ? `Last obs ${status.asOf} · retrieved ${formatRetrieved(status.retrievedAt)}` : 'No data held';
    // During a refresh the previous reason stays (dimmed by CSS) so the row keeps its height, unless the refresh has its own (offline).
    if (status.state !== 'refreshing' || status.message !== undefined) row.message.textContent = status.message ?? '';
    row.message.title = row.message.textContent ?? '';
    row.button.disabled = status.state === 'refreshing';
  }
}
