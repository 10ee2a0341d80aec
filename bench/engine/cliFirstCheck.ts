// The first report as a user of the CLI sees it: from spawning `node dist/cli.js scan FILE` to
// the line of the init check on its stderr ("init: dead N of M units"); then Ctrl+C (SIGINT),
// which cancels the scan. Undefined when the line never comes.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { track } from '../children';

const CLI_PATH = join(PACKAGE_ROOT, 'dist', 'cli.js');
const INIT_LINE = /^init: .*$/m;
/** A CLI still running this long after SIGINT is killed. */
const STOP_GRACE_MS = 5_000;

export function cliFirstCheck(file: string): Promise<{ ms: number | undefined; line: string | undefined }> {
  const start = performance.now();
  const cli = track(spawn(process.execPath, [CLI_PATH, 'scan', file, '--epochs', '1'], { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  let found: { ms: number; line: string } | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  cli.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (found) return;
    stderr += text;
    const line = INIT_LINE.exec(stderr)?.[0];
    if (!line) return;
    found = { ms: performance.now() - start, line };
    cli.kill('SIGINT');
    killTimer = setTimeout(() => cli.kill('SIGKILL'), STOP_GRACE_MS);
  });
  return new Promise((resolve) =>
    cli.on('exit', () => {
      clearTimeout(killTimer);
      resolve({ ms: found?.ms, line: found?.line });
    }),
  );
}
