// Keras's dataset cache as the translator sees it (KerasDatasets): each load_data(...) read once
// per process from Keras's files, described by shape for the translator and kept for training.

import {
  KerasDatasetValueError,
  type KerasArrayInfo,
  type KerasCacheDataset,
  type KerasDatasetArgs,
  type KerasDatasetLookup,
  type KerasDatasets,
} from '../../engine/kerasDatasets';
import { kerasDatasetFile, kerasHome, loadKerasDataset, type KerasArray, type KerasDataset } from './datasets';

export class KerasDatasetCache implements KerasDatasets {
  private readonly loaded = new Map<string, KerasDataset>();

  constructor(private readonly home: string = kerasHome()) {}

  lookup(name: KerasCacheDataset, args: KerasDatasetArgs): KerasDatasetLookup {
    const { file, exists } = kerasDatasetFile(name, args, this.home);
    if (!exists) return { found: false, file };
    const d = this.load(name, args);
    const part = (split: 'train' | 'test') => ({ x: describe(d[split].x), y: describe(d[split].y) });
    return { found: true, info: { train: part('train'), test: part('test') } };
  }

  /** load_data(**args); the file must exist (lookup said so). */
  load(name: KerasCacheDataset, args: KerasDatasetArgs): KerasDataset {
    const key = `${name} ${JSON.stringify(args)}`;
    let d = this.loaded.get(key);
    if (!d) {
      const { file, exists } = kerasDatasetFile(name, args, this.home);
      if (!exists) throw new Error(`Keras's cached ${name} is missing: ${file}`);
      try {
        d = loadKerasDataset(name, args, file);
      } catch (e) {
        // Python's own errors (ValueError) stay as they are; a file that cannot be read is named.
        if (e instanceof KerasDatasetValueError) throw e;
        throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.loaded.set(key, d);
    }
    return d;
  }
}

function describe(a: KerasArray): KerasArrayInfo {
  if (a.kind === 'sequences') {
    let maxValue = 0;
    for (const row of a.rows) for (const w of row) if (w > maxValue) maxValue = w;
    return { shape: [a.rows.length], integer: true, classes: null, sequences: { lengths: a.rows.map((row) => row.length), maxValue } };
  }
  const labelShaped = a.shape.length === 1 || (a.shape.length === 2 && a.shape[1] === 1);
  let max = -Infinity;
  if (a.integer && labelShaped) for (const v of a.values) if (v > max) max = v;
  return { shape: a.shape, integer: a.integer, classes: a.integer && labelShaped && a.values.length > 0 ? max + 1 : null, sequences: null };
}
