// Runs the detection models through the TensorFlow.js worker twice — the default quick scan and
// the model's own full training measured on its whole training set — and keeps what every check
// measured (the raw per-unit counts runners send) in measured.json, so the rules are judged
// offline and a model is trained again only when its script changes. The worker is dist/worker.js,
// or the bundle DYING_NEURONS_BENCH_WORKER names (a copy built once, so that rebuilding dist/
// during a long collection does not change what measures).

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_SEED, DEFAULT_PROBE, DEFAULT_THRESHOLDS, type CheckInfo, type EpochMetrics, type LayerSummary, type ScanOptions } from '../../src/shared/protocol';
import type { UnitMeasures } from '../../src/engine/stats';
import { tfjsRunner } from '../../src/host/tfjsRunner';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';

/** The default quick scan (`--epochs 1 --samples 2000`, the default probe) and the full training. */
export const RUNS = {
  quick: { epochs: 1, samples: 2000, probe: DEFAULT_PROBE },
  // Every training row: no script's training split is larger.
  truth: { epochs: undefined, samples: undefined, probe: 60_000 },
} as const;
export type RunKind = keyof typeof RUNS;

export interface MeasuredCheck {
  check: CheckInfo;
  layers: Record<string, UnitMeasures>;
}

export interface MeasuredRun {
  /** sha256 of the script and the detection models' shared data module. */
  key: string;
  /** The commit the run was measured at (information only: the key decides reuse). */
  commit: string;
  backend: string | null;
  status: string;
  model: LayerSummary[];
  /** Quick runs: every check; full runs: the first and the last. */
  checks: MeasuredCheck[];
  history: EpochMetrics[];
  ms: number;
}

export type Measured = Record<string, Partial<Record<RunKind, MeasuredRun>>>;

export const MEASURED_FILE = join(PACKAGE_ROOT, 'bench', 'detection', 'measured.json');

const WORKER = process.env.DYING_NEURONS_BENCH_WORKER ?? join(PACKAGE_ROOT, 'dist', 'worker.js');
const SHARED_DATA = join(PACKAGE_ROOT, 'bench', 'detection', 'models', 'data.mjs');

const round = (x: number): number => +x.toPrecision(6);

/** A check's LayerUnits back into the raw counts it was computed from. */
function measuresOf(samples: number, rate: number[], meanAbs: number[], max: number[], saturation: number[] | null): UnitMeasures {
  return {
    samples,
    active: rate.map((r) => Math.round(r * samples)),
    meanAbs: meanAbs.map(round),
    max: max.map(round),
    saturated: saturation ? saturation.map((s) => Math.round(s * samples)) : null,
  };
}

function keyOf(file: string): string {
  return createHash('sha256').update(readFileSync(file)).update(readFileSync(SHARED_DATA)).digest('hex').slice(0, 16);
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function measure(file: string, kind: RunKind, key: string): Promise<MeasuredRun> {
  const run = RUNS[kind];
  const options: ScanOptions = { file, epochs: run.epochs, samples: run.samples, probe: run.probe, seed: DEFAULT_SEED, backend: 'auto', thresholds: DEFAULT_THRESHOLDS };
  const checks: MeasuredCheck[] = [];
  let model: LayerSummary[] = [];
  const start = performance.now();
  const report = await tfjsRunner({ workerPath: WORKER }).start(options, {
    message: (m) => {
      if (m.type === 'started') model = m.model;
      if (m.type !== 'units' || m.check.kind === 'batch') return;
      const n = m.check.probeSamples ?? 0;
      const layers = Object.fromEntries(m.layers.map((l) => [l.layer, measuresOf(n, l.rate, l.meanAbs, l.max, l.saturation)]));
      checks.push({ check: m.check, layers });
    },
  }).done;
  const kept = kind === 'quick' ? checks : [checks[0], checks.at(-1)].filter((c) => c !== undefined);
  return { key, commit: commit(), backend: report.backend, status: report.status, model, checks: kept, history: report.history, ms: Math.round(performance.now() - start) };
}

export function readMeasured(): Measured {
  return existsSync(MEASURED_FILE) ? (JSON.parse(readFileSync(MEASURED_FILE, 'utf8')) as Measured) : {};
}

/** Measures every model whose script changed since measured.json (or is not in it), saving after each run. */
export async function collect(files: readonly string[], kinds: readonly RunKind[], log: (text: string) => void): Promise<Measured> {
  const measured = readMeasured();
  for (const file of files) {
    const name = relative(PACKAGE_ROOT, file);
    const key = keyOf(file);
    for (const kind of kinds) {
      const cached = measured[name]?.[kind];
      if (cached?.key === key && cached.status === 'completed') continue;
      const run = await measure(file, kind, key);
      measured[name] = { ...measured[name], [kind]: run };
      // Re-read before writing: several collections may share the file (models split among them).
      const latest = readMeasured();
      latest[name] = { ...latest[name], [kind]: run };
      writeFileSync(MEASURED_FILE, JSON.stringify(latest));
      log(`  ${name} ${kind}: ${run.status} on ${run.backend} in ${(run.ms / 1000).toFixed(0)} s`);
    }
  }
  return measured;
}
