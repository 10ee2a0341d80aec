// `npm run bench`: runs every suite, prints its tables and writes its section of BENCHMARKS.md.
//   npm run build && npm run bench            full run (about ten minutes), writes BENCHMARKS.md
//   npm run bench -- --quick                  short run, prints only (add --write to write)
//   npm run bench -- --no-write               full run, prints only

import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PACKAGE_ROOT } from '../src/worker/packageRoot';
import { writeSection } from './benchmarksFile';
import { corpusSuite } from './corpus';
import { detectionSuite } from './detection';
import { engineSuite } from './engine';
import { fixesEvidenceSuite } from './fixesEvidence';
import { panelSuite } from './panel';
import { pythonSuite } from './python';
import type { Mode, Suite } from './suite';
import { torchFixesSuite, torchSuite } from './torch';

const SUITES: Suite[] = [engineSuite, fixesEvidenceSuite, panelSuite, detectionSuite, pythonSuite, torchSuite, torchFixesSuite, corpusSuite];
const BENCHMARKS = join(PACKAGE_ROOT, 'BENCHMARKS.md');

const USAGE = `Usage: npm run bench -- [--quick] [--write | --no-write] [--suite ID]...
  --suite ID   run only this suite (${SUITES.map((s) => s.id).join(', ')}); repeatable
  --quick      a short run (fewer samples and repetitions); prints only, unless --write
  --write      write BENCHMARKS.md even after a quick run
  --no-write   print only
`;

const newest = (dir: string): number => Math.max(0, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(dir, f)).mtimeMs));

/** The scans run the built bundles: say when the sources they come from are newer. */
function warnIfStale(log: (text: string) => void): void {
  const built = (file: string) => statSync(join(PACKAGE_ROOT, 'dist', file), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const oldest = Math.min(built('worker.js'), built('cli.js'));
  if (oldest === 0) throw new Error('dist/worker.js or dist/cli.js is missing: run `npm run build` first.');
  const sources = Math.max(...['worker', 'engine', 'shared', 'cli', 'webview'].map((d) => newest(join(PACKAGE_ROOT, 'src', d))));
  if (sources > oldest) log('warning: src/ has changed since dist/ was built; `npm run build` first to measure the current code.');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      write: { type: 'boolean' },
      'no-write': { type: 'boolean' },
      help: { type: 'boolean' },
      suite: { type: 'string', multiple: true },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const mode: Mode = values.quick ? 'quick' : 'full';
  const write = values['no-write'] ? false : (values.write ?? mode === 'full');
  const started = performance.now();
  const log = (text: string) => process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}\n`);
  warnIfStale(log);
  const unknown = values.suite?.filter((id) => !SUITES.some((s) => s.id === id)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown suite ${unknown.join(', ')}\n${USAGE}`);
  for (const suite of SUITES.filter((s) => values.suite?.includes(s.id) ?? true)) {
    log(`${suite.title} (${mode})`);
    const section = await suite.run(mode, log);
    process.stdout.write(`\n${section}\n`);
    if (write) {
      writeSection(BENCHMARKS, suite.id, section);
      log(`wrote the ${suite.id} section of ${BENCHMARKS}`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
