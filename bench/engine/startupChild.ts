// Times the worker's start-up steps one by one in a fresh process, to explain the time to the
// first report: loading tfjs, initialising the backend (auto), bundling the script with esbuild.
// Bundled and run with plain Node by startup.ts; prints one JSON line: StartupSteps.

import { selectBackend } from '../../src/worker/backend';
import { bundleScript } from '../../src/worker/scriptBundle';
import { loadTfjs, ownTfjsEntry } from '../../src/worker/tfjs';

export interface StartupSteps {
  tfjsMs: number;
  backendMs: number;
  backend: string;
  bundleMs: number;
}

async function main(file: string): Promise<StartupSteps> {
  const entry = ownTfjsEntry();
  const t0 = performance.now();
  const tf = loadTfjs(entry);
  const t1 = performance.now();
  const backend = await selectBackend(tf, 'auto', entry, () => undefined);
  const t2 = performance.now();
  const bundle = await bundleScript(file);
  const t3 = performance.now();
  bundle.dispose();
  return { tfjsMs: t1 - t0, backendMs: t2 - t1, backend, bundleMs: t3 - t2 };
}

main(process.argv[2] ?? '').then(
  (steps) => process.stdout.write(`${JSON.stringify(steps)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
