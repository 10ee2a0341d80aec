// What the extension-host suites share: the workspace's fixture files, running a scan through
// the extension's own command, the extension's diagnostics, and waiting on conditions.
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import { DIAGNOSTIC_SOURCE } from '../../src/extension/diagnostics';
import type { ScanRun } from '../../src/extension/runs';

export { COMMANDS };
export type { ScanRun };

/** A file of the workspace the suite runs in (fixtures/ holds copies of test/vscode/fixtures). */
export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

/** Runs "Train and Scan" on `uri`; the command hands back the run it started. */
export async function trainAndScan(uri: vscode.Uri): Promise<ScanRun> {
  const run = await vscode.commands.executeCommand<ScanRun | undefined>(COMMANDS.trainAndScan, uri);
  if (!run) throw new Error(`Train and Scan started no run for ${uri.fsPath}`);
  return run;
}

/** Train and Scan, then wait for the run's end. */
export async function scanToEnd(uri: vscode.Uri): Promise<ScanRun> {
  const run = await trainAndScan(uri);
  await run.ended;
  return run;
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

/** Whether a process is still running (signal 0 probes without sending anything). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
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
