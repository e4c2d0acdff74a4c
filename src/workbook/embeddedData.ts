/**
 * Embedding the data a workbook uses, and pinning to it on open (DESIGN §7). Runs in the add-in's
 * shared runtime through Office.js; the part's text is built and read by embeddedPart.ts.
 */
import type { LiveStore } from '../data/liveStore';
import type { HeldSeries } from '../data/heldSeries';
import { EMBEDDED_FORMAT, EMBEDDED_NAMESPACE, EMBEDDED_SETTING, decodeEmbeddedPart, encodeEmbeddedPart, type EmbeddedSetting } from './embeddedPart';

/** Office keys of the document settings this add-in writes; nothing secret ever goes here. */
export const AUTO_SHOW_SETTING = 'Office.AutoShowTaskpaneWithDocument';

function saveSettings(): Promise<void> {
  return new Promise((resolve, reject) =>
    Office.context.document.settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(result.error))),
  );
}

export interface EmbedResult {
  readonly partId: string;
  readonly seriesIds: readonly string[];
  readonly bytes: number;
  readonly embeddedAt: string;
}

/**
 * Writes the held observations of `ids` into the workbook as one custom XML part (replacing the
 * previous one), records its id and format in the document settings, and asks Office to open the
 * pane with the document. The part holds observations, units, source and retrieval times only.
 */
export async function embedData(store: LiveStore, ids: readonly string[], now: () => Date = () => new Date()): Promise<EmbedResult> {
  const items = ids.map((id) => store.peek(id)).filter((item): item is HeldSeries => item !== undefined);
  const embeddedAt = now().toISOString();
  const xml = encodeEmbeddedPart(items, embeddedAt);
  const previous = Office.context.document.settings.get(EMBEDDED_SETTING) as EmbeddedSetting | null;
  const partId = await Excel.run(async (context) => {
    if (previous?.partId) {
      const old = context.workbook.customXmlParts.getItemOrNullObject(previous.partId);
      await context.sync();
      if (!old.isNullObject) old.delete();
    }
    const part = context.workbook.customXmlParts.add(xml);
    part.load('id');
    await context.sync();
    return part.id;
  });
  const setting: EmbeddedSetting = { partId, format: EMBEDDED_FORMAT, embeddedAt };
  Office.context.document.settings.set(EMBEDDED_SETTING, setting);
  Office.context.document.settings.set(AUTO_SHOW_SETTING, true);
  await saveSettings();
  store.pin(items, embeddedAt);
  return { partId, seriesIds: items.map((item) => item.series.id), bytes: xml.length, embeddedAt };
}

export type PinOutcome = { pinned: true; embeddedAt: string; seriesIds: string[]; rejected: string[] } | { pinned: false; reason: string };

/**
 * On open: when the workbook carries embedded data, the store computes from it (the recipient sees
 * the author's numbers) until someone refreshes. A corrupt or foreign part is reported, not used.
 */
export async function pinToEmbeddedData(store: LiveStore): Promise<PinOutcome> {
  const setting = Office.context.document.settings.get(EMBEDDED_SETTING) as EmbeddedSetting | null;
  const xml = await Excel.run(async (context) => {
    const parts = context.workbook.customXmlParts;
    if (setting?.partId) {
      const part = parts.getItemOrNullObject(setting.partId);
      await context.sync();
      if (!part.isNullObject) {
        const text = part.getXml();
        await context.sync();
        return text.value;
      }
    }
    // The setting can be lost (another tool rewrote the file): look the part up by namespace.
    const byNamespace = parts.getByNamespace(EMBEDDED_NAMESPACE);
    byNamespace.load('items');
    await context.sync();
    const first = byNamespace.items[0];
    if (!first) return undefined;
    const text = first.getXml();
    await context.sync();
    return text.value;
  });
  if (xml === undefined) return { pinned: false, reason: setting ? 'the embedded data part is missing' : 'this workbook carries no embedded data' };
  const decoded = decodeEmbeddedPart(xml);
  if (!decoded.ok) return { pinned: false, reason: `the embedded data was ignored: ${decoded.reason}` };
  store.pin(decoded.items, decoded.embeddedAt);
  return { pinned: true, embeddedAt: decoded.embeddedAt, seriesIds: decoded.items.map((item) => item.series.id), rejected: decoded.rejected };
}
