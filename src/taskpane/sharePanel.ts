/**
 * The Share panel (DESIGN §7): embed the data the workbook uses so a recipient sees the same
 * numbers, write a sources sheet, freeze formulas to values for recipients without the add-in —
 * and, on the Data tab, say when the workbook is pinned to embedded data and offer to embed it.
 */
import { formatIsoDate } from '../core/dates/isoDate';
import { lastDay } from '../core/series/series';
import type { HeldSeries } from '../data/heldSeries';
import type { AddinRuntime } from '../addin/addinRuntime';
import { embedData } from '../workbook/embeddedData';
import { EMBEDDED_SETTING } from '../workbook/embeddedPart';
import { FreezePending, freezeToValues } from '../workbook/freezeValues';
import { writeSourcesSheet } from '../workbook/sourcesSheet';
import { byId, formatRetrieved } from './dom';

export class SharePanel {
  private readonly status = byId('share-status');
  private readonly banner = byId('pinned-banner');
  private readonly bannerText = byId('pinned-text');
  private readonly offer = byId('embed-offer');
  /** The author's choice to embed market prices that may not be redistributed; off by default. */
  private readonly includeRestricted = byId('embed-restricted') as HTMLInputElement;
  /** Series last embedded: a re-embed after a refresh keeps them all. */
  private embeddedIds = new Set<string>();

  constructor(private readonly runtime: AddinRuntime) {
    byId('embed-data').addEventListener('click', () => void this.run('Embedding…', () => this.embed()));
    byId('embed-offer-button').addEventListener('click', () => void this.run('Embedding…', () => this.embed()));
    byId('write-sources').addEventListener('click', () => void this.run('Writing the sources sheet…', () => this.writeSources()));
    byId('freeze-values').addEventListener('click', () => void this.run('Freezing…', () => this.freeze()));
    runtime.store.onStatus(() => this.updateOffer());
    void runtime.embedded.then((outcome) => {
      if (outcome.pinned) {
        this.embeddedIds = new Set(outcome.seriesIds);
        this.showPinned(outcome.embeddedAt);
        this.status.textContent = `This workbook carries ${outcome.seriesIds.length} series embedded ${formatRetrieved(outcome.embeddedAt)}${outcome.rejected.length ? `; ignored: ${outcome.rejected.join(', ')}` : ''}.`;
      } else {
        this.status.textContent = outcome.reason.endsWith('no embedded data') ? 'This workbook carries no embedded data yet.' : `Embedded data not used: ${outcome.reason}.`;
      }
      this.updateOffer();
    });
  }

  /** After a refresh: a workbook that carries data gets the refreshed data embedded too. */
  async afterRefresh(): Promise<void> {
    if (this.workbookCarriesData()) await this.run('Updating the embedded data…', () => this.embed());
  }

  private workbookCarriesData(): boolean {
    return typeof Office !== 'undefined' && Office.context?.document?.settings?.get(EMBEDDED_SETTING) != null;
  }

  private heldInUse(): HeldSeries[] {
    const ids = new Set([...this.runtime.store.usedIds(), ...this.embeddedIds]);
    return [...ids].map((id) => this.runtime.store.peek(id)).filter((item): item is HeldSeries => item !== undefined);
  }

  private async embed(): Promise<string> {
    const items = this.heldInUse();
    if (items.length === 0) return 'No formula in this workbook reads a series: nothing to embed.';
    const result = await embedData(
      this.runtime.store,
      items.map((item) => item.series.id),
      { includeRestricted: this.includeRestricted.checked },
    );
    // A re-embed after a refresh keeps what was in use, including what the licence left out.
    this.embeddedIds = new Set([...result.seriesIds, ...result.leftOut]);
    this.showPinned(result.embeddedAt);
    this.updateOffer();
    const parts = result.partIds.length > 1 ? ` in ${result.partIds.length} parts` : '';
    const leftOut = result.leftOut.length
      ? ` Not embedded (market prices that may not be redistributed; tick the box to include them): ${result.leftOut.join(', ')} — recipients need their own copy.`
      : '';
    return `Embedded ${result.seriesIds.length} series (${Math.round(result.bytes / 1024)} kB${parts}). Recipients will see these numbers until they refresh.${leftOut}`;
  }

  private async writeSources(): Promise<string> {
    const count = await writeSourcesSheet(this.heldInUse());
    return `Wrote ${count} series to the sheet "Liquidity Lens sources".`;
  }

  private async freeze(): Promise<string> {
    const asOf = latestObservation(this.heldInUse()) ?? 'unknown';
    const store = this.runtime.store;
    try {
      const frozen = await freezeToValues({
        stamp: `frozen ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, data as of ${asOf}`,
        stillLoading: () => store.usedIds().filter((id) => store.status(id).state === 'refreshing'),
      });
      if (frozen.length === 0) return 'No sheet uses Liquidity Lens formulas.';
      const fixed = frozen.reduce((sum, sheet) => sum + sheet.fixedFormulas, 0);
      return `Wrote ${frozen.map((f) => `"${f.copy}"`).join(', ')} with values in place of the formulas${fixed ? `; ${fixed} formula${fixed === 1 ? '' : 's'} that read a spill now read its fixed range` : ''}.`;
    } catch (error) {
      if (error instanceof FreezePending) return error.message;
      throw error;
    }
  }

  private showPinned(embeddedAt: string): void {
    const pinnedTo = this.runtime.store.pinnedTo();
    this.banner.hidden = pinnedTo === undefined;
    const last = latestObservation(this.heldInUse());
    this.bannerText.textContent = `Pinned to the data embedded ${formatRetrieved(embeddedAt)}${last ? ` (data as of ${last})` : ''}. Refresh to update it.`;
  }

  private updateOffer(): void {
    const used = this.runtime.store.usedIds().length > 0;
    this.offer.hidden = !used || this.workbookCarriesData();
    if (this.runtime.store.pinnedTo() === undefined) this.banner.hidden = true;
  }

  private async run(busy: string, action: () => Promise<string>): Promise<void> {
    this.status.textContent = busy;
    try {
      this.status.textContent = await action();
    } catch (error) {
      this.status.textContent = `That did not work: ${(error as Error).message}`;
    }
  }
}

/** The newest observation date among the series (ISO), if any. */
function latestObservation(items: readonly HeldSeries[]): string | undefined {
  return items.length ? formatIsoDate(Math.max(...items.map((item) => lastDay(item.series)))) : undefined;
}
