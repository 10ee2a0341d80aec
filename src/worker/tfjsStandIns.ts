// What a Node script written for tfjs-node, or a browser script written for a <script> tag, gets
// when it runs in the scan: the bundled @tensorflow/tfjs in place of a tfjs-node that cannot be
// loaded (same Layers API; `setBackend('tensorflow')` then keeps the best backend available), and
// the global `tf` a <script> tag would define. Each says so in an information diagnostic.

import type { Backend } from '../shared/protocol';
import { diagnosticAt, startOf } from '../engine/report';
import type { ScriptBundle } from './scriptBundle';
import type { Tf } from './tfjs';
import type { WorkerScan } from './workerScan';

/** Notes each substituted tfjs-node import and lets `setBackend('tensorflow')` keep `backend`. */
export function standInForTfjsNode(tf: Tf, bundle: ScriptBundle, backend: Backend, run: WorkerScan): void {
  if (bundle.substitutedImports.length === 0) return;
  for (const { range, specifier, reason } of bundle.substitutedImports) {
    const message =
      `${specifier} cannot be loaded here (${reason}): the scan runs the script on the bundled ` +
      `@tensorflow/tfjs, which has the same Layers API, on the ${backend} backend. tf.setBackend('tensorflow') keeps ${backend}.`;
    run.note(diagnosticAt('information', 'runner-chosen', message, range));
  }
  // tf.setBackend is a frozen module export that calls the engine's: the engine's is replaced.
  const engine = tf.engine();
  const setBackend = engine.setBackend.bind(engine);
  engine.setBackend = (name: string): Promise<boolean> => (name === 'tensorflow' ? Promise.resolve(true) : setBackend(name));
}

/** Defines the global `tf` of a browser script (one that imports no tfjs), noted when the script reads it. */
export function defineGlobalTf(tf: Tf, bundle: ScriptBundle, run: WorkerScan): void {
  const global = globalThis as { tf?: unknown };
  if (bundle.tfjsEntry !== null || global.tf !== undefined) return;
  let noted = false;
  Object.defineProperty(globalThis, 'tf', {
    configurable: true,
    get: () => {
      if (!noted) {
        noted = true;
        const message = 'The script uses the global `tf` that a <script> tag defines in a browser: the scan defines it as the bundled @tensorflow/tfjs.';
        run.note(diagnosticAt('information', 'runner-chosen', message, startOf(run.options.file)));
      }
      return tf;
    },
  });
}
