// Turns an ImageSet into the flat values + shape that `tf.tensor(values, shape)` takes, so the
// examples build their tensors with whichever tfjs they import (this module never loads tfjs).

import type { ImageSet } from './imageSet';

export interface TensorData {
  values: Float32Array;
  shape: number[];
}

/** How the pixels of each image are laid out: flat [784], [28, 28], or [28, 28, 1] for conv layers. */
export type ImageLayout = 'flat' | 'matrix' | 'channels';

/** The images as floats scaled to [0, 1]. */
export function pixelData(set: ImageSet, layout: ImageLayout = 'flat'): TensorData {
  const values = new Float32Array(set.images.length);
  for (let i = 0; i < values.length; i++) values[i] = set.images[i] / 255;
  const { count, rows, cols } = set;
  const shape = layout === 'flat' ? [count, rows * cols] : layout === 'matrix' ? [count, rows, cols] : [count, rows, cols, 1];
  return { values, shape };
}

/** The labels as class indices (shape [count]), for sparseCategoricalCrossentropy. */
export function labelData(set: ImageSet): TensorData {
  return { values: Float32Array.from(set.labels), shape: [set.count] };
}

/** The labels one-hot encoded (shape [count, classes]), for categoricalCrossentropy. */
export function oneHotLabelData(set: ImageSet, classes = 10): TensorData {
  const values = new Float32Array(set.count * classes);
  set.labels.forEach((label, i) => {
    values[i * classes + label] = 1;
  });
  return { values, shape: [set.count, classes] };
}
