/**
 * The data a shared workbook carries: the observations of every series embedded, in the snapshot's
 * compact form, inside custom XML parts. Pure text in and out, so the add-in (through Office.js),
 * the sample-workbook script (through a zip library) and tests all share it.
 *
 * Format 2 (written now): the snapshot JSON, zlib-compressed (fflate; the zlib trailer's Adler-32,
 * checked here since fflate does not, catches a damaged payload) and base64-encoded, split over as many parts as keep each under
 * MAX_PART_BYTES — Office on the web refuses a custom XML part over 1 MB (office-js #2408, "precisely
 * 1MB"; also #394, #6216):
 *
 *   <snapshot xmlns="urn:liquidity-lens:embedded-data" format="2" catalogVersion="1"
 *             embeddedAt="2026-08-27T21:00:00.000Z" set="5F3A09C1" part="1" parts="1"
 *             encoding="zlib+base64">eNrsvWuT…</snapshot>
 *
 * Format 1 (read only; workbooks shared before): the JSON itself in a CDATA section.
 *
 * Parts are read with an XML parser, never a pattern: Excel may hand a part back re-serialised —
 * attributes in another order, whitespace added, CDATA turned into escaped text. The payload is
 * plain base64, which none of that can change.
 */
import { strFromU8, strToU8, unzlibSync, zlibSync } from 'fflate';
import { CATALOG_VERSION } from '../catalog/catalog';
import type { HeldSeries } from '../data/heldSeries';
import { decimalsForValues } from '../data/persistence';
import { decodeSnapshot, encodeSnapshot } from '../data/snapshot/snapshotFile';

export const EMBEDDED_NAMESPACE = 'urn:liquidity-lens:embedded-data';
/** The format this add-in writes; it also reads LEGACY_FORMAT. */
export const EMBEDDED_FORMAT = 2;
export const LEGACY_FORMAT = 1;
export const PAYLOAD_ENCODING = 'zlib+base64';
/** Document setting holding the parts' ids and format (Office.context.document.settings). */
export const EMBEDDED_SETTING = 'liquidityLens.embeddedData';
/**
 * Largest part written, in bytes of XML text. Office on the web's limit is "1 MB" without saying
 * which; this stays under both 10^6 and 2^20 with room for the envelope.
 */
export const MAX_PART_BYTES = 900_000;

export interface EmbeddedSetting {
  /** The parts of the set, in order (format 2). */
  readonly partIds?: readonly string[];
  /** The single part of a format-1 workbook. */
  readonly partId?: string;
  readonly format: number;
  readonly embeddedAt: string;
}

/** The ids a setting names, whichever format wrote it. */
export function settingPartIds(setting: EmbeddedSetting | null | undefined): string[] {
  if (!setting) return [];
  if (Array.isArray(setting.partIds)) return setting.partIds.filter((id): id is string => typeof id === 'string');
  return typeof setting.partId === 'string' ? [setting.partId] : [];
}

/** The part of DOMParser this module uses: the browser's, or @xmldom/xmldom's in Node. */
export interface XmlParser {
  parseFromString(text: string, type: 'text/xml' | 'application/xml'): XmlDocumentLike;
}
interface XmlElementLike {
  readonly namespaceURI: string | null;
  readonly localName: string | null;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
}
interface XmlDocumentLike {
  readonly documentElement: XmlElementLike | null;
  getElementsByTagName(name: string): { readonly length: number };
}

function defaultParser(): XmlParser {
  const Parser = (globalThis as { DOMParser?: new () => XmlParser }).DOMParser;
  if (!Parser) throw new Error('no DOMParser here: pass one (new (require("@xmldom/xmldom").DOMParser)() in Node)');
  return new Parser();
}

// ---- encoding ---------------------------------------------------------------------------------

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // String.fromCharCode over chunks: one call per byte is slow, one call for all overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** RFC 1950's Adler-32 of `bytes`. */
function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  // 5552 is the longest run before b can overflow 2^32 (zlib's NMAX).
  for (let i = 0; i < bytes.length; i += 5552) {
    const end = Math.min(i + 5552, bytes.length);
    for (let j = i; j < end; j++) {
      a += bytes[j]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** FNV-1a, 32 bits, as 8 hex digits: names a set of parts (grouping, not integrity: zlib checks that). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

const xmlAttr = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/**
 * The XML texts of the parts carrying `items`, in order; each is at most `maxPartBytes` bytes.
 * Deterministic: the same series and time give the same parts.
 */
export function encodeEmbeddedParts(items: readonly HeldSeries[], embeddedAt: string, maxPartBytes: number = MAX_PART_BYTES): string[] {
  const snapshot = encodeSnapshot(
    items.map((held) => ({ held, decimals: decimalsForValues(held.series.values) })),
    embeddedAt,
  );
  const payload = toBase64(zlibSync(strToU8(JSON.stringify(snapshot)), { level: 9 }));
  const set = fnv1a(`${embeddedAt}\u0000${payload}`);
  const envelope = (part: number, parts: number, chunk: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<snapshot xmlns="${EMBEDDED_NAMESPACE}" format="${EMBEDDED_FORMAT}" catalogVersion="${CATALOG_VERSION}" embeddedAt="${xmlAttr(embeddedAt)}" set="${set}" part="${part}" parts="${parts}" encoding="${PAYLOAD_ENCODING}">${chunk}</snapshot>`;
  // The envelope of the largest part number there could be; base64 is ASCII, so characters are bytes.
  const overhead = new TextEncoder().encode(envelope(99_999, 99_999, '')).length;
  const room = maxPartBytes - overhead;
  if (room < 1024) throw new RangeError(`a part of ${maxPartBytes} bytes leaves no room for data`);
  const parts = Math.max(1, Math.ceil(payload.length / room));
  return Array.from({ length: parts }, (_, i) => envelope(i + 1, parts, payload.slice(i * room, (i + 1) * room)));
}

// ---- decoding ---------------------------------------------------------------------------------

export type DecodedPart = { ok: true; items: HeldSeries[]; embeddedAt: string; rejected: string[] } | { ok: false; reason: string };

interface ReadPart {
  readonly format: number;
  readonly embeddedAt: string;
  readonly set: string;
  readonly part: number;
  readonly parts: number;
  readonly text: string;
}

function readPart(xml: string, parser: XmlParser): ReadPart | { reason: string } {
  let doc: XmlDocumentLike;
  try {
    doc = parser.parseFromString(xml, 'application/xml');
  } catch {
    return { reason: 'not a Liquidity Lens data part (not well-formed XML)' };
  }
  const root = doc.documentElement;
  if (!root || doc.getElementsByTagName('parsererror').length > 0) return { reason: 'not a Liquidity Lens data part (not well-formed XML)' };
  if (root.localName !== 'snapshot') return { reason: 'not a Liquidity Lens data part' };
  if (root.namespaceURI !== EMBEDDED_NAMESPACE) return { reason: `unknown namespace ${root.namespaceURI ?? '(none)'}` };
  const format = Number(root.getAttribute('format'));
  if (format !== EMBEDDED_FORMAT && format !== LEGACY_FORMAT) {
    return { reason: `data format ${root.getAttribute('format') ?? '(none)'}, this add-in reads formats ${LEGACY_FORMAT} and ${EMBEDDED_FORMAT}` };
  }
  const embeddedAt = root.getAttribute('embeddedAt') ?? '';
  if (format === LEGACY_FORMAT) return { format, embeddedAt, set: `legacy:${embeddedAt}`, part: 1, parts: 1, text: root.textContent ?? '' };
  if (root.getAttribute('encoding') !== PAYLOAD_ENCODING) return { reason: `unknown data encoding ${root.getAttribute('encoding') ?? '(none)'}` };
  const part = Number(root.getAttribute('part'));
  const parts = Number(root.getAttribute('parts'));
  if (!Number.isInteger(part) || !Number.isInteger(parts) || part < 1 || part > parts)
    return { reason: `part ${root.getAttribute('part')} of ${root.getAttribute('parts')} is not a part number` };
  // A re-serialiser may wrap or indent text: base64 ignores whitespace.
  return { format, embeddedAt, set: root.getAttribute('set') ?? '', part, parts, text: (root.textContent ?? '').replace(/\s+/g, '') };
}

function decodeJson(text: string, embeddedAt: string): DecodedPart {
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
    embeddedAt,
    rejected: decoded.rejected.map((r) => `${r.id} (${r.reason})`),
  };
}

/**
 * The series in a workbook's data parts (every part of our namespace it holds, in any order), or
 * why they cannot be used: a foreign, corrupt, incomplete or other-format set. When the parts hold
 * several complete sets, the newest is used. Series the catalogue no longer knows, or in other
 * units, are left out and named.
 */
export function decodeEmbeddedParts(xmls: readonly string[], parser: XmlParser = defaultParser()): DecodedPart {
  const read = xmls.map((xml) => readPart(xml, parser));
  const good = read.filter((r): r is ReadPart => !('reason' in r));
  if (good.length === 0) return { ok: false, reason: read.map((r) => ('reason' in r ? r.reason : '')).find(Boolean) ?? 'this workbook carries no embedded data' };
  const sets = new Map<string, ReadPart[]>();
  for (const part of good) sets.set(part.set, [...(sets.get(part.set) ?? []), part]);
  const ordered = [...sets.values()].sort((a, b) => (b[0]!.embeddedAt > a[0]!.embeddedAt ? 1 : b[0]!.embeddedAt < a[0]!.embeddedAt ? -1 : 0));
  let firstProblem: string | undefined;
  for (const set of ordered) {
    const decoded = decodeSet(set);
    if (decoded.ok) return decoded;
    firstProblem ??= decoded.reason;
  }
  return { ok: false, reason: firstProblem ?? 'no usable data' };
}

function decodeSet(set: readonly ReadPart[]): DecodedPart {
  const first = set[0]!;
  if (first.format === LEGACY_FORMAT) return decodeJson(first.text, first.embeddedAt);
  const byNumber = new Map(set.map((part) => [part.part, part] as const));
  const missing = Array.from({ length: first.parts }, (_, i) => i + 1).filter((n) => !byNumber.has(n));
  if (missing.length) return { ok: false, reason: `the embedded data is incomplete: part ${missing.join(', ')} of ${first.parts} is missing` };
  const payload = Array.from({ length: first.parts }, (_, i) => byNumber.get(i + 1)!.text).join('');
  let json: string | undefined;
  try {
    const zlib = fromBase64(payload);
    const inflated = unzlibSync(zlib);
    const trailer = zlib.length >= 4 ? ((zlib[zlib.length - 4]! << 24) | (zlib[zlib.length - 3]! << 16) | (zlib[zlib.length - 2]! << 8) | zlib[zlib.length - 1]!) >>> 0 : -1;
    if (adler32(inflated) === trailer) json = strFromU8(inflated);
  } catch {
    // reported below
  }
  if (json === undefined) return { ok: false, reason: 'the embedded data is damaged (its checksum does not match)' };
  return decodeJson(json, first.embeddedAt);
}

/** One part's series: decodeEmbeddedParts of a single part. */
export function decodeEmbeddedPart(xml: string, parser?: XmlParser): DecodedPart {
  return decodeEmbeddedParts([xml], parser);
}
