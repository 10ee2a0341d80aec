// What the extension-host suites share: the workspace's fixture files, running a scan through
// the extension's commands and watching it from outside — its worker process (a child of this
// extension host) and the diagnostics it publishes — and waiting on conditions.
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import { DIAGNOSTIC_SOURCE } from '../../src/extension/diagnostics';

export { COMMANDS };

/** A file of the workspace the suite runs in (fixtures/ holds copies of test/vscode/fixtures). */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** Training workers running now: children of this extension host running dist/worker.js. */
export function workerProcesses(): number[] {
  const workers: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      // Field 4 of /proc/PID/stat is the parent pid; the command name before it may hold spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (parent !== process.pid || state === 'Z') continue;
      if (
        readFileSync(`/proc/${pid}/cmdline`, 'utf8')
          .split('\0')
          .some((arg) => arg.endsWith('/dist/worker.js'))
      )
        workers.push(pid);
    } catch {
      // The process ended while we looked.
    }
  }
  return workers;
}

/**
 * Runs a scan command (Train and Scan, Re-scan) on `uri` and returns the pid of the worker it
 * started; throws if it started none.
 */
export async function startScan(uri: vscode.Uri, command: string = COMMANDS.trainAndScan): Promise<number> {
  const before = new Set(workerProcesses());
  await vscode.commands.executeCommand(command, uri);
  const started = workerProcesses().filter((pid) => !before.has(pid));
  if (started.length !== 1) throw new Error(`${command} on ${uri.fsPath} started ${started.length} workers`);
  return started[0];
}

/** Runs a scan command and waits until its worker has exited. */
export async function scanToEnd(uri: vscode.Uri, command: string = COMMANDS.trainAndScan): Promise<void> {
  await workerGone(await startScan(uri, command), 120_000);
}

export async function workerGone(pid: number, timeoutMs = 10_000): Promise<void> {
  await until(`worker ${pid} to exit`, () => !workerProcesses().includes(pid), timeoutMs);
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * Resolves with the first truthy value of `check`, re-checked every 25 ms, or rejects after
 * `timeoutMs` naming what it waited for. A wait on a condition, not a sleep.
 */
export function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      const value = check();
      if (value) resolve(value);
      else if (Date.now() > deadline) reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      else setTimeout(poll, 25);
    };
    poll();
  });
}

/** Runs `body` with workspace settings changed for its duration. */
export async function withSettings<T>(values: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('dyingNeurons');
  const before = Object.keys(values).map((key) => [key, config.inspect(key)?.workspaceValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  try {
    return await body();
  } finally {
    for (const [key, value] of before) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  }
}
