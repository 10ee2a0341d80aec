// Keras's own datasets that Keras caches on the user's machine (imdb, reuters, boston_housing,
// cifar10, cifar100): load_data's signatures with Keras 3's defaults, and what the translator
// is told about a cached dataset (shapes, label ranges) by a reader the host injects — the
// engine reads no files.

export type KerasCacheDataset = 'imdb' | 'reuters' | 'boston_housing' | 'cifar10' | 'cifar100';

/** load_data's arguments, every parameter present (Keras's default where the script gives none). */
export type KerasDatasetArgs = Record<string, number | string | null>;

/** Parameters in positional order with Keras 3.15's defaults. */
export const LOAD_DATA_SIGNATURES: Record<KerasCacheDataset, [string, number | string | null][]> = {
  imdb: [
    ['path', 'imdb.npz'],
    ['num_words', null],
    ['skip_top', 0],
    ['maxlen', null],
    ['seed', 113],
    ['start_char', 1],
    ['oov_char', 2],
    ['index_from', 3],
  ],
  reuters: [
    ['path', 'reuters.npz'],
    ['num_words', null],
    ['skip_top', 0],
    ['maxlen', null],
    ['test_split', 0.2],
    ['seed', 113],
    ['start_char', 1],
    ['oov_char', 2],
    ['index_from', 3],
  ],
  boston_housing: [
    ['path', 'boston_housing.npz'],
    ['test_split', 0.2],
    ['seed', 113],
  ],
  cifar10: [],
  cifar100: [['label_mode', 'fine']],
};

export function isKerasCacheDataset(name: string): name is KerasCacheDataset {
  return name in LOAD_DATA_SIGNATURES;
}

/** One of the four arrays load_data returns. */
export interface KerasArrayInfo {
  /** numpy's shape: (n,) for an object array of sequences. */
  shape: number[];
  integer: boolean;
  /** Integer labels: max + 1 (what to_categorical takes without num_classes). */
  classes: number | null;
  /** An object array of integer lists (imdb, reuters): each list's length and the largest index. */
  sequences: { lengths: number[]; maxValue: number } | null;
}

export interface KerasDatasetInfo {
  train: { x: KerasArrayInfo; y: KerasArrayInfo };
  test: { x: KerasArrayInfo; y: KerasArrayInfo };
}

export type KerasDatasetLookup = { found: true; info: KerasDatasetInfo } | { found: false; file: string };

/** Reads Keras's cache (the host's side): what the dataset holds after load_data's arguments. */
export interface KerasDatasets {
  lookup(name: KerasCacheDataset, args: KerasDatasetArgs): KerasDatasetLookup;
}

/** Python raises in load_data on this data (e.g. maxlen keeps no sequence): reported as the script's error. */
export class KerasDatasetValueError extends Error {}

/** The Python line that fills Keras's cache with what `load_data(args)` reads. */
export function fillCommand(name: KerasCacheDataset, args: KerasDatasetArgs): string {
  const pathArg = name === 'cifar10' || name === 'cifar100' ? null : args.path;
  const custom = pathArg !== null && pathArg !== LOAD_DATA_SIGNATURES[name][0][1] ? `path=${JSON.stringify(pathArg)}` : '';
  return `python -c "from keras.datasets import ${name}; ${name}.load_data(${custom.replace(/"/g, "'")})"`;
}
