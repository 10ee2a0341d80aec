// Entry point of the extension-host suite (what `extensionTestsPath` names), for both
// @vscode/test-electron and code-server's payload route. Runs every bundled *.test.js beside it
// with mocha (resolved from test/e2e/node_modules) and writes a JSON summary where
// DYING_NEURONS_VSCODE_RESULTS says. DYING_NEURONS_VSCODE_GREP selects tests by title;
// a leading "!" leaves those out instead.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The part of mocha's API this runner uses (mocha ships no types). */
interface MochaRunner {
  on(event: 'pass' | 'fail' | 'pending' | 'retry', listener: (test: { fullTitle(): string }, error?: Error) => void): MochaRunner;
}
interface MochaInstance {
  addFile(file: string): void;
  run(done: (failures: number) => void): MochaRunner;
}
type MochaConstructor = new (options: Record<string, unknown>) => MochaInstance;

export interface HostSuiteResults {
  passed: string[];
  failed: { title: string; message: string }[];
  skipped: string[];
  /** Tests that failed once and were run again (mocha `retries(1)`), with the first failure. */
  retried: string[];
}

export function run(): Promise<void> {
  const Mocha = require('mocha') as MochaConstructor;
  const grep = process.env.DYING_NEURONS_VSCODE_GREP ?? '';
  const invert = grep.startsWith('!');
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: 120_000,
    retries: 1,
    ...(grep ? { grep: invert ? grep.slice(1) : grep, invert } : {}),
  });
  for (const file of readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results: HostSuiteResults = { passed: [], failed: [], skipped: [], retried: [] };
  return new Promise((resolve, reject) => {
    mocha
      .run((failures) => {
        const out = process.env.DYING_NEURONS_VSCODE_RESULTS;
        if (out) writeFileSync(out, JSON.stringify(results, null, 2));
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else resolve();
      })
      .on('pass', (t) => results.passed.push(t.fullTitle()))
      .on('fail', (t, error) => results.failed.push({ title: t.fullTitle(), message: error?.message ?? 'failed' }))
      .on('pending', (t) => results.skipped.push(t.fullTitle()))
      .on('retry', (t, error) => results.retried.push(`${t.fullTitle()} (first failure: ${error?.message ?? 'unknown'})`));
  });
}
