/**
 * The Dashboards gallery (DESIGN §6, issue 16): one card per dashboard of
 * src/workbook/dashboards/catalog.ts with a small preview of the sheet it makes (its charts as
 * laid out, titles and series), the series it needs and whether each is held, and Insert, which
 * writes a new sheet of our formulas and native charts (insert.ts).
 */
import { definedAt } from '../core/definedAt';
import type { LiveStore } from '../data/liveStore';
import { DASHBOARDS, type Dashboard } from '../workbook/dashboards/catalog';
import { dashboardsUnsupported, insertDashboard } from '../workbook/dashboards/insert';
import { planCharts } from '../workbook/dashboards/layout';
import { dashboardNeeds } from '../workbook/dashboards/needs';
import { byId, h } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const today = (): string => new Date().toISOString().slice(0, 10);
const COLOURS = ['#0f6cbd', '#8764b8', '#c50f1f', '#107c10'];

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** The sheet in miniature: each chart where insert puts it, with its title and a legend swatch per series. */
function preview(dashboard: Dashboard): SVGSVGElement {
  const charts = planCharts(dashboard);
  const rows = Math.ceil(charts.length / 2);
  const tileW = 140;
  const tileH = 64;
  const root = svg('svg', {
    viewBox: `0 0 ${2 * tileW + 12} ${rows * (tileH + 6) + 4}`,
    role: 'img',
    'aria-label': `Preview: ${charts.map((c) => c.spec.title).join('; ')}`,
    class: 'dashboard__preview',
  });
  charts.forEach(({ spec }, i) => {
    const x = 4 + (i % 2) * (tileW + 4);
    const y = 4 + Math.floor(i / 2) * (tileH + 6);
    const g = svg('g', { transform: `translate(${x},${y})` });
    g.append(svg('rect', { width: tileW, height: tileH, rx: 3, fill: '#fff', stroke: '#d1d1d1' }));
    g.append(svg('text', { x: 5, y: 11, 'font-size': 7.5, 'font-weight': 600, fill: '#242424' }, spec.title.length > 33 ? `${spec.title.slice(0, 32)}…` : spec.title));
    // Axes, then one schematic line per series (a shape, not data: the data is drawn in Excel).
    g.append(svg('path', { d: `M10 ${tileH - 18} H${tileW - 6} M10 16 V${tileH - 18}`, stroke: '#bdbdbd', 'stroke-width': 0.8, fill: 'none' }));
    spec.series.forEach((series, k) => {
      const points = Array.from({ length: 12 }, (_, j) => {
        const wave = Math.sin((j + 1) * (0.7 + 0.35 * k) + i) * 7 + (spec.logScale ? -j * 0.8 : 0);
        return `${12 + j * ((tileW - 20) / 11)},${30 + k * 5 + wave}`;
      });
      g.append(
        svg('polyline', {
          points: points.join(' '),
          fill: 'none',
          stroke: definedAt(COLOURS, k % COLOURS.length, 'the colours'),
          'stroke-width': 1.2,
          ...(series.axis ? { 'stroke-dasharray': '2 1.5' } : {}),
        }),
      );
      g.append(svg('rect', { x: 10 + k * 32, y: tileH - 11, width: 6, height: 3, fill: definedAt(COLOURS, k % COLOURS.length, 'the colours') }));
      g.append(svg('text', { x: 18 + k * 32, y: tileH - 8, 'font-size': 5, fill: '#616161' }, series.name.slice(0, 10)));
    });
    root.append(g);
  });
  return root;
}

export class DashboardsPanel {
  private readonly list = byId('dashboard-list');
  private readonly held = new Map<string, HTMLElement>();
  /** Set when this Excel lacks an API insert needs: every Insert is disabled and says why. */
  private readonly unsupported = dashboardsUnsupported();

  constructor(private readonly store: LiveStore) {
    this.list.replaceChildren(...DASHBOARDS.map((dashboard) => this.card(dashboard)));
    store.onStatus(() => this.updateHeld());
    this.updateHeld();
  }

  private card(dashboard: Dashboard): HTMLElement {
    const status = h('p', { class: 'dashboard__status', 'data-testid': `dashboard-status-${dashboard.id}`, role: 'status', 'aria-live': 'polite' });
    const needs = h('p', { class: 'dashboard__needs', 'data-testid': `dashboard-needs-${dashboard.id}` });
    this.held.set(dashboard.id, needs);
    const button = h('button', { type: 'button', class: 'button button--primary', 'data-testid': `dashboard-insert-${dashboard.id}` }, 'Insert');
    button.addEventListener('click', () => void this.insert(dashboard, button, status));
    if (this.unsupported) {
      button.disabled = true;
      status.textContent = this.unsupported;
    }
    return h(
      'li',
      { class: 'dashboard', 'data-testid': `dashboard-${dashboard.id}`, 'data-dashboard-id': dashboard.id },
      h('h2', { class: 'dashboard__title' }, dashboard.title),
      h('p', { class: 'dashboard__summary' }, dashboard.summary),
      preview(dashboard),
      needs,
      h('div', { class: 'dashboard__actions' }, button),
      status,
    );
  }

  /** The needs of every dashboard, worked out for one day: parsing their formulas on every status change cost a workbook's open more than the line is worth. */
  private needsOf: { readonly day: string; readonly byId: Map<string, string[]> } = { day: '', byId: new Map() };

  /** The series a dashboard's formulas read, as of today (its blocks' start dates move with it). */
  private needs(dashboard: Dashboard): string[] {
    const day = today();
    if (this.needsOf.day !== day) this.needsOf = { day, byId: new Map() };
    let needs = this.needsOf.byId.get(dashboard.id);
    if (needs === undefined) this.needsOf.byId.set(dashboard.id, (needs = dashboardNeeds(dashboard, { today: day })));
    return needs;
  }

  /** "Needs: WALCL ✓, QQQ ✗ — 1 not held: they load from the gateway when inserted". */
  private updateHeld(): void {
    for (const dashboard of DASHBOARDS) {
      const element = this.held.get(dashboard.id);
      if (!element) continue;
      const needs = this.needs(dashboard);
      if (needs.length === 0) {
        element.textContent = 'Needs no series: the scenario’s assumptions are built in.';
        continue;
      }
      const parts = needs.map((id) => ({ id, held: this.store.peek(id) !== undefined }));
      const missing = parts.filter((p) => !p.held).length;
      element.replaceChildren(
        'Needs: ',
        ...parts.flatMap((p, i) => [
          i ? ', ' : '',
          h('span', { class: p.held ? 'dashboard__held' : 'dashboard__missing', 'data-series-id': p.id, 'data-held': String(p.held) }, `${p.id} ${p.held ? '✓' : '✗'}`),
        ]),
        missing ? ` — ${missing} not held: they load from the gateway when inserted.` : ' — all held.',
      );
    }
  }

  private async insert(dashboard: Dashboard, button: HTMLButtonElement, status: HTMLElement): Promise<void> {
    button.disabled = true;
    try {
      // Load what is not held first, so that every formula answers from held data at once: a cell
      // still loading shows #N/A, which a chart would draw as a gap.
      const missing = this.needs(dashboard).filter((id) => this.store.peek(id) === undefined);
      if (missing.length) {
        status.textContent = `Loading ${missing.join(', ')} from the gateway…`;
        await Promise.all(missing.map((id) => this.store.load(id)));
      }
      status.textContent = `Inserting ${dashboard.title}…`;
      const result = await insertDashboard(dashboard, { today: today() });
      status.textContent =
        `Inserted the sheet "${result.sheet}" with ${result.charts} chart${result.charts === 1 ? '' : 's'} in ${(result.ms / 1000).toFixed(1)} s.` +
        (result.skipped.length ? ` Not drawn: ${result.skipped.join('; ')}.` : '');
    } catch (error) {
      status.textContent = `That did not work: ${(error as Error).message}`;
    } finally {
      button.disabled = this.unsupported !== undefined;
      this.updateHeld();
    }
  }
}
