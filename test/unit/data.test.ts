import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { labelData, loadFashionMnist, loadMnist, oneHotLabelData, pixelData } from '../../src/data';
import { readIdx } from '../../src/data/idx';

describe('IDX reader', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'idx-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'tiny-idx3-ubyte');
  // 3 items of 2×2 bytes: magic 0x00000803, dims 3, 2, 2.
  writeFileSync(file, Buffer.from([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));

  it('reads the header dimensions and the data', () => {
    const idx = readIdx(file);
    assert.deepEqual(idx.dims, [3, 2, 2]);
    assert.deepEqual([...idx.data], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('reads only the first items with a limit', () => {
    const idx = readIdx(file, 2);
    assert.deepEqual(idx.dims, [2, 2, 2]);
    assert.deepEqual([...idx.data], [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('refuses a file that is not unsigned-byte IDX', () => {
    const bad = path.join(dir, 'bad');
    writeFileSync(bad, Buffer.from([0, 0, 13, 1, 0, 0, 0, 1, 0, 0, 0, 0]));
    assert.throws(() => readIdx(bad), /not an unsigned-byte IDX file/);
  });

  it('refuses a truncated file', () => {
    const short = path.join(dir, 'short');
    writeFileSync(short, Buffer.from([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]));
    assert.throws(() => readIdx(short), /truncated IDX file/);
  });
});

describe('MNIST', () => {
  it('has 60,000 train and 10,000 test images of 28×28 with their labels', () => {
    const train = loadMnist('train');
    assert.deepEqual([train.count, train.rows, train.cols, train.images.length, train.labels.length], [60000, 28, 28, 47040000, 60000]);
    assert.deepEqual([...train.labels.subarray(0, 10)], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    const test = loadMnist('test');
    assert.deepEqual([test.count, test.labels.length], [10000, 10000]);
    assert.deepEqual([...test.labels.subarray(0, 5)], [7, 2, 1, 0, 4]);
  });

  it('loads the first samples only with a limit', () => {
    const set = loadMnist('test', { limit: 3 });
    assert.deepEqual([set.count, set.images.length, [...set.labels]], [3, 3 * 784, [7, 2, 1]]);
    // The first test image (a 7): its top rows are blank, its brightest pixel is 255.
    assert.equal(
      set.images.subarray(0, 784).reduce((a, b) => Math.max(a, b), 0),
      255,
    );
    assert.equal(
      set.images.subarray(0, 28 * 5).reduce((a, b) => a + b, 0),
      0,
    );
  });

  it('refuses a negative or fractional limit', () => {
    assert.throws(() => loadMnist('train', { limit: -1 }), /limit must be a non-negative integer/);
    assert.throws(() => loadMnist('train', { limit: 1.5 }), /limit must be a non-negative integer/);
  });
});

describe('Fashion-MNIST', () => {
  it('splits 6,000 train and 1,000 test images per class, interleaved by class', () => {
    const train = loadFashionMnist('train', { limit: 25 });
    assert.deepEqual([train.count, train.rows, train.cols, train.images.length], [25, 28, 28, 25 * 784]);
    assert.deepEqual([...train.labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
    const test = loadFashionMnist('test');
    assert.equal(test.count, 10000);
    assert.deepEqual([...test.labels.subarray(9990)], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(
      Array.from({ length: 10 }, (_, c) => test.labels.filter((l) => l === c).length),
      Array.from({ length: 10 }, () => 1000),
    );
  });

  it('takes train images from the start of each class and test images from its end', () => {
    const pixelSums = (set: { images: Uint8Array }, indices: number[]) =>
      indices.map((i) => set.images.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0));
    // Train sample 0 is class 0's first image; test sample 0 its 6,001st (of 7,000), sample 9 class 9's.
    assert.deepEqual(pixelSums(loadFashionMnist('train', { limit: 10 }), [0, 1, 9]), [79892, 42116, 83940]);
    assert.deepEqual(pixelSums(loadFashionMnist('test', { limit: 10 }), [0, 1, 9]), [46480, 49402, 65084]);
  });
});

describe('tensor data', () => {
  const set = { images: Uint8Array.from([0, 51, 255, 102, 0, 0, 0, 0]), labels: Uint8Array.from([3, 1]), count: 2, rows: 2, cols: 2 };

  it('scales pixels to [0, 1] in the requested layout', () => {
    const flat = pixelData(set);
    assert.deepEqual(flat.shape, [2, 4]);
    assert.deepEqual(
      [...flat.values].map((v) => +v.toFixed(6)),
      [0, 0.2, 1, 0.4, 0, 0, 0, 0],
    );
    assert.deepEqual(pixelData(set, 'matrix').shape, [2, 2, 2]);
    assert.deepEqual(pixelData(set, 'channels').shape, [2, 2, 2, 1]);
  });

  it('gives labels as class indices or one-hot rows', () => {
    assert.deepEqual(labelData(set), { values: Float32Array.from([3, 1]), shape: [2] });
    const oneHot = oneHotLabelData(set, 4);
    assert.deepEqual(oneHot.shape, [2, 4]);
    assert.deepEqual([...oneHot.values], [0, 0, 0, 1, 0, 1, 0, 0]);
  });
});
