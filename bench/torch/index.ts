// The PyTorch runner's figures (issue 12), two suites: `torch`, the monitor's overhead on the
// tutorial model in PyTorch (alternating plain/scanned runs) and the time from the first forward
// to the init check's report; `torch-fixes`, Try Fixes and revive on the PyTorch dying examples.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pythonRunner } from '../../src/host/pythonRunner';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { BUDGETS, evidenceFor, SEED, type Budget, type ExampleEvidence } from '../fixesEvidence';
import { describeMachine, loadAverage } from '../machine';
import { median } from '../stats';
import { timedScan, VENV_PYTHON } from '../python/scan';
import type { Mode, Suite } from '../suite';
import { torchFixesMarkdown, torchMarkdown, type TorchResults, type TorchSettings } from './markdown';
import { inProcessChunks, inProcessEpochs, type ChunkTimes } from './overheadEpochs';

const EXAMPLES = join(PACKAGE_ROOT, 'examples', 'torch');
const TUTORIAL = join(EXAMPLES, 'tutorial.py');
const DEAD_AT_INIT = join(__dirname, 'models', 'dead-at-init.py');
const FIRST_FORWARD = 'dn-bench: first forward';
const DYING = ['dead-conv', 'deep-narrow-relu', 'high-learning-rate', 'negative-bias', 'saturated-sigmoid'].map((name) => join(EXAMPLES, `${name}.py`));
const RUN_SCRIPT = join(PACKAGE_ROOT, 'python', 'run_script.py');

/** The tutorial's own epochs (all 60,000 MNIST training samples), so that the per-epoch check weighs what it does in use; its loop has 10 epochs: a warm-up and up to 4 pairs. */
const SETTINGS: Record<Mode, TorchSettings> = {
  full: { pairs: 4, chunkRuns: 16, controlRuns: 4, firstReportRuns: 3 },
  quick: { pairs: 1, chunkRuns: 1, controlRuns: 1, firstReportRuns: 1 },
};
/** Steps per chunk when the patches switch within epochs: ~80 ms of training, short next to the machine's drift. */
const CHUNK_STEPS = 50;
/**
 * One torch thread in both variants: with its default two on two shared, busy cores, torch's
 * threads wait on each other and an epoch's time swings by ×10 with the load (measured: 0.6–35 s).
 */
const ONE_THREAD: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
/** The try's budget at the README's example settings: PyTorch's conv example trains slowly on two shared cores. */
const EVIDENCE_BUDGETS: Record<Mode, Budget> = {
  full: { ...BUDGETS.full, samples: 2000 },
  quick: BUDGETS.quick,
};

function versions(): string {
  const code = "import importlib.metadata as m, sys; print(sys.version.split()[0], m.version('torch'))";
  const [python, torch] = execFileSync(VENV_PYTHON, ['-c', code], { encoding: 'utf8' }).trim().split(' ');
  return `Python ${python}, torch ${torch} (.venv)`;
}

async function overhead({ pairs }: TorchSettings, log: (text: string) => void): Promise<TorchResults['overhead']> {
  const times = await inProcessEpochs(TUTORIAL, pairs, ONE_THREAD);
  const list = (values: number[]) => values.map((t) => (t / 1000).toFixed(2)).join(', ');
  log(`plain epochs ${list(times.plain)} s (CPU ${list(times.plainCpu)}); scanned ${list(times.scanned)} s (CPU ${list(times.scannedCpu)})`);
  return times;
}

/** The paired chunks of `runs` in-process runs, one after another, pooled (`control`: both chunks plain). */
async function pooledChunks(runs: number, control: boolean, log: (text: string) => void): Promise<ChunkTimes> {
  const pooled: ChunkTimes = { plain: [], scanned: [], check: [], steps: 0, epoch: [] };
  for (let run = 1; run <= runs; run++) {
    const c = await inProcessChunks(TUTORIAL, CHUNK_STEPS, ONE_THREAD, control);
    const ratio = median(c.plain.map((p, i) => c.scanned[i] / p));
    log(
      `${control ? 'control' : 'chunks'} run ${run}: ${c.plain.length} pairs of ${CHUNK_STEPS} steps, median ratio ${ratio.toFixed(4)}, epoch-end checks ${c.check.map((t) => (t * 1000).toFixed(1)).join(', ')} ms`,
    );
    pooled.plain.push(...c.plain);
    pooled.scanned.push(...c.scanned);
    pooled.check.push(...c.check);
    pooled.epoch.push(...c.epoch);
    pooled.steps = c.steps;
  }
  return pooled;
}

async function firstReport(runs: number, log: (text: string) => void): Promise<{ forwardToInit: number[]; launchToInit: number[] }> {
  const forwardToInit: number[] = [];
  const launchToInit: number[] = [];
  for (let run = 0; run < runs; run++) {
    const scan = await timedScan({ file: DEAD_AT_INIT, runner: 'python', env: process.env, stopAtInit: true, marker: FIRST_FORWARD });
    if (!Number.isFinite(scan.initMs) || !Number.isFinite(scan.markerMs))
      throw new Error(`no init check: ${scan.report.diagnostics.map((d) => d.message).join('; ')}`);
    forwardToInit.push(scan.initMs - scan.markerMs);
    launchToInit.push(scan.initMs);
    log(`first report ${run + 1}: first forward → init ${(scan.initMs - scan.markerMs).toFixed(0)} ms, launch → init ${(scan.initMs / 1000).toFixed(2)} s`);
  }
  return { forwardToInit, launchToInit };
}

async function runTorch(mode: Mode, log: (text: string) => void): Promise<string> {
  const started = performance.now();
  const settings = SETTINGS[mode];
  const machine = describeMachine();
  const software = versions();
  const timed = await overhead(settings, log);
  const chunks = await pooledChunks(settings.chunkRuns, false, log);
  const control = await pooledChunks(settings.controlRuns, true, log);
  const first = await firstReport(settings.firstReportRuns, log);
  return torchMarkdown({
    mode,
    settings,
    machine,
    software,
    loadAverageAtEnd: loadAverage(),
    durationMs: performance.now() - started,
    overhead: timed,
    chunks: { ...chunks, size: CHUNK_STEPS },
    control,
    firstReport: first,
  });
}

async function runTorchFixes(mode: Mode, log: (text: string) => void): Promise<string> {
  const budget = EVIDENCE_BUDGETS[mode];
  const machine = describeMachine();
  const software = versions();
  const runner = () => pythonRunner({ interpreter: VENV_PYTHON, runScript: RUN_SCRIPT, cwd: PACKAGE_ROOT });
  const examples: ExampleEvidence[] = [];
  for (const file of DYING) examples.push(await evidenceFor(file, budget, log, runner));
  return torchFixesMarkdown({ mode, machine, budget, seed: SEED, examples }, software);
}

export const torchSuite: Suite = {
  id: 'torch',
  title: 'PyTorch runner: overhead on the tutorial model, first report',
  run: runTorch,
};

export const torchFixesSuite: Suite = {
  id: 'torch-fixes',
  title: 'Try Fixes and revive on the PyTorch dying examples',
  run: runTorchFixes,
};
