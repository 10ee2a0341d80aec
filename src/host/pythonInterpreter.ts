// Finds the Python interpreter a scan runs in and asks it (python/probe.py, which imports no
// framework) for its version and the deep-learning packages it has.

import { execFile } from 'node:child_process';

/** The packages python/probe.py reports, by module name. */
export const PYTHON_PACKAGES = ['tensorflow', 'keras', 'tf_keras', 'torch', 'jax'] as const;
export type PythonPackage = (typeof PYTHON_PACKAGES)[number];

export const MIN_PYTHON: readonly [number, number] = [3, 9];

export interface PythonInterpreter {
  /** As asked for: a path, or a command looked up on PATH. */
  command: string;
  /** `sys.executable`. */
  executable: string;
  /** `major.minor.micro`. */
  version: string;
  /** Installed version of each package; null when the interpreter cannot import it. */
  packages: Record<PythonPackage, string | null>;
}

/** Why no interpreter could be used, per command tried. */
export interface InterpreterMiss {
  tried: { command: string; reason: string }[];
}

const PROBE_TIMEOUT_MS = 30_000;

function parseProbe(command: string, stdout: string): PythonInterpreter | string {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    return 'it did not answer the probe (is it a Python interpreter?)';
  }
  const v = value as { executable?: unknown; version?: unknown; packages?: Record<string, unknown> };
  if (typeof v?.executable !== 'string' || typeof v.version !== 'string' || typeof v.packages !== 'object' || v.packages === null) {
    return 'it did not answer the probe (is it a Python interpreter?)';
  }
  const packages = {} as Record<PythonPackage, string | null>;
  for (const name of PYTHON_PACKAGES) {
    const version = v.packages[name];
    packages[name] = typeof version === 'string' ? version : null;
  }
  const [major, minor] = v.version.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    return `it is Python ${v.version}; scans need Python ${MIN_PYTHON.join('.')} or later`;
  }
  return { command, executable: v.executable, version: v.version, packages };
}

/** Runs the probe with `command`; the interpreter, or why it cannot be used. */
export function probeInterpreter(command: string, probeScript: string): Promise<PythonInterpreter | string> {
  return new Promise((resolve) => {
    execFile(command, [probeScript], { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return resolve('not found');
        if (code === 'EACCES') return resolve('not executable');
        if (error.killed) return resolve(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`);
        return resolve(`the probe failed: ${String(error.message).split('\n')[0]}`);
      }
      resolve(parseProbe(command, stdout));
    });
  });
}

/**
 * The first usable interpreter: `preferred` (a setting or a flag) when given — never silently
 * replaced by another —, else `suggested` (the Python extension's active environment), then
 * `python3`, then `python` on PATH.
 */
export async function findInterpreter(preferred: string | undefined, probeScript: string, suggested?: string): Promise<PythonInterpreter | InterpreterMiss> {
  const commands = preferred ? [preferred] : [...(suggested ? [suggested] : []), 'python3', 'python'];
  const tried: InterpreterMiss['tried'] = [];
  for (const command of commands) {
    const found = await probeInterpreter(command, probeScript);
    if (typeof found !== 'string') return found;
    tried.push({ command, reason: found });
  }
  return { tried };
}
