/**
 * The version of a built file, from its bytes: the build appends it to every local URL in the pages
 * (`functions.js?v=…`), and the server gives a year's `immutable` cache only to a request whose `v`
 * is the version of the bytes it sends. Shared by webpack.config.js (through tsx) and staticFiles.ts,
 * so the two cannot disagree. No dependencies beyond node:crypto.
 */
import { createHash } from 'node:crypto';

/** 16 hex digits of SHA-256: 64 bits, far beyond any chance collision between two builds. */
export function contentVersion(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}

/** A strong ETag for the same bytes (the whole digest's first 32 hex digits). */
export function contentEtag(bytes: Uint8Array): string {
  return `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`;
}
