// Peak resident memory of another process, read from /proc/PID/status while it runs (Linux).
// VmHWM is the kernel's high-water mark of the process's RSS, so polling can't miss a short peak;
// the poll only has to read it before the process exits.

import { readFileSync } from 'node:fs';

/** VmHWM of `pid` in KiB, or undefined when the process is gone or /proc is unavailable. */
export function peakRssKib(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
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
