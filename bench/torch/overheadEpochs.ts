// The PyTorch tutorial's epochs with the scan's patches switched on and off inside one process
// (overhead_epochs.py): wall and CPU times per variant.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { track } from '../children';
import { VENV_PYTHON } from '../python/scan';
import type { TorchResults } from './markdown';

const DRIVER = join(__dirname, 'overhead_epochs.py');
const RESULT = /^dn-bench-overhead (\{.*\})$/m;
const CHUNKS = /^dn-bench-chunks (\{.*\})$/m;

/** Seconds: paired K-step chunks (the patches off, on), each epoch-end check, the mixed epochs. */
export interface ChunkTimes {
  plain: number[];
  scanned: number[];
  check: number[];
  steps: number;
  epoch: number[];
}

/** Epoch times in ms after the warm-up epoch, `pairs` of each variant. */
export async function inProcessEpochs(file: string, pairs: number, env: NodeJS.ProcessEnv): Promise<TorchResults['overhead']> {
  const seconds = (await driver(file, [String(pairs)], RESULT, env)) as TorchResults['overhead'];
  const ms = (values: number[]) => values.map((s) => s * 1000);
  return { plain: ms(seconds.plain), scanned: ms(seconds.scanned), plainCpu: ms(seconds.plainCpu), scannedCpu: ms(seconds.scannedCpu) };
}

/** The patches switched every `steps` training steps instead (seconds); `control`: both chunks of a pair plain. */
export async function inProcessChunks(file: string, steps: number, env: NodeJS.ProcessEnv, control = false): Promise<ChunkTimes> {
  return (await driver(file, ['--chunks', String(steps), ...(control ? ['--control'] : [])], CHUNKS, env)) as ChunkTimes;
}

function driver(file: string, args: string[], result: RegExp, env: NodeJS.ProcessEnv): Promise<unknown> {
  const child = track(spawn(VENV_PYTHON, [DRIVER, file, ...args], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-65_536)));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const found = result.exec(stderr);
      if (code !== 0 || !found) return reject(new Error(`the in-process overhead run of ${file} exited ${code}: ${stderr.slice(-500)}`));
      resolve(JSON.parse(found[1]));
    }),
  );
}
