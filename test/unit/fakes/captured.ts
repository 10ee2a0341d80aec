// Runs a command to its end in the tests, capturing its output, optionally acting on it (a signal)
// once its stderr says something.

import { spawn, type SpawnOptions } from 'node:child_process';

export interface Captured {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface During {
  waitFor: RegExp;
  act: (pid: number, stderr: string) => void;
}

export function runCaptured(command: string, args: string[], options: SpawnOptions, during?: During): Promise<Captured> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let acted = false;
  child.stdout?.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr?.setEncoding('utf8').on('data', (t: string) => {
    stderr += t;
    if (during && !acted && during.waitFor.test(stderr) && child.pid !== undefined) {
      acted = true;
      during.act(child.pid, stderr);
    }
  });
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}
