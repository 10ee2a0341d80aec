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

/** `digits` decimals, with thousands separators. */
export const fixed = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';

export const seconds = (ms: number, digits = 2): string => `${fixed(ms / 1000, digits)} s`;
export const millis = (ms: number, digits = 0): string => `${fixed(ms, digits)} ms`;
export const mebibytes = (kib: number): string => `${fixed(kib / 1024, 0)} MiB`;
