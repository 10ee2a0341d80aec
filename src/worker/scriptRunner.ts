// Runs the user's TensorFlow.js script as written, with the scan hooked into its tfjs: bundle it,
// pick the backend on its tfjs, install the hooks, seed Math.random, import it. The scan ends when
// its fit ends, when it throws, or when it goes idle without having called fit.

import { createRequire } from 'node:module';
import { ScanError } from '../engine/errors';
import type { SourceRange } from '../shared/protocol';
import { selectBackend } from './backend';
import { monitoredFit, monitoredFitDataset } from './monitoredFit';
import type { WorkerScan } from './workerScan';
import { bundleScript, type ScriptBundle } from './scriptBundle';
import { downloadFailure, watchDownloads } from './downloads';
import { hookProcessExit } from './scriptExit';
import { installScriptHooks } from './scriptHooks';
import { seedMathRandom } from './seededRandom';
import { tfjsFailure } from './tfjsFailure';
import { loadTfjs, ownTfjsEntry } from './tfjs';
import { defineGlobalTf, standInForTfjsNode } from './tfjsStandIns';
import { captureUserStack } from './userStack';

/** The first position of the bundle in an error's stack, mapped to the user's file. */
function positionIn(stack: string, bundle: ScriptBundle): SourceRange | null {
  const marker = `${bundle.url}:`;
  for (let at = stack.indexOf(marker); at >= 0; at = stack.indexOf(marker, at + 1)) {
    const [line, column = 1] = stack
      .slice(at + marker.length)
      .split(/[^\d:]/, 1)[0]
      .split(':')
      .map(Number);
    const original = Number.isInteger(line) && line > 0 ? bundle.locator.original(line, column || 1) : null;
    if (original) return bundle.locator.rangeAt(original);
  }
  return null;
}

/** What the script threw, as the user sees it: the message at its place in the user's file. */
function scriptError(error: unknown, bundle: ScriptBundle): ScanError {
  if (error instanceof ScanError) return error;
  if (!(error instanceof Error)) return new ScanError('script-error', `The script threw ${String(error)}`, null);
  const message = error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  const position = positionIn(error.stack ?? '', bundle);
  return downloadFailure(error, message, position) ?? tfjsFailure(message, 'script-error', position);
}

/**
 * What the hooked fit gives the script: its result while the scan goes on; once the scan has
 * ended, a promise that never settles, so the script's code after its fit never starts (it would
 * run while the worker exits: a file it writes would be cut short).
 */
function untilScanEnds<T>(run: WorkerScan, fit: Promise<T>): Promise<T> {
  const never = new Promise<T>(() => undefined);
  return fit.then(
    (value) => (run.isFinished ? never : value),
    (error: unknown) => (run.isFinished ? never : Promise.reject(error)),
  );
}

/** The tfjs the script would load when its imports did not name one. */
function tfjsNear(file: string): string {
  try {
    return createRequire(file).resolve('@tensorflow/tfjs');
  } catch {
    return ownTfjsEntry();
  }
}

/**
 * Runs the script in this process, which it takes over for good: the hooks, the seeded
 * Math.random and the error handlers stay until the worker exits, since the script's own code
 * (timers, callbacks) may go on running after its fit has ended the scan.
 */
export async function runScript(run: WorkerScan): Promise<void> {
  const { file } = run.options;
  const bundle = await bundleScript(file, run.options.sourceText);
  process.once('exit', bundle.dispose);

  run.explainError = (error) => scriptError(error, bundle);
  run.fitCalls = () => bundle.locator.fitCalls(file);
  // With the parent's channel unreferenced, the worker goes idle once the script has nothing
  // left to do: if that comes before a fit, the script never trains.
  process.channel?.unref();
  process.once('beforeExit', () => {
    // The script ended after the fits it ran (fewer than --max-fits): the scan ends with them.
    if (run.fitStarted && !run.fitInProgress) return run.finish('completed');
    const message = run.fitStarted
      ? 'The script stopped before training finished.'
      : 'The script ended without calling model.fit() or model.fitDataset(): there was nothing to scan.';
    run.fail(new ScanError(run.fitStarted ? 'script-error' : 'no-fit', message, null));
  });

  const tfjsEntry = bundle.tfjsEntry ?? tfjsNear(file);
  const tf = loadTfjs(tfjsEntry);
  run.backend = await selectBackend(tf, run.options.backend, tfjsEntry, (text) => run.log(text));
  standInForTfjsNode(tf, bundle, run.backend, run);
  defineGlobalTf(tf, bundle, run);
  installScriptHooks(tf, {
    userStack: () => captureUserStack(bundle.locator, bundle.url),
    fit: (model, original, x, y, args, site) =>
      untilScanEnds(run, monitoredFit(run, { tf, model, site, x, y, args, fit: (x1, y1, args1) => original.call(model, x1, y1, args1) })),
    fitDataset: (model, original, dataset, args, site) =>
      untilScanEnds(run, monitoredFitDataset(run, { tf, model, site, dataset, args, fitDataset: (d, a) => original.call(model, d, a) })),
  });
  hookProcessExit(run, () => captureUserStack(bundle.locator, bundle.url));
  watchDownloads(() => captureUserStack(bundle.locator, bundle.url)?.site ?? null);
  seedMathRandom(run.options.seed);
  // esbuild's ESM output calls the global `require` for the script's require() calls.
  (globalThis as { require?: NodeJS.Require }).require = createRequire(file);
  process.argv = [process.argv[0], file];
  if (run.isFinished) return;
  try {
    await import(bundle.url);
  } catch (error) {
    run.fail(run.explainError(error));
  }
}
