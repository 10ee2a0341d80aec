// Colour arithmetic for the canvas views (pure: no DOM).

export type Rgba = readonly [r: number, g: number, b: number, a: number];

/**
 * Parses the forms a canvas normalises colours to (`#rrggbb`, `rgba(r, g, b, a)`), plus
 * `#rgb`, `#rrggbbaa` and `rgb(…)`; undefined for anything else.
 */
export function parseColor(text: string): Rgba | undefined {
  const s = text.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex !== null) {
    const h = hex[1];
    if (h.length === 3) {
      const digit = (i: number): number => parseInt(h[i] + h[i], 16);
      return [digit(0), digit(1), digit(2), 255];
    }
    if (h.length === 6 || h.length === 8) {
      const byte = (i: number): number => parseInt(h.slice(i, i + 2), 16);
      return [byte(0), byte(2), byte(4), h.length === 8 ? byte(6) : 255];
    }
    return undefined;
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (fn === null) return undefined;
  const parts = fn[1].split(/[\s,/]+/).filter((p) => p !== '').map(Number);
  if ((parts.length !== 3 && parts.length !== 4) || parts.some((n) => Number.isNaN(n))) return undefined;
  return [parts[0], parts[1], parts[2], parts.length === 4 ? Math.round(parts[3] * 255) : 255];
}

/** `top` composited over the opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3] / 255;
  const channel = (i: number): number => Math.round(top[i] * a + bottom[i] * (1 - a));
  return [channel(0), channel(1), channel(2), 255];
}

/** Linear mix: t = 0 gives `from`, t = 1 gives `to`. */
export function mix(from: Rgba, to: Rgba, t: number): Rgba {
  const channel = (i: number): number => Math.round(from[i] + (to[i] - from[i]) * t);
  return [channel(0), channel(1), channel(2), channel(3)];
}

/** A colour as one little-endian RGBA pixel, for a Uint32Array view of ImageData. */
export function packPixel(c: Rgba): number {
  return ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;
}

export function cssColor(c: Rgba): string {
  return c[3] === 255 ? `rgb(${c[0]}, ${c[1]}, ${c[2]})` : `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${+(c[3] / 255).toFixed(3)})`;
}
