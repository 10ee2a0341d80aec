// Evidence for issue 7: on every dying example (TensorFlow.js and Keras), Try Fixes measures
// each quick fix of the layer a scan warns about against the unchanged model, and a scan with
// ReDo revive measures reviving in place — all at the try's short budget, same seed and data.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { measuredRow, TRY_DEFAULTS } from '../../src/engine/tryFixes';
import { DEFAULT_THRESHOLDS, type Report, type ScanOptions, type TryRow } from '../../src/shared/protocol';
import type { Runner } from '../../src/host/runner';
import { tfjsRunner } from '../../src/host/tfjsRunner';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { launchTryFixes, type TryOutcome } from '../../src/host/tryFixes';
import { describeMachine, type Machine } from '../machine';
import type { Mode, Suite } from '../suite';
import { evidenceMarkdown } from './markdown';

const WORKER = join(PACKAGE_ROOT, 'dist', 'worker.js');
const DYING = ['dead-conv', 'deep-narrow-relu', 'high-learning-rate', 'negative-bias', 'saturated-sigmoid'];
const TFJS_EXTENSIONS: Record<string, string> = {
  'dead-conv': 'mjs',
  'deep-narrow-relu': 'js',
  'high-learning-rate': 'mjs',
  'negative-bias': 'ts',
  'saturated-sigmoid': 'ts',
};
/** Every dying example, its TensorFlow.js version first, then its Keras twin. */
export const EXAMPLES = DYING.flatMap((name) => [
  join(PACKAGE_ROOT, 'examples', 'tfjs', `${name}.${TFJS_EXTENSIONS[name]}`),
  join(PACKAGE_ROOT, 'examples', 'keras', `${name}.py`),
]);

export interface Budget {
  epochs: number;
  samples: number;
  /** ReDo every this many steps in the revive run. */
  reviveEvery: number;
}

export const BUDGETS: Record<Mode, Budget> = {
  full: { epochs: TRY_DEFAULTS.epochs, samples: TRY_DEFAULTS.samples, reviveEvery: 20 },
  quick: { epochs: 1, samples: 1000, reviveEvery: 5 },
};

export interface ExampleEvidence {
  file: string;
  outcome: TryOutcome;
  /** The revive run measured as a row (the tried layer and after it), and its report. */
  revive: { row: TryRow; report: Report } | undefined;
  ms: number;
}

export interface EvidenceResults {
  mode: Mode;
  machine: Machine;
  budget: Budget;
  seed: number;
  examples: ExampleEvidence[];
}

export const SEED = 42;

function scanOptions(file: string, budget: Budget, source: string): ScanOptions {
  return { file, epochs: budget.epochs, samples: budget.samples, probe: 1024, seed: SEED, backend: 'auto', thresholds: DEFAULT_THRESHOLDS, sourceText: source };
}

/** Try Fixes on `file`'s layer with a warning, then a revive run, each run through `runner` (default: the TensorFlow.js worker). */
export async function evidenceFor(
  file: string,
  budget: Budget,
  log: (text: string) => void,
  runner = (): Runner => tfjsRunner({ workerPath: WORKER }),
): Promise<ExampleEvidence> {
  const start = performance.now();
  const source = readFileSync(file, 'utf8');
  const options = scanOptions(file, budget, source);
  const outcome = await launchTryFixes({ options, source }, { runner: runner() }).done;
  if (outcome.kind !== 'results') {
    log(`  ${file}: nothing to try (${outcome.kind === 'no-layer' ? outcome.message : outcome.baseline.status})`);
    return { file, outcome, revive: undefined, ms: performance.now() - start };
  }
  const reviveStart = performance.now();
  const report = await runner().start({ ...options, reviveEvery: budget.reviveEvery }, { message: () => undefined }).done;
  const candidate = { id: 'revive', fixes: [], title: `Revive dead units every ${budget.reviveEvery} steps`, source, target: outcome.layer.target };
  const row = measuredRow(candidate, outcome.layer.name, report, Math.round(performance.now() - reviveStart));
  const ms = performance.now() - start;
  log(`  ${file}: ${outcome.results.rows.length} runs and a revive run in ${(ms / 1000).toFixed(0)} s`);
  return { file, outcome, revive: { row, report }, ms };
}

export const fixesEvidenceSuite: Suite = {
  id: 'fixes-evidence',
  title: 'Try Fixes and revive on the dying examples',
  async run(mode, log) {
    const budget = BUDGETS[mode];
    const machine = describeMachine();
    const examples: ExampleEvidence[] = [];
    for (const file of EXAMPLES) examples.push(await evidenceFor(file, budget, log));
    return evidenceMarkdown({ mode, machine, budget, seed: SEED, examples });
  },
};
