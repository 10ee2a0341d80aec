// The pieces of the worker's start-up, each timed in a fresh process: a bare Node start, then
// (in startupChild.ts) tfjs, the backend and the script's bundle.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { StartupSteps } from './startupChild';

export interface StartupSample extends StartupSteps {
  nodeMs: number;
}

function timeNodeStart(): number {
  const start = performance.now();
  execFileSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return performance.now() - start;
}

function steps(file: string): StartupSteps {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'startupChild.ts'), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as StartupSteps;
}

export function benchStartup(file: string): StartupSample {
  return { nodeMs: timeNodeStart(), ...steps(file) };
}
