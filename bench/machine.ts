// What the figures were measured on, for BENCHMARKS.md: CPU, memory, load, Node and tfjs.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../src/worker/packageRoot';
import { markdownTable } from './table';

export interface Machine {
  date: string;
  cores: number;
  cpu: string;
  memory: string;
  node: string;
  tfjs: string;
  tfjsWasm: string;
  commit: string;
  loadAverage: string;
}

function firstMatch(file: string, pattern: RegExp): string | undefined {
  try {
    return pattern.exec(readFileSync(file, 'utf8'))?.[1].trim();
  } catch {
    return undefined;
  }
}

export function packageVersion(name: string): string {
  try {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'not installed';
  }
}

function commit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'bench').length > 0;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' plus uncommitted or untracked files in src/ or bench/' : ''}`;
  } catch {
    return 'unknown';
  }
}

/** The 1, 5 and 15 minute load averages, e.g. "3.10, 2.80, 2.05". */
export const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

export function describeMachine(): Machine {
  const kib = Number(firstMatch('/proc/meminfo', /^MemTotal:\s+(\d+) kB$/m));
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cores: availableParallelism(),
    cpu: firstMatch('/proc/cpuinfo', /^model name\s*:(.*)$/m) ?? 'unknown',
    memory: Number.isFinite(kib) ? `${(kib / 1024 ** 2).toFixed(1)} GiB` : 'unknown',
    node: process.version,
    tfjs: packageVersion('@tensorflow/tfjs'),
    tfjsWasm: packageVersion('@tensorflow/tfjs-backend-wasm'),
    commit: commit(),
    loadAverage: loadAverage(),
  };
}

/** What a suite adds to the machine table: its software row, the load at its end, how it ran. */
export interface MachineRun {
  software: [label: string, value: string];
  loadAverageAtEnd: string;
  run: string;
}

/** The machine table that opens each suite's section of BENCHMARKS.md. */
export function machineTable(m: Machine, { software, loadAverageAtEnd, run }: MachineRun): string {
  return markdownTable({
    head: ['Machine', ''],
    rows: [
      ['CPU', `${m.cpu}, ${m.cores} cores (shared with other sessions)`],
      ['Memory', m.memory],
      ['Node.js', m.node],
      software,
      ['Load average (1, 5, 15 min)', `${m.loadAverage} at the start, ${loadAverageAtEnd} at the end`],
      ['Commit', m.commit],
      ['Date', m.date],
      ['Run', run],
    ],
  });
}
