/**
 * Embedding the data a workbook uses, and pinning to it on open (DESIGN §7). Runs in the add-in's
 * shared runtime through Office.js; the parts' text is built and read by embeddedPart.ts, and
 * licences.ts decides which series may go in.
 */
import type { LiveStore } from '../data/liveStore';
import { heldKey, type HeldSeries } from '../data/heldSeries';
import { splitVintageKey } from '../data/vintage';
import { loadWithDocument } from './startupBehavior';
import { EMBEDDED_FORMAT, EMBEDDED_NAMESPACE, EMBEDDED_SETTING, decodeEmbeddedParts, encodeEmbeddedParts, settingPartIds, type EmbeddedSetting } from './embeddedPart';
import { chooseEmbedded } from './licences';

/** Office keys of the document settings this add-in writes; nothing secret ever goes here. */
export const AUTO_SHOW_SETTING = 'Office.AutoShowTaskpaneWithDocument';

function saveSettings(): Promise<void> {
  return new Promise((resolve, reject) =>
    Office.context.document.settings.saveAsync((result) => (result.status === Office.AsyncResultStatus.Succeeded ? resolve() : reject(result.error))),
  );
}

export interface EmbedResult {
  readonly partIds: readonly string[];
  /** Store keys embedded: series ids, and `GDP@first`-style keys for vintages (DESIGN §4a). */
  readonly seriesIds: readonly string[];
  /** Series in use that were not embedded because their licence does not allow it (the author did not opt in). */
  readonly leftOut: readonly string[];
  /** Bytes of XML over all parts, and of the largest part. */
  readonly bytes: number;
  readonly largestPartBytes: number;
  readonly embeddedAt: string;
}

export interface EmbedOptions {
  /** Embed series whose licence does not allow redistribution too (the author's explicit choice). */
  readonly includeRestricted?: boolean;
  readonly now?: () => Date;
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/**
 * Writes the held observations of `ids` into the workbook as a set of custom XML parts (replacing
 * any earlier set), records their ids and format in the document settings, and asks Office to open
 * the pane with the document. Series that may not be redistributed are left out unless the author
 * chose to include them. The parts hold observations, units, source and retrieval times only.
 */
export async function embedData(store: LiveStore, ids: readonly string[], options: EmbedOptions = {}): Promise<EmbedResult> {
  const held = embeddable(store, ids);
  const { embedded: items, leftOut } = chooseEmbedded(held, options.includeRestricted ?? false);
  const embeddedAt = (options.now ?? (() => new Date()))().toISOString();
  const xmls = encodeEmbeddedParts(items, embeddedAt);
  const previous = Office.context.document.settings.get(EMBEDDED_SETTING) as EmbeddedSetting | null;
  const partIds = await Excel.run(async (context) => {
    const parts = context.workbook.customXmlParts;
    // Every earlier part goes: those the setting names and any other of our namespace (a set
    // whose setting was lost), so a workbook never carries two data sets.
    const ours = parts.getByNamespace(EMBEDDED_NAMESPACE);
    ours.load('items/id');
    const named = settingPartIds(previous).map((id) => parts.getItemOrNullObject(id).load('id'));
    await context.sync();
    const old = new Map<string, Excel.CustomXmlPart>();
    for (const part of [...ours.items, ...named]) if (!part.isNullObject) old.set(part.id.toUpperCase(), part);
    for (const part of old.values()) part.delete();
    await context.sync();
    const written: string[] = [];
    // One part per sync: Excel on the web caps a request at 5 MB.
    for (const xml of xmls) {
      const part = parts.add(xml);
      part.load('id');
      await context.sync();
      written.push(part.id);
    }
    return written;
  });
  const setting: EmbeddedSetting = { partIds, format: EMBEDDED_FORMAT, embeddedAt };
  Office.context.document.settings.set(EMBEDDED_SETTING, setting);
  // Not Office.AutoShowTaskpaneWithDocument: with the shared runtime it has opened a blank pane or a
  // second runtime on desktop. Clear one an older version wrote; load with the document instead
  // (src/workbook/startupBehavior.ts), so the pane opens through the shared runtime.
  Office.context.document.settings.remove(AUTO_SHOW_SETTING);
  await saveSettings();
  const startup = await loadWithDocument();
  if (startup) console.warn(`Liquidity Lens: the pane will not open with this workbook: ${startup}`);
  store.pin(items, embeddedAt);
  const sizes = xmls.map(utf8Bytes);
  return {
    partIds,
    seriesIds: items.map(heldKey),
    leftOut: leftOut.map(heldKey),
    bytes: sizes.reduce((a, b) => a + b, 0),
    largestPartBytes: Math.max(...sizes),
    embeddedAt,
  };
}

/**
 * What embedding `ids` takes from the store: each held key as given, and every vintage of those
 * series that the workbook's cells use (`GDP@first` for "GDP"), so each travels with the vintage
 * it was pinned to and a recipient's vintage cells read it, not the latest data.
 */
export function embeddable(store: Pick<LiveStore, 'peek' | 'usedIds'>, ids: readonly string[]): HeldSeries[] {
  const wanted = new Set(ids);
  const seriesIds = new Set(ids.map((id) => splitVintageKey(id).id));
  for (const key of store.usedIds()) if (splitVintageKey(key).vintage !== undefined && seriesIds.has(splitVintageKey(key).id)) wanted.add(key);
  return [...wanted].map((key) => store.peek(key)).filter((item): item is HeldSeries => item !== undefined);
}

export type PinOutcome = { pinned: true; embeddedAt: string; seriesIds: string[]; rejected: string[] } | { pinned: false; reason: string };

/**
 * On open: when the workbook carries embedded data, the store computes from it (the recipient sees
 * the author's numbers) until someone refreshes. A corrupt, incomplete or foreign set is reported, not used.
 */
export async function pinToEmbeddedData(store: LiveStore): Promise<PinOutcome> {
  const setting = Office.context.document.settings.get(EMBEDDED_SETTING) as EmbeddedSetting | null;
  const xmls = await Excel.run(async (context) => {
    const parts = context.workbook.customXmlParts;
    // The parts the setting names, and every part of our namespace: the setting can be lost or
    // stale (another tool rewrote the file), and the decoder picks the newest complete set.
    const named = settingPartIds(setting).map((id) => parts.getItemOrNullObject(id).load('id'));
    const byNamespace = parts.getByNamespace(EMBEDDED_NAMESPACE);
    byNamespace.load('items/id');
    await context.sync();
    const found = new Map<string, Excel.CustomXmlPart>();
    for (const part of [...named, ...byNamespace.items]) if (!part.isNullObject) found.set(part.id.toUpperCase(), part);
    const texts = [...found.values()].map((part) => part.getXml());
    await context.sync();
    return texts.map((text) => text.value);
  });
  if (xmls.length === 0) return { pinned: false, reason: setting ? 'the embedded data part is missing' : 'this workbook carries no embedded data' };
  const decoded = decodeEmbeddedParts(xmls);
  if (!decoded.ok) return { pinned: false, reason: `the embedded data was ignored: ${decoded.reason}` };
  store.pin(decoded.items, decoded.embeddedAt);
  return { pinned: true, embeddedAt: decoded.embeddedAt, seriesIds: decoded.items.map(heldKey), rejected: decoded.rejected };
}
