#!/usr/bin/env node
// Draws the add-in's icons (assets/icon-16.png, -32, -64, -80): a dark-blue rounded square with a
// gold line rising from bottom left to top right. Pure Node: a hand-written PNG encoder over zlib.
// Run with `npm run icons`; the PNGs are committed, so a build never needs this script.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZES = [16, 32, 64, 80];
const SUPERSAMPLE = 4; // 4×4 samples per pixel for anti-aliased edges

const BACKGROUND = [0x0b, 0x25, 0x45]; // dark blue
const BACKGROUND_TOP = [0x13, 0x3c, 0x6e]; // a lighter blue at the top, for a slight gradient
const GOLD = [0xf2, 0xb7, 0x05];
const GRID = [0x2c, 0x4f, 0x7c];

// The design in unit coordinates (0..1, y down).
const CORNER_RADIUS = 0.2;
const LINE = [
  [0.18, 0.76],
  [0.38, 0.58],
  [0.52, 0.66],
  [0.8, 0.28],
];
const DOT = { x: 0.8, y: 0.28, r: 0.085 };
const GRID_Y = [0.42, 0.62];

// ---------- PNG encoding ----------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buffers) {
  let c = 0xffffffff;
  for (const buf of buffers) {
    for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeBuf = Buffer.from(type, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([typeBuf, data]));
  return Buffer.concat([length, typeBuf, data, crc]);
}

/** Encodes 8-bit RGBA pixels (row-major, width*height*4 bytes) as a PNG file. */
export function encodePng(width, height, rgba) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// ---------- drawing ----------

function insideRoundedSquare(x, y) {
  const r = CORNER_RADIUS;
  if (x < 0 || x > 1 || y < 0 || y > 1) return false;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function distanceToLine(x, y) {
  let d = Infinity;
  for (let i = 0; i + 1 < LINE.length; i++) d = Math.min(d, distanceToSegment(x, y, LINE[i], LINE[i + 1]));
  return d;
}

/** The colour of one sample point, or null outside the icon (transparent). */
function sample(x, y, size) {
  if (!insideRoundedSquare(x, y)) return null;
  // Line widths in unit coordinates, kept at least ~1.4 px wide so the 16 px icon stays legible.
  const lineHalfWidth = Math.max(0.055, 0.7 / size);
  const gridHalfWidth = Math.max(0.008, 0.35 / size);
  if (distanceToLine(x, y) <= lineHalfWidth) return GOLD;
  if (Math.hypot(x - DOT.x, y - DOT.y) <= Math.max(DOT.r, 1.5 / size)) return GOLD;
  if (size >= 32 && GRID_Y.some((g) => Math.abs(y - g) <= gridHalfWidth) && x > 0.12 && x < 0.88) return GRID;
  const t = y; // vertical gradient
  return BACKGROUND.map((c, i) => Math.round(BACKGROUND_TOP[i] * (1 - t) + c * t));
}

export function drawIcon(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
          const c = sample(x, y, size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        // Colour averaged over the covered samples (straight alpha), alpha = coverage.
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
        rgba[o + 3] = Math.round((255 * a) / n);
      }
    }
  }
  return encodePng(size, size, rgba);
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
  mkdirSync(outDir, { recursive: true });
  for (const size of SIZES) {
    const file = join(outDir, `icon-${size}.png`);
    writeFileSync(file, drawIcon(size));
    console.log(`wrote ${file}`);
  }
}
