// Runs the extension-host mocha suite (test/vscode) inside code-server through the page
// address: code-server rejects --extensionTestsPath, but the workbench takes the same two
// arguments from `?payload=` and reports the suite's end through window.codeAutomationExit.
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import type { HostSuiteResults } from '../vscode/index';
import { repoRoot, resultsRoot, startSession } from './harness';

export interface HostSuiteOptions {
  /** Names the session (artifacts in test-results/e2e/NAME). */
  name: string;
  /** Built entry point of the suite (see test/vscode/build.ts). */
  suiteEntry: string;
  workspaceFiles: Record<string, string>;
  workspaceSettings?: Record<string, unknown>;
  /** Leave Workspace Trust on: the folder opens in Restricted Mode. */
  workspaceTrust: boolean;
  /** Runs only the tests whose full title matches (mocha grep). */
  grep?: string;
}

/** How long a whole in-host run may take before it is declared hung. */
const suiteTimeoutMs = 15 * 60_000;

export async function runHostSuite(options: HostSuiteOptions): Promise<HostSuiteResults> {
  // The extension host writes it; the path reaches it through code-server's environment.
  const resultsFile = path.join(resultsRoot, options.name, 'host-suite-results.json');
  const session = await startSession({
    name: options.name,
    workspaceFiles: options.workspaceFiles,
    workspaceSettings: options.workspaceSettings,
    extension: 'development',
    workspaceTrust: options.workspaceTrust,
    env: { DYING_NEURONS_VSCODE_RESULTS: resultsFile, DYING_NEURONS_VSCODE_GREP: options.grep ?? '' },
  });
  try {
    const log = createWriteStream(path.join(session.artifacts, 'host-suite.log'));
    let exitCode: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exitCode = resolve));
    await session.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      log.write(`[${type}] ${format(...args)}\n`);
    });
    await session.page.exposeFunction('codeAutomationExit', (code: number) => exitCode(code));

    const remote = (file: string): string => `vscode-remote://${new URL(session.origin).host}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(options.suiteEntry)],
    ];
    await session.open(`/?folder=${encodeURIComponent(session.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`extension-host suite did not finish within ${suiteTimeoutMs / 60_000} min`)), suiteTimeoutMs);
    });
    const code = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
    await session.screenshot('suite-finished');
    log.end();
    if (!existsSync(resultsFile)) {
      throw new Error(`extension-host suite exited with code ${code} without results (see ${path.relative(repoRoot, session.artifacts)}/host-suite.log)`);
    }
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as HostSuiteResults;
  } finally {
    await session.close();
  }
}
