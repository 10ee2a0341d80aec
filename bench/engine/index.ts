// The training engine's figures (issue 2, Speed): monitoring overhead on the tutorial workload,
// samples/s per backend, time to the first report on a model dead at initialisation, and the
// worker's peak memory. Each measurement alternates what it compares and keeps every repetition.

import { join } from 'node:path';
import type { Backend } from '../../src/shared/protocol';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { describeMachine, loadAverage, type Machine } from '../machine';
import type { Mode, Suite } from '../suite';
import { cliFirstCheck } from './cliFirstCheck';
import { engineMarkdown } from './markdown';
import { startupBench, type StartupSample } from './startup';
import { benchTraining, type TrainingResult } from './training/bench';
import { scanWithWorker, type WorkerScan } from './workerScan';

export const TUTORIAL = join(PACKAGE_ROOT, 'examples', 'tfjs', 'mnist-tutorial.js');
/** Models dead at initialisation: a user's example (loads MNIST first) and the bench's own (no dataset). */
export const DEAD_AT_INIT = [join(PACKAGE_ROOT, 'examples', 'tfjs', 'negative-bias.ts'), join(PACKAGE_ROOT, 'bench', 'engine', 'models', 'dead-at-init.mjs')];

interface Settings {
  /** Samples per epoch and timed pairs per backend (even: as many plain-first pairs as scan-first). */
  training: Record<Backend, { samples: number; pairs: number }>;
  /** Repetitions of each part of the scan measured apart. */
  partRepeats: number;
  firstReportRuns: number;
  /** Sample cap of the tutorial scan whose memory is measured (undefined: all 60,000). */
  memorySamples: number | undefined;
}

const SETTINGS: Record<Mode, Settings> = {
  full: {
    training: { wasm: { samples: 60_000, pairs: 6 }, cpu: { samples: 4_000, pairs: 4 }, tensorflow: { samples: 60_000, pairs: 6 } },
    partRepeats: 10,
    firstReportRuns: 5,
    memorySamples: undefined,
  },
  quick: {
    training: { wasm: { samples: 10_000, pairs: 2 }, cpu: { samples: 2_000, pairs: 2 }, tensorflow: { samples: 10_000, pairs: 2 } },
    partRepeats: 3,
    firstReportRuns: 2,
    memorySamples: 10_000,
  },
};

/** Backends in the order they are measured; wasm first, as the tutorial's default here. */
const BACKENDS: Backend[] = ['wasm', 'cpu', 'tensorflow'];

export interface FirstReportRuns {
  file: string;
  /** Through the launcher (the worker alone), and through the CLI (the user's command). */
  scans: WorkerScan[];
  cliMs: (number | undefined)[];
  cliLine: string | undefined;
}

export interface EngineResults {
  mode: Mode;
  machine: Machine;
  loadAverageAtEnd: string;
  durationMs: number;
  training: TrainingResult[];
  firstReport: FirstReportRuns[];
  startup: StartupSample[];
  memory: WorkerScan;
  memorySamples: number | undefined;
}

/** One run on `file`: the launcher's, then the CLI's. */
async function firstReportRun(file: string, into: FirstReportRuns, log: (text: string) => void): Promise<void> {
  const scan = await scanWithWorker(file, { epochs: 1, stopAtInit: true });
  if (!Number.isFinite(scan.initMs)) {
    throw new Error(`no init check from ${file}: ${scan.report.diagnostics.map((d) => d.message).join('; ')}`);
  }
  const cli = await cliFirstCheck(file);
  into.scans.push(scan);
  into.cliMs.push(cli.ms);
  into.cliLine ??= cli.line;
  const cliText = cli.ms === undefined ? 'no init line' : `${(cli.ms / 1000).toFixed(2)} s`;
  log(`first report ${into.scans.length} ${file}: launcher ${(scan.initMs / 1000).toFixed(2)} s, CLI ${cliText}`);
}

async function runEngine(mode: Mode, log: (text: string) => void): Promise<EngineResults> {
  const settings = SETTINGS[mode];
  const started = performance.now();
  const machine = describeMachine();

  const training: TrainingResult[] = [];
  for (const backend of BACKENDS) {
    const { samples, pairs } = settings.training[backend];
    training.push(await benchTraining({ backend, samples, pairs, partRepeats: settings.partRepeats }, log));
  }

  // Interleaved: one run of each model in turn, and per run the launcher then the CLI.
  const firstReport = DEAD_AT_INIT.map((file): FirstReportRuns => ({ file, scans: [], cliMs: [], cliLine: undefined }));
  const startup: StartupSample[] = [];
  const steps = await startupBench();
  try {
    for (let i = 0; i < settings.firstReportRuns; i++) {
      for (const runs of firstReport) await firstReportRun(runs.file, runs, log);
      startup.push(steps.sample(DEAD_AT_INIT[1]));
    }
  } finally {
    steps.dispose();
  }

  log(`scanning ${TUTORIAL} for one epoch (${settings.memorySamples ?? 'all'} samples) to measure memory`);
  const memory = await scanWithWorker(TUTORIAL, { epochs: 1, samples: settings.memorySamples, stopAtInit: false });
  if (memory.report.status !== 'completed') throw new Error(`the tutorial scan ended ${memory.report.status}`);

  return {
    mode,
    machine,
    loadAverageAtEnd: loadAverage(),
    durationMs: performance.now() - started,
    training,
    firstReport,
    startup,
    memory,
    memorySamples: settings.memorySamples,
  };
}

export const engineSuite: Suite = {
  id: 'engine',
  title: 'Training engine: monitoring overhead, first report, samples/s, memory',
  run: async (mode, log) => engineMarkdown(await runEngine(mode, log)),
};
