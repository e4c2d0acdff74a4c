/**
 * The data a shared workbook carries: the observations of every series its formulas use, in the
 * snapshot's compact form, inside a custom XML part. Pure text in and out, so the add-in (through
 * Office.js), the sample-workbook script (through a zip library) and tests all share it.
 *
 * <snapshot xmlns="urn:liquidity-lens:embedded-data" format="1" catalogVersion="1"
 *           embeddedAt="2026-08-27T21:00:00.000Z"><![CDATA[{…snapshot JSON…}]]></snapshot>
 */
import { CATALOG_VERSION } from '../catalog/catalog';
import type { HeldSeries } from '../data/heldSeries';
import { decimalsForValues } from '../data/persistence';
import { decodeSnapshot, encodeSnapshot } from '../data/snapshot/snapshotFile';

export const EMBEDDED_NAMESPACE = 'urn:liquidity-lens:embedded-data';
export const EMBEDDED_FORMAT = 1;
/** Document setting holding the part's id and version (Office.context.document.settings). */
export const EMBEDDED_SETTING = 'liquidityLens.embeddedData';

export interface EmbeddedSetting {
  readonly partId: string;
  readonly format: number;
  readonly embeddedAt: string;
}

/** The XML text of a part carrying `items`. */
export function encodeEmbeddedPart(items: readonly HeldSeries[], embeddedAt: string): string {
  const snapshot = encodeSnapshot(
    items.map((held) => ({ held, decimals: decimalsForValues(held.series.values) })),
    embeddedAt,
  );
  // JSON of numbers, ids and ISO dates cannot contain "]]>", but a source string could: split it.
  const json = JSON.stringify(snapshot).split(']]>').join(']]]]><![CDATA[>');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<snapshot xmlns="${EMBEDDED_NAMESPACE}" format="${EMBEDDED_FORMAT}" catalogVersion="${CATALOG_VERSION}" embeddedAt="${embeddedAt}"><![CDATA[${json}]]></snapshot>`
  );
}

export type DecodedPart = { ok: true; items: HeldSeries[]; embeddedAt: string; rejected: string[] } | { ok: false; reason: string };

/**
 * The series in a part, or why it cannot be used (another format, a foreign or corrupt part).
 * Series the catalogue no longer knows, or in other units, are left out and named.
 */
export function decodeEmbeddedPart(xml: string): DecodedPart {
  const root = /<snapshot\s([^>]*)>([\s\S]*)<\/snapshot>\s*$/.exec(xml.trim());
  if (!root) return { ok: false, reason: 'not a Liquidity Lens data part' };
  const attributes = Object.fromEntries([...root[1].matchAll(/([\w:]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (attributes.xmlns !== EMBEDDED_NAMESPACE) return { ok: false, reason: `unknown namespace ${attributes.xmlns ?? '(none)'}` };
  if (attributes.format !== String(EMBEDDED_FORMAT)) return { ok: false, reason: `data format ${attributes.format}, this add-in reads format ${EMBEDDED_FORMAT}` };
  const text = [...root[2].matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]).join('');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the embedded data is not complete JSON' };
  }
  const decoded = decodeSnapshot(json);
  if ('error' in decoded) return { ok: false, reason: decoded.error };
  return {
    ok: true,
    items: decoded.series.map((item) => ({ ...item, origin: 'workbook' })),
    embeddedAt: attributes.embeddedAt ?? '',
    rejected: decoded.rejected.map((r) => `${r.id} (${r.reason})`),
  };
}
