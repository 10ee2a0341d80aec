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

/** Epoch times in ms after the warm-up epoch, `pairs` of each variant. */
export function inProcessEpochs(file: string, pairs: number, env: NodeJS.ProcessEnv): Promise<TorchResults['overhead']> {
  const child = track(spawn(VENV_PYTHON, [DRIVER, file, String(pairs)], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-16_384)));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const found = RESULT.exec(stderr);
      if (code !== 0 || !found) return reject(new Error(`the in-process overhead run of ${file} exited ${code}: ${stderr.slice(-500)}`));
      const seconds = JSON.parse(found[1]) as TorchResults['overhead'];
      const ms = (values: number[]) => values.map((s) => s * 1000);
      resolve({ plain: ms(seconds.plain), scanned: ms(seconds.scanned), plainCpu: ms(seconds.plainCpu), scannedCpu: ms(seconds.scannedCpu) });
    }),
  );
}
