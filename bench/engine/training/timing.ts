// Wall time, CPU time and context switches of the current process over a stretch of code.

import type { Timing } from './messages';

/** The timing since `start` (performance.now()) and `usage` (process.resourceUsage()). */
function since(start: number, usage: NodeJS.ResourceUsage): Timing {
  const now = process.resourceUsage();
  return {
    wallMs: performance.now() - start,
    cpuMs: (now.userCPUTime + now.systemCPUTime - usage.userCPUTime - usage.systemCPUTime) / 1000,
    voluntarySwitches: now.voluntaryContextSwitches - usage.voluntaryContextSwitches,
    involuntarySwitches: now.involuntaryContextSwitches - usage.involuntaryContextSwitches,
  };
}

/** Runs `body` and returns what it returned with how long it took. */
export async function timed<T>(body: () => Promise<T>): Promise<{ value: T; timing: Timing }> {
  const usage = process.resourceUsage();
  const start = performance.now();
  const value = await body();
  return { value, timing: since(start, usage) };
}

/** Collects garbage (the child runs with --expose-gc), so that no timed run pays for another's. */
export const collect = (): void => (globalThis as { gc?: () => void }).gc?.();
