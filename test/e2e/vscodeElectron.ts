// `npm run test:vscode`: the extension-host suite in VS Code desktop via @vscode/test-electron,
// on machines that can download VS Code (this one cannot: here the same suite runs inside
// code-server, see run.ts). Runs against the minimum engine the manifest claims and stable,
// each in a trusted workspace and in Restricted Mode; VSCODE_EXECUTABLE_PATH names an installed
// VS Code to use instead of downloading.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildHostSuite } from '../vscode/build';
import { repoRoot, stageWorkspace } from './harness';
import { hostWorkspace, scanSettings } from './workspace';

interface Manifest {
  engines: { vscode: string };
}

async function main(): Promise<number> {
  const extensionTestsPath = await buildHostSuite();
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const minimum = manifest.engines.vscode.replace(/^[\^~>=]+/, '');
  const scratch = path.join(repoRoot, '.e2e');
  mkdirSync(scratch, { recursive: true });
  const installed = process.env.VSCODE_EXECUTABLE_PATH;
  let passed = 0;
  let failed = 0;
  for (const version of installed ? [installed] : [minimum, 'stable']) {
    for (const trusted of [true, false]) {
      const label = `VS Code ${version}, ${trusted ? 'trusted workspace' : 'Restricted Mode'}`;
      console.log(`\n▶ ${label}`);
      const run = mkdtempSync(path.join(scratch, 'electron-'));
      const workspace = path.join(run, 'workspace');
      stageWorkspace(workspace, hostWorkspace(), scanSettings);
      const code = await runTests({
        ...(installed ? { vscodeExecutablePath: installed } : { version }),
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath,
        extensionTestsEnv: { DYING_NEURONS_VSCODE_GREP: trusted ? '!Restricted Mode' : 'Restricted Mode' },
        launchArgs: [workspace, '--disable-extensions', '--user-data-dir', path.join(run, 'user-data'), ...(trusted ? ['--disable-workspace-trust'] : [])],
      }).catch((error: unknown) => {
        console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      });
      if (code === 0) passed++;
      else failed++;
    }
  }
  console.log(`\nvscode: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

void main().then((code) => process.exit(code));
