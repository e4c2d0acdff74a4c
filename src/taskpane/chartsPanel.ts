/**
 * The Charts panel: net liquidity with its components, repo stress with SRF use, and any held
 * series. uPlot draws arrays built by chartData.ts; nothing here computes data. Charts redraw
 * when a series they show changes, and only while the panel is visible.
 */
import uPlot from 'uplot';
import { CATALOG } from '../catalog/catalog';
import { parseIsoDate } from '../core/dates/isoDate';
import { addYears } from '../core/dates/epochDay';
import type { LiveStore } from '../data/liveStore';
import { liquidityChart, seriesChart, stressChart, type ChartData } from './chartData';
import { byId, h } from './dom';

const COLOURS = ['#0f6cbd', '#8764b8', '#c50f1f', '#107c10', '#ca5010'];
const HEIGHT = 190;

interface Chart {
  readonly container: HTMLElement;
  readonly ids: () => readonly string[];
  readonly build: () => ChartData | string;
  plot?: uPlot;
}

export class ChartsPanel {
  private readonly charts: Chart[];
  private readonly select = byId<HTMLSelectElement>('chart-series-select');
  private visible = false;
  private readonly dirty = new Set<Chart>();

  constructor(store: LiveStore) {
    const held = (id: string) => store.peek(id)?.series;
    // Ten years of history: long enough to see the cycle, short enough to read at 320 px.
    const since = () => addYears(parseIsoDate(new Date().toISOString().slice(0, 10)), -10);
    const heldSeries: Chart = {
      container: byId('chart-series'),
      ids: () => [this.select.value],
      build: () => {
        const series = held(this.select.value);
        return series ? seriesChart(series) : `${this.select.value} is not held: refresh it on the Data tab.`;
      },
    };
    this.charts = [
      { container: byId('chart-liquidity'), ids: () => ['WALCL', 'TGA', 'RRP'], build: () => liquidityChart(held, since()) },
      { container: byId('chart-stress'), ids: () => ['SOFR', 'FF.UPPER', 'SRF'], build: () => stressChart(held, since()) },
      heldSeries,
    ];
    this.select.replaceChildren(...CATALOG.map((entry) => h('option', { value: entry.id }, `${entry.id} — ${entry.name}`)));
    this.select.value = 'M2.US';
    this.select.addEventListener('change', () => this.redraw(heldSeries));
    store.onStatus((id) => {
      for (const chart of this.charts) if (chart.ids().includes(id)) this.markDirty(chart);
    });
  }

  show(): void {
    this.visible = true;
    for (const chart of this.charts) if (!chart.plot || this.dirty.has(chart)) this.redraw(chart);
  }

  hide(): void {
    this.visible = false;
  }

  private markDirty(chart: Chart): void {
    this.dirty.add(chart);
    if (this.visible) requestAnimationFrame(() => this.dirty.has(chart) && this.redraw(chart));
  }

  private redraw(chart: Chart): void {
    this.dirty.delete(chart);
    chart.plot?.destroy();
    chart.plot = undefined;
    const data = chart.build();
    const canvasHost = chart.container.querySelector<HTMLElement>('.chart__canvas') as HTMLElement;
    const note = chart.container.querySelector<HTMLElement>('.chart__note') as HTMLElement;
    if (typeof data === 'string') {
      canvasHost.replaceChildren();
      note.textContent = data;
      return;
    }
    note.textContent = `${data.leftUnits}${data.rightUnits ? ` (right axis: ${data.rightUnits})` : ''}`;
    const width = Math.max(200, canvasHost.clientWidth || chart.container.clientWidth || 296);
    const axisStyle = { stroke: '#616161', grid: { stroke: '#edebe9', width: 1 }, ticks: { stroke: '#edebe9', width: 1 }, font: '11px "Segoe UI", sans-serif' };
    chart.plot = new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: true, live: false },
        cursor: { drag: { x: true, y: false } },
        scales: { x: { time: true }, y: {}, ...(data.rightUnits ? { y2: {} } : {}) },
        axes: [
          { ...axisStyle },
          { ...axisStyle, scale: 'y', size: 48 },
          ...(data.rightUnits ? [{ ...axisStyle, scale: 'y2', side: 1 as const, size: 40, grid: { show: false } }] : []),
        ],
        series: [
          {},
          ...data.lines.map((line, i) => ({ label: line.label, stroke: COLOURS[i % COLOURS.length], width: i === 0 ? 2 : 1.25, scale: line.axis === 'right' ? 'y2' : 'y' })),
        ],
      },
      [Array.from(data.x), ...data.lines.map((line) => Array.from(line.values))] as uPlot.AlignedData,
      canvasHost,
    );
  }
}
