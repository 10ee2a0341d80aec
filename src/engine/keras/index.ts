// Keras in Python → a TrainingPlan the worker trains with TensorFlow.js, no Python needed.

import { ScanError } from '../errors';
import type { KerasDatasets } from '../kerasDatasets';
import type { TrainingPlan } from '../plan';
import { Interpreter } from './interpreter';
import { PythonSource } from './source';
import { PythonRaises, Unsupported } from './values';

/**
 * Translates a Keras script as written: its model, data and training settings.
 * Throws a ScanError ('syntax-error', 'unsupported', 'shape-mismatch', 'script-error' or
 * 'no-fit') at the exact place in `file` that stops the translation. Keras's cached datasets
 * (imdb, reuters, …) are described by `kerasDatasets`, which the host reads.
 */
export function translateKeras(source: string, file: string, options: { kerasDatasets?: KerasDatasets } = {}): TrainingPlan {
  const python = new PythonSource(source, file);
  python.checkSyntax();
  const interpreter = new Interpreter(python);
  try {
    interpreter.kerasDatasets = options.kerasDatasets ?? null;
    interpreter.run();
  } catch (e) {
    if (e instanceof PythonRaises) {
      if (!interpreter.plan || !e.error.range) throw e.error;
      // Python trains the first fit, then stops here: the scan reports that fit and says where the script ends.
      const fitLine = interpreter.plan.fit.location.line;
      interpreter.note(
        { severity: 'warning', code: 'script-error', message: `${e.error.message}: Python stops here, after the fit at line ${fitLine} that the scan trains` },
        e.error.range,
      );
      return interpreter.plan;
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
  return interpreter.plan;
}
