// The shape every dataset loader returns: raw 8-bit images and labels, no tfjs.

export type Split = 'train' | 'test';

export interface LoadOptions {
  /** Load only the first `limit` samples of the split. */
  limit?: number;
}

export interface ImageSet {
  /** count × rows × cols pixels, row-major, 0–255. */
  images: Uint8Array;
  /** One class index (0–9) per image. */
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

export function checkLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new Error(`limit must be a non-negative integer, got ${limit}`);
  }
}
