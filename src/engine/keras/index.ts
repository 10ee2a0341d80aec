// Keras in Python → a TrainingPlan the worker trains with TensorFlow.js, no Python needed.

import { ScanError } from '../errors';
import type { KerasDatasets } from '../kerasDatasets';
import { DEFAULT_MAX_FITS } from '../../shared/protocol';
import type { ScriptPlan, TrainingPlan } from '../plan';
import { FitLog } from './fits';
import { Interpreter } from './interpreter';
import { PythonSource } from './source';
import { PythonRaises, Unsupported } from './values';

/**
 * Translates a Keras script as written: its model, data and training settings.
 * Throws a ScanError ('syntax-error', 'unsupported', 'shape-mismatch', 'script-error' or
 * 'no-fit') at the exact place in `file` that stops the translation. Keras's cached datasets
 * (imdb, reuters, …) are described by `kerasDatasets`, which the host reads.
 */
export function translateKeras(source: string, file: string, options: TranslateOptions = {}): TrainingPlan {
  return translateKerasScript(source, file, options).fits[0].plan;
}

export interface TranslateOptions {
  kerasDatasets?: KerasDatasets;
  /** The distinct fits to scan, in the order they run (default DEFAULT_MAX_FITS). */
  maxFits?: number;
}

/** Every fit the script runs, as translateKeras translates the first: the first `maxFits` distinct ones to scan. */
export function translateKerasScript(source: string, file: string, options: TranslateOptions = {}): ScriptPlan {
  const python = new PythonSource(source, file);
  python.checkSyntax();
  const interpreter = new Interpreter(python, new FitLog(options.maxFits ?? DEFAULT_MAX_FITS));
  // The script's notes ride on the first plan (its `notes` is the interpreter's list); the others carry none.
  const script = (): ScriptPlan => ({
    fits: interpreter.fits.scanned.map((f, i) => ({ plan: i === 0 ? f.plan : { ...f.plan, notes: [] }, repeats: f.repeats })),
    notes: interpreter.notes,
  });
  try {
    interpreter.kerasDatasets = options.kerasDatasets ?? null;
    interpreter.run();
  } catch (e) {
    if (e instanceof PythonRaises) {
      if (!interpreter.plan || !e.error.range) throw e.error;
      // Python trains the fits before, then stops here: the scan reports those fits and says where the script ends.
      const lines = [...new Set(interpreter.fits.scanned.map((f) => f.plan.fit.location.line))];
      const after = lines.length === 1 ? `the fit at line ${lines[0]}` : `the fits at lines ${lines.join(', ')}`;
      interpreter.note(
        { severity: 'warning', code: 'script-error', message: `${e.error.message}: Python stops here, after ${after} that the scan trains` },
        e.error.range,
      );
      return script();
    }
    if (e instanceof Unsupported) throw interpreter.firstInFile(e.error);
    if (e instanceof ScanError) throw interpreter.firstInFile(e);
    throw e;
  }
  if (!interpreter.plan && interpreter.customLoop) {
    const message =
      'No model.fit(...) call runs in this file: it trains in a custom loop (tf.GradientTape), which the scan does not follow; it scans what fit trains.';
    throw new ScanError('no-fit', message, interpreter.customLoop);
  }
  if (!interpreter.plan) {
    const where = interpreter.firstModelLocation ?? python.range(0, Math.max(0, source.search(/[\r\n]/)));
    throw new ScanError('no-fit', 'No model.fit(...) call runs in this file: the scan trains what fit trains.', where);
  }
  return script();
}
