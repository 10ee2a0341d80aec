// Child processes the bench starts itself: killed if the bench exits first (Ctrl+C included).

import { fork, type ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((child) => child.kill('SIGKILL')));
process.once('SIGINT', () => process.exit(130));

/** Kills `child` if the bench exits while it still runs. */
export function track<T extends ChildProcess>(child: T): T {
  live.add(child);
  child.on('exit', () => live.delete(child));
  return child;
}

/** Forks a TypeScript module under tsx, with its stdout/stderr piped and kept (the last 8 KiB). */
export function forkTs(module: string, args: string[], execArgv: string[] = []): { child: ChildProcess; output: () => string } {
  const child = track(fork(module, args, { execArgv: ['--import', 'tsx', ...execArgv], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
  let tail = '';
  const keep = (text: string) => (tail = (tail + text).slice(-8192));
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  return { child, output: () => tail };
}
