// Picks the backend the scan trains on: tfjs-node ('tensorflow') when it loads, else WebAssembly,
// else the pure-JS 'cpu' backend. The backend packages are loaded next to the script's tfjs so
// they register with the same tfjs-core instance.

import type { Backend, BackendChoice } from '../shared/protocol';
import { ScanError } from '../engine/errors';
import { registerWasmConvFilterGradient } from './wasmConvGradient';
import { registerWasmSegmentSum } from './wasmSegmentSum';
import { requireNear, type LayersModel, type Scalar, type Tensor, type Tf } from './tfjs';

const PACKAGES: Record<Backend, string | null> = {
  tensorflow: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: null,
};

const AUTO_ORDER: Backend[] = ['tensorflow', 'wasm', 'cpu'];

const NOT_INSTALLED = 'not installed';

/** Tries one backend; the reason it is unavailable, or null when it is now active. */
async function tryBackend(tf: Tf, backend: Backend, tfjsEntry: string): Promise<string | null> {
  const pkg = PACKAGES[backend];
  try {
    if (pkg) {
      try {
        requireNear(tfjsEntry, pkg);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return `${pkg} is ${NOT_INSTALLED}`;
        throw error;
      }
    }
    if (!(await tf.setBackend(backend))) return `${backend} did not initialise`;
    await tf.ready();
    if (tf.getBackend() !== backend) return `${backend} did not initialise`;
    if (backend === 'wasm') {
      registerWasmConvFilterGradient(tf);
      registerWasmSegmentSum(tf);
    }
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return pkg ? `${pkg} could not be loaded (${message})` : message;
  }
}

const CRASH_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `init` and then removes the process handlers it added for uncaught errors: the wasm
 * backend's Emscripten glue rethrows every uncaught error from them, which would end the worker
 * with a stack trace before the scan reports the error at its place in the user's file.
 */
async function withoutCrashHandlersOf<T>(init: () => Promise<T>): Promise<T> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(CRASH_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return await init();
  } finally {
    for (const event of CRASH_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) emitter.off(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

/**
 * Activates the chosen backend on `tf` and returns it. `auto` takes the first that works; an
 * explicit choice that does not work is a ScanError.
 */
export async function selectBackend(tf: Tf, choice: BackendChoice, tfjsEntry: string, log: (text: string) => void): Promise<Backend> {
  if (choice !== 'auto') {
    const reason = await withoutCrashHandlersOf(() => tryBackend(tf, choice, tfjsEntry));
    if (reason) throw new ScanError('unsupported', `The ${choice} backend is not available: ${reason}.`, null);
    return choice;
  }
  for (const backend of AUTO_ORDER) {
    const reason = await withoutCrashHandlersOf(() => tryBackend(tf, backend, tfjsEntry));
    if (!reason) return backend;
    // An optional backend that is simply absent is the usual case, not news.
    if (!reason.endsWith(NOT_INSTALLED)) log(`backend ${backend} skipped: ${reason}`);
  }
  throw new ScanError('unsupported', 'No TensorFlow.js backend could be initialised.', null);
}

/**
 * Why the active backend cannot train `model` (a missing gradient kernel: the wasm backend has
 * none for depthwise convolutions), found by differentiating the model once on `sample`; null
 * when it can.
 */
function missingKernel(tf: Tf, model: LayersModel, sample: Tensor[]): string | null {
  try {
    const { value, grads } = tf.variableGrads(() =>
      tf.tidy(() => {
        const outputs = model.apply(sample.length === 1 ? sample[0] : sample, { training: false });
        return tf.addN((Array.isArray(outputs) ? outputs : [outputs]).map((t) => tf.sum(t as Tensor))) as Scalar;
      }),
    );
    tf.dispose([value, ...Object.values(grads)]);
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Any other error is the model's own; fit reports it where the user called fit.
    return /not registered for backend/.test(message) ? message : null;
  }
}

/** Moves an automatic choice from wasm to cpu when wasm cannot train the model; an explicit wasm fails. */
export async function ensureTrainable(tf: Tf, model: LayersModel, sample: Tensor[], choice: BackendChoice, log: (text: string) => void): Promise<void> {
  if (tf.getBackend() !== 'wasm') return;
  const missing = missingKernel(tf, model, sample);
  if (!missing) return;
  if (choice === 'wasm') throw new ScanError('unsupported', `The wasm backend cannot train this model: ${missing}. Scan with --backend cpu.`, null);
  log(`The wasm backend cannot train this model (${missing}): training on cpu.`);
  await tf.setBackend('cpu');
}
