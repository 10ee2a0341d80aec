// Keras's cached datasets read from Keras's own files with load_data's arguments applied exactly
// as Keras 3.15 applies them (keras/src/datasets/{imdb,reuters,boston_housing,cifar10,cifar100}.py):
// the same shuffles (numpy's RandomState), start/oov characters, word cuts, maxlen filters and splits.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KerasDatasetValueError, type KerasCacheDataset, type KerasDatasetArgs } from '../../engine/kerasDatasets';
import { numericArray, readNpz, sequenceArray } from './npz';
import { unpickle, type PickledArray, type PyValue } from './pickle';
import { RandomState, shuffledIndices } from './randomState';

/** A dense array (numbers in C order) or numpy's object array of integer lists. */
export type KerasArray = { kind: 'dense'; shape: number[]; values: Float64Array | Uint8Array; integer: boolean } | { kind: 'sequences'; rows: number[][] };

export interface KerasDataset {
  train: { x: KerasArray; y: KerasArray };
  test: { x: KerasArray; y: KerasArray };
}

/** Keras's home: $KERAS_HOME, else ~/.keras (/tmp/.keras where the home folder is not writable, as Keras does). */
export function kerasHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KERAS_HOME !== undefined) return env.KERAS_HOME;
  const home = homedir();
  return join(isWritable(home) ? home : '/tmp', '.keras');
}

function isWritable(dir: string): boolean {
  try {
    return (statSync(dir).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

const CIFAR_FOLDERS: Record<'cifar10' | 'cifar100', { target: string; inner: string }> = {
  cifar10: { target: 'cifar-10-batches-py-target', inner: 'cifar-10-batches-py' },
  cifar100: { target: 'cifar-100-python-target', inner: 'cifar-100-python' },
};

/**
 * Where Keras keeps the dataset: the .npz under datasets/, or CIFAR's extracted folder — Keras 3's
 * `<name>-target/<name>` first, then the folder Keras 2 extracted to. The first is named when neither exists.
 */
export function kerasDatasetFile(name: KerasCacheDataset, args: KerasDatasetArgs, home = kerasHome()): { file: string; exists: boolean } {
  const datasets = join(home, 'datasets');
  if (name === 'cifar10' || name === 'cifar100') {
    const { target, inner } = CIFAR_FOLDERS[name];
    const candidates = [join(datasets, target, inner), join(datasets, inner)];
    const found = candidates.find((dir) => statSync(dir, { throwIfNoEntry: false })?.isDirectory());
    return { file: found ?? candidates[0], exists: found !== undefined };
  }
  const file = join(datasets, String(args.path));
  return { file, exists: existsSync(file) };
}

/** load_data(**args) of a dataset whose cached file exists. */
export function loadKerasDataset(name: KerasCacheDataset, args: KerasDatasetArgs, file: string): KerasDataset {
  switch (name) {
    case 'imdb':
      return imdb(file, args);
    case 'reuters':
      return reuters(file, args);
    case 'boston_housing':
      return bostonHousing(file, args);
    default:
      return cifar(name, file, String(args.label_mode ?? 'fine'));
  }
}

// ---------------------------------------------------------------------------
// imdb and reuters
// ---------------------------------------------------------------------------

const numberArg = (args: KerasDatasetArgs, name: string): number | null => {
  const v = args[name];
  return typeof v === 'number' ? v : null;
};

/** Python's truth of an int-or-None argument. */
const truthy = (v: number | null) => v !== null && v !== 0;

const labels = (values: number[]): KerasArray => ({ kind: 'dense', shape: [values.length], values: Float64Array.from(values), integer: true });
const sequences = (rows: number[][]): KerasArray => ({ kind: 'sequences', rows });

function npzMember(arrays: Map<string, PickledArray>, member: string): PickledArray {
  const a = arrays.get(member);
  if (!a) throw new Error(`no array '${member}' (it has ${[...arrays.keys()].join(', ')})`);
  return a;
}

function readSequences(file: string, members: [string, string][]): { x: number[][]; y: number[] }[] {
  const arrays = readNpz(readFileSync(file));
  return members.map(([xName, yName]) => {
    const x = sequenceArray(npzMember(arrays, xName), xName);
    const y = Array.from(numericArray(npzMember(arrays, yName), yName));
    if (x.length !== y.length) throw new Error(`${x.length} sequences in ${xName} but ${y.length} labels in ${yName}`);
    return { x, y };
  });
}

/** Start character and index offset, as Keras adds them. */
function offsetWords(xs: number[][], args: KerasDatasetArgs): number[][] {
  const start = numberArg(args, 'start_char');
  const from = numberArg(args, 'index_from') ?? 0;
  if (start !== null) return xs.map((x) => [start, ...x.map((w) => w + from)]);
  return xs.map((x) => x.map((w) => w + from));
}

/** keras.src.utils.python_utils.remove_long_seq: keeps sequences strictly shorter than maxlen. */
function removeLong(maxlen: number, xs: number[][], ys: number[]): [number[][], number[]] {
  const keep = xs.map((x) => x.length < maxlen);
  return [xs.filter((_, i) => keep[i]), ys.filter((_, i) => keep[i])];
}

/** The num_words / skip_top cut: words outside [skip_top, num_words) become oov_char, or are dropped without one. */
function cutWords(xs: number[][], args: KerasDatasetArgs): number[][] {
  let numWords = numberArg(args, 'num_words');
  if (!truthy(numWords)) {
    if (xs.some((x) => x.length === 0)) throw new KerasDatasetValueError('max() arg is an empty sequence');
    numWords = Math.max(...xs.map((x) => x.reduce((a, b) => Math.max(a, b), -Infinity)));
  }
  const limit = numWords!;
  const skipTop = numberArg(args, 'skip_top') ?? 0;
  const oov = numberArg(args, 'oov_char');
  const kept = (w: number) => skipTop <= w && w < limit;
  return oov !== null ? xs.map((x) => x.map((w) => (kept(w) ? w : oov))) : xs.map((x) => x.filter(kept));
}

const pick = <T>(items: T[], order: number[]) => order.map((i) => items[i]);

function imdb(file: string, args: KerasDatasetArgs): KerasDataset {
  const [train, test] = readSequences(file, [
    ['x_train', 'y_train'],
    ['x_test', 'y_test'],
  ]);
  const rng = new RandomState(numberArg(args, 'seed') ?? 113);
  let order = shuffledIndices(train.x.length, rng);
  let [xTrain, yTrain] = [pick(train.x, order), pick(train.y, order)];
  order = shuffledIndices(test.x.length, rng);
  let [xTest, yTest] = [pick(test.x, order), pick(test.y, order)];
  xTrain = offsetWords(xTrain, args);
  xTest = offsetWords(xTest, args);
  const maxlen = numberArg(args, 'maxlen');
  if (truthy(maxlen)) {
    [xTrain, yTrain] = removeLong(maxlen!, xTrain, yTrain);
    [xTest, yTest] = removeLong(maxlen!, xTest, yTest);
    if (xTrain.length === 0 || xTest.length === 0) {
      throw new KerasDatasetValueError(`After filtering for sequences shorter than maxlen=${maxlen}, no sequence was kept. Increase maxlen.`);
    }
  }
  const xs = cutWords([...xTrain, ...xTest], args);
  const n = xTrain.length;
  return { train: { x: sequences(xs.slice(0, n)), y: labels(yTrain) }, test: { x: sequences(xs.slice(n)), y: labels(yTest) } };
}

/** Python's `int(len * (1 - test_split))` as a slice bound (negative counts from the end). */
function splitIndex(length: number, testSplit: number): number {
  const idx = Math.trunc(length * (1 - testSplit));
  return idx < 0 ? Math.max(0, idx + length) : Math.min(idx, length);
}

function reuters(file: string, args: KerasDatasetArgs): KerasDataset {
  const [all] = readSequences(file, [['x', 'y']]);
  const rng = new RandomState(numberArg(args, 'seed') ?? 113);
  const order = shuffledIndices(all.x.length, rng);
  let xs = offsetWords(pick(all.x, order), args);
  let ys = pick(all.y, order);
  const maxlen = numberArg(args, 'maxlen');
  if (truthy(maxlen)) [xs, ys] = removeLong(maxlen!, xs, ys);
  xs = cutWords(xs, args);
  const idx = splitIndex(xs.length, numberArg(args, 'test_split') ?? 0.2);
  return {
    train: { x: sequences(xs.slice(0, idx)), y: labels(ys.slice(0, idx)) },
    test: { x: sequences(xs.slice(idx)), y: labels(ys.slice(idx)) },
  };
}

// ---------------------------------------------------------------------------
// boston_housing
// ---------------------------------------------------------------------------

function bostonHousing(file: string, args: KerasDatasetArgs): KerasDataset {
  const arrays = readNpz(readFileSync(file));
  const xArray = npzMember(arrays, 'x');
  const x = numericArray(xArray, 'x');
  const y = numericArray(npzMember(arrays, 'y'), 'y');
  const n = xArray.shape[0];
  const width = xArray.shape.slice(1).reduce((a, b) => a * b, 1);
  const order = shuffledIndices(n, new RandomState(numberArg(args, 'seed') ?? 113));
  const idx = splitIndex(n, numberArg(args, 'test_split') ?? 0.2);
  const rows = (from: number, to: number): KerasArray => {
    const values = new Float64Array((to - from) * width);
    for (let i = from; i < to; i++) values.set(x.subarray(order[i] * width, (order[i] + 1) * width), (i - from) * width);
    return { kind: 'dense', shape: [to - from, ...xArray.shape.slice(1)], values, integer: false };
  };
  const targets = (from: number, to: number): KerasArray => ({
    kind: 'dense',
    shape: [to - from],
    values: Float64Array.from(order.slice(from, to), (i) => y[i]),
    integer: false,
  });
  return { train: { x: rows(0, idx), y: targets(0, idx) }, test: { x: rows(idx, n), y: targets(idx, n) } };
}

// ---------------------------------------------------------------------------
// cifar10 and cifar100
// ---------------------------------------------------------------------------

const SIDE = 32;
const PIXELS = SIDE * SIDE;

/** keras.src.datasets.cifar.load_batch: a pickled dict (bytes keys) with 'data' (n, 3072) uint8 and a label list. */
function loadBatch(dir: string, name: string, labelKey: string): { data: Uint8Array; labels: number[] } {
  const d = unpickle(readFileSync(join(dir, name)));
  if (typeof d !== 'object' || d === null || Array.isArray(d) || d instanceof Uint8Array || d.kind !== 'dict') {
    throw new Error(`${name}: expected a pickled dict`);
  }
  const data = d.entries.get('data');
  const labelList = d.entries.get(labelKey);
  if (!isArray(data) || !data.bytes || data.shape.length !== 2 || data.shape[1] !== 3 * PIXELS || data.dtype.replace(/^[<>|]/, '') !== 'u1') {
    throw new Error(`${name}: 'data' is not a uint8 array of shape (n, 3072)`);
  }
  const values = labelList !== undefined && isArray(labelList) ? Array.from(numericArray(labelList, name)) : labelList;
  if (!Array.isArray(values) || values.length !== data.shape[0] || !values.every((v) => typeof v === 'number')) {
    throw new Error(`${name}: '${labelKey}' is not a list of ${data.shape[0]} labels`);
  }
  return { data: data.bytes.subarray(0, data.shape[0] * 3 * PIXELS), labels: values as number[] };
}

const isArray = (v: PyValue | undefined): v is PickledArray =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && v.kind === 'ndarray';

/** Batches concatenated, channels first → channels last (Keras's transpose(0, 2, 3, 1)); labels as (n, 1). */
function images(batches: { data: Uint8Array; labels: number[] }[]): { x: KerasArray; y: KerasArray } {
  const n = batches.reduce((sum, b) => sum + b.labels.length, 0);
  const x = new Uint8Array(n * 3 * PIXELS);
  let at = 0;
  for (const { data, labels: batchLabels } of batches) {
    for (let i = 0; i < batchLabels.length; i++, at++) {
      const image = data.subarray(i * 3 * PIXELS, (i + 1) * 3 * PIXELS);
      const out = at * 3 * PIXELS;
      for (let p = 0; p < PIXELS; p++) for (let c = 0; c < 3; c++) x[out + p * 3 + c] = image[c * PIXELS + p];
    }
  }
  const y = Float64Array.from(batches.flatMap((b) => b.labels));
  return {
    x: { kind: 'dense', shape: [n, SIDE, SIDE, 3], values: x, integer: true },
    y: { kind: 'dense', shape: [n, 1], values: y, integer: true },
  };
}

function cifar(name: 'cifar10' | 'cifar100', dir: string, labelMode: string): KerasDataset {
  if (name === 'cifar10') {
    const train = [1, 2, 3, 4, 5].map((i) => loadBatch(dir, `data_batch_${i}`, 'labels'));
    return { train: images(train), test: images([loadBatch(dir, 'test_batch', 'labels')]) };
  }
  const key = `${labelMode}_labels`;
  return { train: images([loadBatch(dir, 'train', key)]), test: images([loadBatch(dir, 'test', key)]) };
}
