// Another process's peak memory and CPU time, read from /proc while it runs (Linux). VmHWM is
// the kernel's high-water mark of its RSS, so polling can't miss a short peak; the poll only has
// to read it before the process exits.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const read = (pid: number, file: string): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
};

/** VmHWM of `pid` in KiB, or undefined when the process is gone or /proc is unavailable. */
export function peakRssKib(pid: number): number | undefined {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(read(pid, 'status') ?? '');
  return match ? Number(match[1]) : undefined;
}

let ticksPerSecond: number | undefined;
const clockTicks = (): number => (ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100);

/** User + system CPU time of `pid` so far in ms (its own threads, not its children). */
export function cpuTimeMs(pid: number): number | undefined {
  const stat = read(pid, 'stat');
  if (!stat) return undefined;
  // Fields after the parenthesised command name, from field 3 (state); utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

export class PeakRssWatch {
  private peak: number | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 50,
  ) {
    this.timer = setInterval(() => this.read(), intervalMs);
  }

  /** Reads now (call it while the process is still alive, e.g. on its last message). */
  read(): void {
    const now = peakRssKib(this.pid);
    if (now !== undefined) this.peak = Math.max(this.peak ?? 0, now);
  }

  /** Stops polling; the highest VmHWM seen, in KiB. */
  stop(): number | undefined {
    clearInterval(this.timer);
    return this.peak;
  }
}
