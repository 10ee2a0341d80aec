// Medians, percentiles and ranges of repeated timings, and number formatting.

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const min = (values: readonly number[]): number => Math.min(...values);
export const max = (values: readonly number[]): number => Math.max(...values);

/** Nearest-rank percentile: the smallest value with at least the fraction `p` of the values at or below it. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
}

/**
 * A distribution-free ~95% confidence interval for the median: the order statistics at ranks
 * n/2 ∓ 1.96·√n/2 (the binomial's normal approximation; meaningful from about 20 values).
 */
export function medianInterval(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = 0.98 * Math.sqrt(n);
  const low = Math.max(0, Math.floor(n / 2 - half) - 1);
  const high = Math.min(n - 1, Math.ceil(n / 2 + half));
  return [sorted[low], sorted[high]];
}

/**
 * Σ scanned / Σ plain over pairs, with a ~95% percentile-bootstrap interval (pairs resampled with a
 * seeded generator, so a run's figures can be recomputed).
 */
export function totalsRatio(plain: readonly number[], scanned: readonly number[], resamples = 2000, seed = 1): { ratio: number; interval: [number, number] } {
  const n = Math.min(plain.length, scanned.length);
  const sum = (values: readonly number[]) => values.slice(0, n).reduce((a, b) => a + b, 0);
  let state = seed >>> 0;
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const ratios: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let p = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      const k = Math.floor(next() * n);
      p += plain[k];
      q += scanned[k];
    }
    ratios.push(q / p);
  }
  return { ratio: sum(scanned) / sum(plain), interval: [percentile(ratios, 0.025), percentile(ratios, 0.975)] };
}

/** `digits` decimals, with thousands separators. */
export const fixed = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';

export const seconds = (ms: number, digits = 2): string => `${fixed(ms / 1000, digits)} s`;
export const millis = (ms: number, digits = 0): string => `${fixed(ms, digits)} ms`;
export const mebibytes = (kib: number): string => `${fixed(kib / 1024, 0)} MiB`;
