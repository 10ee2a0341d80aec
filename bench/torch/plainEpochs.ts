// The PyTorch tutorial trained by the user's Python without the scan (plain_epochs.py): epoch times.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { track } from '../children';
import { VENV_PYTHON } from '../python/scan';

const DRIVER = join(__dirname, 'plain_epochs.py');
const RESULT = /^dn-bench-epochs (.*)$/m;

/** ms from one epoch end to the next (the first from the first batch). */
export function plainTorchEpochs(file: string, epochs: number, samples: number, env: NodeJS.ProcessEnv): Promise<number[]> {
  const child = track(spawn(VENV_PYTHON, [DRIVER, file, String(epochs), String(samples)], { cwd: PACKAGE_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-16_384)));
  return new Promise((resolve, reject) =>
    child.on('exit', (code) => {
      const found = RESULT.exec(stderr);
      if (code === 0 && found) resolve((JSON.parse(found[1]) as number[]).map((s) => s * 1000));
      else reject(new Error(`plain run of ${file} exited ${code}: ${stderr.slice(-500)}`));
    }),
  );
}
