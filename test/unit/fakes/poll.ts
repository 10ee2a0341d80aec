// Waiting on conditions (never on fixed sleeps), and whether a process is still there, in the tests.

import { readdirSync, readFileSync } from 'node:fs';

/** Polls `condition` every 10 ms; false if it does not hold within `ms`. */
export async function eventually(condition: () => boolean, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return condition();
}

/** The state letter and process group of a process from /proc; null when there is no such process. */
function procStat(pid: number): { state: string; group: number } | null {
  try {
    // The command name (in parentheses) may hold spaces: the fields count from its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)?.split(' ') ?? [];
    return { state: fields[0], group: Number(fields[2]) };
  } catch {
    return null;
  }
}

/** Whether a process with this id runs (a zombie, killed but not yet reaped, does not); a negative id asks about that process group. */
export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  const running = (stat: { state: string } | null) => stat !== null && stat.state !== 'Z';
  if (pid > 0) return running(procStat(pid));
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => procStat(Number(name)))
    .some((stat) => running(stat) && stat?.group === -pid);
}
