// Bundles the extension-host suite (test/vscode/*.ts) into test/e2e/out/vscode/, beside the
// e2e tooling's node_modules so that `require('mocha')` resolves there. One bundle per test file:
// mocha defines its globals while it loads each file.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const hostSuiteDir = path.resolve(__dirname, '..', 'e2e', 'out', 'vscode');

/** Builds the suite and returns the path of its entry point (index.js). */
export async function buildHostSuite(): Promise<string> {
  const entries = readdirSync(__dirname)
    .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
    .map((f) => path.join(__dirname, f));
  rmSync(hostSuiteDir, { recursive: true, force: true });
  await build({
    entryPoints: entries,
    outdir: hostSuiteDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return path.join(hostSuiteDir, 'index.js');
}
