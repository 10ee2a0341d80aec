// The monitor's overhead inside one Python process (overhead_epochs.py): the tutorial's model
// trained one epoch at a time, alternating a plain epoch and a scanned one.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { track } from '../children';
import { VENV_PYTHON } from './scan';

const DRIVER = join(__dirname, 'overhead_epochs.py');
const RESULT = /^dn-bench-overhead (.*)$/m;

export interface OverheadEpochs {
  /** Epoch times (ms) after the warm-up pair, in run order; `checkMs`: each timed scanned epoch's epoch-end check. */
  plain: number[];
  scanned: number[];
  checkMs: number[];
}

export function overheadEpochs(file: string, pairs: number, samples: number, env: NodeJS.ProcessEnv): Promise<OverheadEpochs> {
  const child = track(spawn(VENV_PYTHON, [DRIVER, file, String(pairs), String(samples)], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-16_384)));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const found = RESULT.exec(stderr);
      if (code !== 0 || !found) return reject(new Error(`overhead run of ${file} exited ${code}: ${stderr.slice(-500)}`));
      const seconds = JSON.parse(found[1]) as { plain: number[]; scanned: number[]; checkMs: number[] };
      resolve({ plain: seconds.plain.map((s) => s * 1000), scanned: seconds.scanned.map((s) => s * 1000), checkMs: seconds.checkMs });
    }),
  );
}
