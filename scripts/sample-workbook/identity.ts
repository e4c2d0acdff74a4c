/** Deterministic identities: GUIDs derived from hashes, and the add-in's own from manifest.xml. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { MANIFEST_PATH } from './paths';

/** A GUID in Office's "{XXXXXXXX-…}" form, derived from a hash of `parts` (name-based, like UUID v5). */
export function hashGuid(...parts: string[]): string {
  const hash = createHash('sha1').update(parts.join('\u0000')).digest();
  hash[6] = (hash.readUInt8(6) & 0x0f) | 0x50;
  hash[8] = (hash.readUInt8(8) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}

export interface ManifestIdentity {
  readonly id: string;
  readonly version: string;
}

/** The add-in's <Id> and <Version> from manifest.xml (the OfficeApp's own, not a nested element's). */
export function readManifestIdentity(path: string = MANIFEST_PATH): ManifestIdentity {
  const text = readFileSync(path, 'utf8');
  const id = /<OfficeApp\b[\s\S]*?<Id>\s*([^<\s]+)\s*<\/Id>/.exec(text)?.[1];
  const version = /<OfficeApp\b[\s\S]*?<Version>\s*([^<\s]+)\s*<\/Version>/.exec(text)?.[1];
  if (!id || !version) throw new Error(`${path}: no <Id> or <Version>`);
  return { id, version };
}
