// Child processes the bench starts itself: killed if the bench exits first (Ctrl+C included).

import { fork, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((child) => child.kill('SIGKILL')));
process.once('SIGINT', () => process.exit(130));

/** Forks a TypeScript module under tsx, with its stdout/stderr piped and kept (the last 8 KiB). */
export function forkTs(module: string, args: string[], execArgv: string[] = []): { child: ChildProcess; output: () => string } {
  const child = fork(module, args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let tail = '';
  const keep = (text: string) => (tail = (tail + text).slice(-8192));
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  live.add(child);
  child.on('exit', () => live.delete(child));
  return { child, output: () => tail };
}
