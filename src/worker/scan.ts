// One scan in the worker: a TensorFlow.js script runs as written; a Keras script (.py) is
// translated by the engine into a training plan. Every failure ends the run with its error.

import { readFileSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { ScanError } from '../engine/errors';
import { translateKerasScript } from '../engine/keras';
import { KerasDatasetCache } from '../data/keras/cache';
import { isNotebook, languageOf } from '../shared/protocol';
import { DatasetCache } from './planArrays';
import { runPlan } from './planRunner';
import type { WorkerScan } from './workerScan';
import { runScript } from './scriptRunner';

/** The script's folder must exist (imports resolve there); the file itself only when its text is not given. */
function checkExists(file: string, sourceText: string | undefined): void {
  const folder = dirname(file);
  if (sourceText === undefined && !statSync(file, { throwIfNoEntry: false })?.isFile()) {
    throw new ScanError('file-not-found', `File not found: ${file}`, null);
  }
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new ScanError('file-not-found', `Folder not found: ${folder}`, null);
}

async function dispatch(run: WorkerScan): Promise<void> {
  const { file, sourceText } = run.options;
  checkExists(file, sourceText);
  // A notebook comes as its program (the notebook runner gives its code cells as sourceText).
  const language = isNotebook(file) ? 'python' : languageOf(file);
  if (language === 'python') {
    // The plan and its training read Keras's cache through one reader: each dataset is read once.
    const kerasDatasets = new KerasDatasetCache();
    const datasets = new DatasetCache(kerasDatasets);
    const script = translateKerasScript(sourceText ?? readFileSync(file, 'utf8'), file, { kerasDatasets, maxFits: run.options.maxFits });
    // The translator ran nothing of the user's: each fit it found trains in turn, the scan ends with the last.
    run.fitLimit = script.fits.length;
    for (const { plan, repeats } of script.fits) {
      await runPlan(run, plan, datasets, repeats);
      if (run.isFinished) break;
    }
    if (!run.isFinished) throw new Error('the training plan ended without a fit');
  } else if (language) {
    await runScript(run);
  } else {
    throw new ScanError(
      'unsupported',
      `Cannot scan ${extname(file).toLowerCase() || 'extension-less'} files: give a Python (Keras) or a JavaScript/TypeScript (TensorFlow.js) script.`,
      null,
    );
  }
}

/** Runs the scan; `run.done` resolves with its report however it ends. */
export async function runScan(run: WorkerScan): Promise<void> {
  try {
    await dispatch(run);
  } catch (error) {
    run.fail(run.explainError(error));
  }
}
