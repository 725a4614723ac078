// Renders a photo-like mountain-lake landscape and encodes it as a baseline JPEG.
// Deterministic: the same seed and palette give the same bytes on every machine, so the
// committed blog can be rebuilt exactly. Fractal noise supplies the texture a real photo has,
// which is what gives the JPEG a realistic size for its dimensions.
import jpeg from 'jpeg-js';

export interface HeroPalette {
  skyTop: RGB;
  skyHorizon: RGB;
  sun: RGB;
  /** Ridge colours from farthest to nearest. */
  ridges: RGB[];
  water: RGB;
}

export type RGB = [number, number, number];

export interface HeroOptions {
  width: number;
  height: number;
  seed: number;
  palette: HeroPalette;
  /** JPEG quality 1–100. */
  quality: number;
  /** Sun position as fractions of width and of the sky height. */
  sun: { x: number; y: number };
}

export function renderHeroJpeg(options: HeroOptions): Buffer {
  const { width, height, palette, seed } = options;
  const noise = makeValueNoise(seed);
  const fbm = (x: number, y: number, octaves: number) => {
    let sum = 0;
    let amplitude = 0.5;
    let frequency = 1;
    for (let o = 0; o < octaves; o++) {
      sum += amplitude * noise(x * frequency, y * frequency);
      frequency *= 2.03;
      amplitude *= 0.5;
    }
    return sum;
  };

  const horizon = Math.round(height * 0.68);
  const sunX = options.sun.x * width;
  const sunY = options.sun.y * horizon;

  // Ridge tops per column, farthest first; nearer ridges sit lower and are more jagged.
  const ridgeTops = palette.ridges.map((_, layer) => {
    const tops = new Float32Array(width);
    const base = horizon * (0.62 + layer * 0.1);
    const relief = horizon * (0.42 - layer * 0.07);
    for (let x = 0; x < width; x++) {
      tops[x] = base - relief * fbm(x / (380 - layer * 60) + layer * 17.3, layer * 9.1, 7);
    }
    return tops;
  });

  const data = Buffer.alloc(width * height * 4);
  const put = (i: number, c: RGB) => {
    data[i] = clamp(c[0]);
    data[i + 1] = clamp(c[1]);
    data[i + 2] = clamp(c[2]);
    data[i + 3] = 255;
  };

  const sceneAt = (x: number, y: number): RGB => {
    // Nearest ridge covering this pixel wins.
    for (let layer = palette.ridges.length - 1; layer >= 0; layer--) {
      const top = ridgeTops[layer]![x]!;
      if (y >= top) {
        const depth = (y - top) / (horizon - top + 1);
        const rock = fbm(x / 40 + layer * 3.1, y / 40, 5);
        const snow = layer === 0 && y - top < 18 * rock ? 0.55 : 0;
        const haze = 0.55 - layer * 0.16;
        let c = shade(palette.ridges[layer]!, 0.78 + 0.45 * rock - 0.25 * depth);
        c = mix(c, [240, 240, 245], snow);
        return mix(c, palette.skyHorizon, Math.max(0, haze));
      }
    }
    const t = y / horizon;
    let c = mix(palette.skyTop, palette.skyHorizon, Math.pow(t, 0.8));
    const d = Math.hypot(x - sunX, y - sunY);
    c = mix(c, palette.sun, Math.exp(-d / (width * 0.09)) * 0.85);
    if (d < width * 0.028) c = mix(c, [255, 250, 235], 0.9);
    const cloud = fbm(x / 520, y / 110 + seed, 6);
    const cloudiness = smoothstep(0.5, 0.78, cloud) * (1 - t * 0.6);
    return mix(c, [250, 246, 240], cloudiness * 0.8);
  };

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      let c: RGB;
      if (y < horizon) {
        c = sceneAt(x, y);
      } else {
        // The lake mirrors the scene above the horizon, displaced by ripples and darkened.
        const below = y - horizon;
        const ripple = (fbm(x / 90, below / 6 + 40, 4) - 0.5) * (6 + below * 0.08);
        const mirrorY = Math.max(0, horizon - 1 - Math.round(below * 1.05 + ripple));
        const mirrorX = Math.min(width - 1, Math.max(0, Math.round(x + ripple * 1.5)));
        c = mix(sceneAt(mirrorX, mirrorY), palette.water, 0.35 + 0.4 * (below / (height - horizon)));
      }
      // Film grain: without it the image would be unnaturally smooth (and unnaturally small).
      const grain = (hash2(x, y, seed) - 0.5) * 14;
      put(i, [c[0] + grain, c[1] + grain, c[2] + grain]);
    }
  }
  return jpeg.encode({ data, width, height }, options.quality).data;
}

/** 2D value noise in [0, 1] on an integer lattice with smoothstep interpolation. */
function makeValueNoise(seed: number): (x: number, y: number) => number {
  return (x, y) => {
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const xf = x - xi;
    const yf = y - yi;
    const u = xf * xf * (3 - 2 * xf);
    const v = yf * yf * (3 - 2 * yf);
    const a = hash2(xi, yi, seed);
    const b = hash2(xi + 1, yi, seed);
    const c = hash2(xi, yi + 1, seed);
    const d = hash2(xi + 1, yi + 1, seed);
    return a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v;
  };
}

/** Integer hash to [0, 1): cheap, stateless and identical on every platform. */
function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 374761393) ^ Math.imul(y | 0, 668265263) ^ Math.imul(seed | 0, 2246822519);
  h = Math.imul(h ^ (h >>> 13), 1274126177);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function mix(a: RGB, b: RGB, t: number): RGB {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function shade(c: RGB, k: number): RGB {
  return [c[0] * k, c[1] * k, c[2] * k];
}

function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

function clamp(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
