// A deterministic, protocol-exact run for the panel's scale benchmark (any number of units and
// checks): started → units per check with progress between → finished → fixes. Units die at
// random checks and stay dead; a few are dying; sigmoid layers have saturated units.
import type {
  CheckInfo,
  LayerReport,
  LayerSummary,
  LayerUnits,
  ToWebviewMessage,
  UnitState,
  WorkerMessage,
} from '../../src/shared/protocol';
import { createRandom } from '../../src/worker/seededRandom';

export interface SyntheticLayer {
  name: string;
  className: string;
  activation: 'relu' | 'sigmoid';
  units: number;
  line: number;
}

export interface SyntheticOptions {
  file: string;
  layers: SyntheticLayer[];
  /** Checks: init, early, then one per epoch; so epochs = checks − 2. */
  checks: number;
  batchesPerEpoch: number;
  deadFraction: number;
  seed: number;
}

function checkInfo(index: number, batches: number): CheckInfo {
  if (index === 0) return { index, kind: 'init', epoch: 0, step: 0, label: 'init', probeSamples: 1024 };
  if (index === 1) {
    const b = Math.max(1, Math.round(batches / 10));
    return { index, kind: 'early', epoch: 0, step: b, label: `epoch 1 batch ${b}`, probeSamples: 1024 };
  }
  return { index, kind: 'epoch', epoch: index - 1, step: (index - 1) * batches, label: `epoch ${index - 1}`, probeSamples: 1024 };
}

interface UnitPlan {
  diesAt: Int32Array; // check index, or a large number
  dying: Uint8Array;
  base: Float32Array;
}

export function syntheticRun(o: SyntheticOptions): ToWebviewMessage[] {
  const rnd = createRandom(o.seed);
  const epochs = o.checks - 2;
  const worker = (message: WorkerMessage): ToWebviewMessage => ({ type: 'worker', file: o.file, message });
  const model: LayerSummary[] = o.layers.map((l, index) => ({
    index, name: l.name, className: l.className, activation: l.activation, family: l.activation, units: l.units,
    outputShape: [null, l.units], location: { file: o.file, line: l.line, column: 5, endLine: l.line, endColumn: 60 },
    callers: [], inbound: index === 0 ? [] : [o.layers[index - 1].name],
  }));
  const plans: UnitPlan[] = o.layers.map((l) => {
    const diesAt = new Int32Array(l.units).fill(1 << 30);
    const dying = new Uint8Array(l.units);
    const base = new Float32Array(l.units);
    for (let u = 0; u < l.units; u++) {
      if (rnd() < o.deadFraction) diesAt[u] = Math.floor(rnd() * o.checks);
      dying[u] = rnd() < 0.03 ? 1 : 0;
      base[u] = 0.2 + 0.7 * rnd();
    }
    return { diesAt, dying, base };
  });
  const messages: ToWebviewMessage[] = [
    worker({ type: 'started', backend: 'wasm', file: o.file, model, epochs, batchesPerEpoch: o.batchesPerEpoch, samples: o.batchesPerEpoch * 32 }),
  ];
  const checks: CheckInfo[] = [];
  let last: LayerUnits[] = [];
  for (let c = 0; c < o.checks; c++) {
    const check = checkInfo(c, o.batchesPerEpoch);
    checks.push(check);
    last = o.layers.map((l, i) => unitsAt(l, plans[i], c, rnd));
    messages.push(worker({ type: 'units', check, layers: last }));
    if (c >= 1 && c < o.checks - 1) {
      const epoch = c - 1;
      for (let b = 10; b <= o.batchesPerEpoch; b += 10) {
        const t = epoch + b / o.batchesPerEpoch;
        messages.push(worker({
          type: 'progress', epoch: epoch + 1, epochs, batch: b, batches: o.batchesPerEpoch,
          loss: 2.3 * Math.exp(-t / 2) + 0.05 * rnd(), metrics: { acc: 1 - 0.9 * Math.exp(-t) },
        }));
      }
    }
  }
  const layers: LayerReport[] = o.layers.map((l, i) => layerReport(l, plans[i], last[i]));
  messages.push(worker({
    type: 'finished',
    report: {
      version: 1, file: o.file, status: 'completed', backend: 'wasm', epochsRun: epochs, layers, checks,
      diagnostics: [], history: Array.from({ length: epochs }, (_, e) => ({ epoch: e + 1, loss: 2.3 * Math.exp(-(e + 1) / 2), metrics: { acc: 1 - 0.9 * Math.exp(-(e + 1)) } })),
    },
  }));
  messages.push({ type: 'fixes', file: o.file, fixes: Object.fromEntries(layers.filter((l) => l.dead > 0).map((l) => [l.name, [
    { id: 'he-init', title: 'Use He initialisation', preferred: true },
    { id: 'leaky-relu', title: 'Swap ReLU for LeakyReLU', preferred: false },
  ]])) });
  return messages;
}

function unitsAt(l: SyntheticLayer, plan: UnitPlan, check: number, rnd: () => number): LayerUnits {
  const n = l.units;
  const rate = new Array<number>(n);
  const meanAbs = new Array<number>(n);
  const max = new Array<number>(n);
  const state = new Array<UnitState>(n);
  const saturation = l.activation === 'sigmoid' ? new Array<number>(n) : null;
  for (let u = 0; u < n; u++) {
    const dead = l.activation === 'relu' && check >= plan.diesAt[u];
    const r = dead ? 0 : plan.dying[u] ? 0.004 : Math.min(1, plan.base[u] + 0.05 * (rnd() - 0.5));
    rate[u] = r;
    meanAbs[u] = dead ? 0 : r * (0.5 + rnd());
    max[u] = dead ? 0 : meanAbs[u] * 3;
    if (saturation !== null) saturation[u] = check >= plan.diesAt[u] ? 0.95 : 0.1 * rnd();
    state[u] = dead ? 'dead' : saturation !== null && saturation[u] >= 0.9 ? 'saturated' : plan.dying[u] ? 'dying' : 'healthy';
  }
  const mean = meanAbs.reduce((a, b) => a + b, 0) / n || 1;
  return { layer: l.name, rate, meanAbs, max, tau: meanAbs.map((m) => m / mean), saturation, state };
}

function layerReport(l: SyntheticLayer, plan: UnitPlan, units: LayerUnits): LayerReport {
  const where = (s: UnitState): number[] => units.state.flatMap((x, u) => (x === s ? [u] : []));
  const deadUnits = where('dead');
  const dyingUnits = where('dying');
  const saturatedUnits = where('saturated');
  return {
    name: l.name, className: l.className, activation: l.activation, units: l.units,
    line: l.line, column: 5, endLine: l.line, endColumn: 60,
    dead: deadUnits.length, dying: dyingUnits.length, saturated: saturatedUnits.length,
    deadUnits, dyingUnits, saturatedUnits,
    firstDeadCheck: Array.from(plan.diesAt, (d) => (l.activation === 'relu' && d < 1 << 30 ? d : null)),
    cameBack: [], rootCause: null,
  };
}
