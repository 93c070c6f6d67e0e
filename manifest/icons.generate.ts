import { writeFileSync } from 'node:fs';
import { encodePng } from './png.codec.ts';

/**
 * Draws the app icons (a calendar with a clock: "work hours and leave") and writes
 * manifest/color.png and manifest/outline.png. The PNGs are committed; re-run this after changing
 * the drawing: `node manifest/icons.generate.ts`. A test checks the committed files match.
 *
 * Teams wants a 192×192 full-colour icon (symbol inside the central ~120 px safe zone) and a 32×32
 * outline icon that is white on a transparent background.
 */

export const NAVY = { r: 0x1f, g: 0x3a, b: 0x93 } as const;

type Shape = (u: number, v: number) => boolean;

function roundRect(x0: number, y0: number, x1: number, y1: number, r: number): Shape {
  return (u, v) => {
    if (u < x0 || u > x1 || v < y0 || v > y1) return false;
    const cx = Math.min(Math.max(u, x0 + r), x1 - r);
    const cy = Math.min(Math.max(v, y0 + r), y1 - r);
    return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  };
}

function capsule(ax: number, ay: number, bx: number, by: number, width: number): Shape {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  return (u, v) => {
    const t = Math.min(1, Math.max(0, ((u - ax) * dx + (v - ay) * dy) / len2));
    return (u - ax - t * dx) ** 2 + (v - ay - t * dy) ** 2 <= (width / 2) ** 2;
  };
}

function ring(cx: number, cy: number, radius: number, width: number): Shape {
  return (u, v) => Math.abs(Math.hypot(u - cx, v - cy) - radius) <= width / 2;
}

/**
 * The pictogram in a unit box; `stroke` is the line width in the same units, so small icons can
 * use relatively thicker lines and stay legible.
 */
function calendarClock(stroke: number): Shape {
  const top = 0.14;
  const outer = roundRect(0.04, top, 0.96, 0.96, 0.12);
  const inner = roundRect(
    0.04 + stroke,
    top + stroke,
    0.96 - stroke,
    0.96 - stroke,
    Math.max(0.12 - stroke, 0.01),
  );
  const header = roundRect(0.04, top, 0.96, 0.36, 0.12);
  const binders = [capsule(0.3, 0.04, 0.3, 0.22, stroke), capsule(0.7, 0.04, 0.7, 0.22, stroke)];
  const cx = 0.5;
  const cy = 0.625;
  const face = ring(cx, cy, 0.18, stroke * 0.85);
  const hands = [
    capsule(cx, cy, cx, cy - 0.1, stroke * 0.75),
    capsule(cx, cy, cx + 0.08, cy + 0.04, stroke * 0.75),
  ];
  return (u, v) =>
    (outer(u, v) && !inner(u, v)) ||
    header(u, v) ||
    binders.some((s) => s(u, v)) ||
    face(u, v) ||
    hands.some((s) => s(u, v));
}

interface Layout {
  size: number;
  /** The symbol's box, in pixels. */
  box: { x: number; y: number; size: number };
  strokePx: number;
}

/** Fraction of each pixel covered by the shape, from 8×8 supersampling (anti-aliased edges). */
function coverage(layout: Layout): Float64Array {
  const { size, box, strokePx } = layout;
  const shape = calendarClock(strokePx / box.size);
  const samples = 8;
  const out = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples - box.x) / box.size;
          const v = (y + (sy + 0.5) / samples - box.y) / box.size;
          if (shape(u, v)) hits++;
        }
      }
      out[y * size + x] = hits / (samples * samples);
    }
  }
  return out;
}

/** 192×192: white symbol on an opaque navy square (Teams rounds the corners itself). */
export function renderColorIcon(): Buffer {
  const size = 192;
  const cover = coverage({ size, box: { x: 36, y: 36, size: 120 }, strokePx: 11 });
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    const c = cover[i]!;
    data[i * 4] = Math.round(NAVY.r + (255 - NAVY.r) * c);
    data[i * 4 + 1] = Math.round(NAVY.g + (255 - NAVY.g) * c);
    data[i * 4 + 2] = Math.round(NAVY.b + (255 - NAVY.b) * c);
    data[i * 4 + 3] = 255;
  }
  return encodePng({ width: size, height: size, data });
}

/** 32×32: white symbol, transparent elsewhere; edge pixels are white with partial alpha. */
export function renderOutlineIcon(): Buffer {
  const size = 32;
  const cover = coverage({ size, box: { x: 2, y: 2, size: 28 }, strokePx: 2.4 });
  const data = new Uint8Array(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    data.fill(255, i * 4, i * 4 + 3);
    data[i * 4 + 3] = Math.round(255 * cover[i]!);
  }
  return encodePng({ width: size, height: size, data });
}

export const ICON_FILES = {
  color: new URL('./color.png', import.meta.url),
  outline: new URL('./outline.png', import.meta.url),
} as const;

if (import.meta.main) {
  writeFileSync(ICON_FILES.color, renderColorIcon());
  writeFileSync(ICON_FILES.outline, renderOutlineIcon());
  console.log(`wrote ${ICON_FILES.color.pathname} and ${ICON_FILES.outline.pathname}`);
}
