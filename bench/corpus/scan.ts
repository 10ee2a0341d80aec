// Scans one corpus script with the CLI on a path without Python: the Keras translator for .py,
// the TensorFlow.js runner for .js/.mjs. An empty Keras cache ($KERAS_HOME) so that no dataset
// of this machine's user is read, and a scratch working directory for what a script writes.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import type { Report } from '../../src/shared/protocol';
import { track } from '../children';

const CLI_PATH = join(PACKAGE_ROOT, 'dist', 'cli.js');
/** A scan still running this long is killed (and recorded as a timeout). */
const TIMEOUT_MS = 180_000;

export interface CorpusScan {
  runner: 'translate' | 'tfjs';
  exitCode: number | null;
  timedOut: boolean;
  ms: number;
  report: Report | undefined;
  stderrTail: string;
}

export interface ScanSettings {
  samples: number;
  epochs: number;
  kerasHome: string;
  cwd: string;
}

export function scanCorpusScript(file: string, settings: ScanSettings): Promise<CorpusScan> {
  const runner = file.endsWith('.py') ? 'translate' : 'tfjs';
  const args = [CLI_PATH, 'scan', file, '--json', '--samples', String(settings.samples), '--epochs', String(settings.epochs)];
  if (runner === 'translate') args.push('--runner', 'translate');
  const start = performance.now();
  const child = track(
    spawn(process.execPath, args, { cwd: settings.cwd, env: { ...process.env, KERAS_HOME: settings.kerasHome }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr = (stderr + t).slice(-4096)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, TIMEOUT_MS);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer);
      let report: Report | undefined;
      try {
        report = JSON.parse(stdout) as Report;
      } catch {
        report = undefined;
      }
      resolve({ runner, exitCode: code, timedOut, ms: performance.now() - start, report, stderrTail: stderr });
    }),
  );
}
