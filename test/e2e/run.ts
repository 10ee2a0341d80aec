// `npm run test:e2e`: the extension-host suite inside code-server (trusted, then in Restricted
// Mode), the browser test of the user's path, and Train and Scan from the installed .vsix. A
// case whose session breaks is run once more and the retry is reported; the last line is
// "e2e: N passed, N failed".
import { buildHostSuite } from '../vscode/build';
import type { HostSuiteResults } from '../vscode/index';
import { runHostSuite } from './hostSuite';
import { runPythonPath } from './pythonPath';
import { runTorchPath } from './torchPath';
import { hostWorkspace, scanSettings } from './workspace';
import { runUserPath } from './userPath';
import { runVsixPath } from './vsixPath';

interface E2eCase {
  name: string;
  run(): Promise<HostSuiteResults>;
}

// Arguments: words that pick cases by name, and --grep=PATTERN to pick host-suite tests.
const grepArgument = process.argv.find((a) => a.startsWith('--grep='))?.slice('--grep='.length);
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

async function main(): Promise<number> {
  const suiteEntry = await buildHostSuite();
  const cases: E2eCase[] = [
    {
      name: 'extension host (trusted workspace)',
      run: () =>
        runHostSuite({
          name: 'host-suite',
          suiteEntry,
          workspaceFiles: hostWorkspace(),
          workspaceSettings: scanSettings,
          workspaceTrust: false,
          grep: grepArgument ?? '!Restricted Mode',
        }),
    },
    {
      name: 'extension host (Restricted Mode)',
      run: () =>
        runHostSuite({
          name: 'host-suite-restricted',
          suiteEntry,
          workspaceFiles: hostWorkspace(),
          workspaceSettings: scanSettings,
          workspaceTrust: true,
          grep: 'Restricted Mode',
        }),
    },
    { name: 'user path in the browser', run: runUserPath },
    { name: 'Keras in your own Python in the browser', run: runPythonPath },
    { name: 'PyTorch in your own Python in the browser', run: runTorchPath },
    { name: 'the installed .vsix in the browser', run: runVsixPath },
  ].filter((c) => only.length === 0 || only.some((o) => c.name.includes(o)));

  const total: HostSuiteResults = { passed: [], failed: [], skipped: [], retried: [] };
  for (const c of cases) {
    const started = Date.now();
    console.log(`\n▶ ${c.name}`);
    const results = await runWithOneRetry(c);
    for (const t of results.passed) console.log(`  ✔ ${t}`);
    for (const t of results.skipped) console.log(`  - ${t} (skipped)`);
    for (const f of results.failed) console.log(`  ✘ ${f.title}\n      ${f.message.split('\n').join('\n      ')}`);
    for (const t of results.retried) console.log(`  ↻ retried once: ${t}`);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    total.passed.push(...results.passed);
    total.failed.push(...results.failed);
    total.skipped.push(...results.skipped);
    total.retried.push(...results.retried);
  }
  console.log('');
  if (total.retried.length > 0) console.log(`retried once: ${total.retried.join('; ')}`);
  console.log(`e2e: ${total.passed.length} passed, ${total.failed.length} failed, ${total.skipped.length} skipped`);
  return total.failed.length > 0 || total.passed.length === 0 ? 1 : 0;
}

/** A case whose session itself failed (no results) gets one more session; the retry is reported. */
async function runWithOneRetry(c: E2eCase): Promise<HostSuiteResults> {
  try {
    return await c.run();
  } catch (first) {
    console.log(`  ↻ ${c.name}: ${message(first)} — running it once more`);
    try {
      const second = await c.run();
      return { ...second, retried: [...second.retried, c.name] };
    } catch (again) {
      return { passed: [], failed: [{ title: c.name, message: message(again) }], skipped: [], retried: [c.name] };
    }
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
