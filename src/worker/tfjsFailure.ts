// What an error thrown by TensorFlow.js or its WebAssembly runtime means for the user: memory it
// could not get (a wasm abort, an array too long to allocate) or a layer name it refuses; any
// other error keeps the caller's reading (a shape tfjs refuses, a construct it lacks).

import { ScanError } from '../engine/errors';
import type { DiagnosticCode, SourceRange } from '../shared/protocol';

const OUT_OF_MEMORY = /out of memory|allocation failed|Memory\.grow|could not allocate/i;
/** tfjs-backend-wasm is built without assertions: a failed malloc or memory growth only aborts. */
const WASM_ABORT = /^Aborted\(/;
const TOO_LONG = /Invalid typed array length: (\d+)|Invalid array length/;
const BAD_NAME = /Not a valid tensor name: '([^']*)'/;

const SMALLER = 'Try fewer training samples, a smaller probe set or a smaller model.';

/** The out-of-memory message for an error message, or null when it is not one. */
function outOfMemoryMessage(message: string): string | null {
  const tooLong = TOO_LONG.exec(message);
  if (tooLong?.[1]) {
    const values = Number(tooLong[1]);
    const gigabytes = (values * 4) / 2 ** 30;
    return `This needs an array of ${values.toLocaleString('en-US')} values (${gigabytes.toFixed(1)} GB as float32), more than TensorFlow.js can allocate. Use fewer units or smaller inputs.`;
  }
  if (tooLong) return `This needs an array larger than TensorFlow.js can allocate. ${SMALLER}`;
  if (WASM_ABORT.test(message)) return `The WebAssembly backend ran out of memory (it can use at most 4 GB). ${SMALLER}`;
  if (OUT_OF_MEMORY.test(message)) return `Out of memory (${message}). ${SMALLER}`;
  return null;
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** An error tfjs threw (its `message`) as the user's problem at `range`: out of memory, a refused name, or `fallback`. */
export function tfjsFailure(message: string, fallback: DiagnosticCode, range: SourceRange | null, prefix = ''): ScanError {
  const memory = outOfMemoryMessage(message);
  if (memory) return new ScanError('out-of-memory', `${prefix}${memory}`, range);
  const badName = BAD_NAME.exec(message);
  if (badName) {
    return new ScanError(
      'unsupported',
      `TensorFlow.js refuses the name '${badName[1]}': its names may hold only ASCII letters, digits and . _ - / (and start with a letter or digit). Rename the layer, or run the script in your own Python.`,
      range,
    );
  }
  return new ScanError(fallback, `${prefix}${message}`, range);
}
