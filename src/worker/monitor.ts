// Measures every unit of the monitored layers on a fixed probe set: one extra tfjs model that
// outputs the monitored activations (sharing the trained weights), run over the probe in batches
// in inference mode, each batch downloaded and folded into the engine's O(units) sums.

import type { LayerUnits, Thresholds } from '../shared/protocol';
import { addActivations, classifyUnits, createUnitSums } from '../engine/stats';
import { checkActivations } from './finiteData';
import type { MonitoredLayer } from './modelSummary';
import { createRandom, sampleIndices } from './seededRandom';
import type { LayersModel, Tensor, Tf } from './tfjs';

const PROBE_BATCH = 256;

/** `size` rows drawn with `seed` from the first `rows` samples of every input (same rows in each). */
export function drawProbe(tf: Tf, inputs: Tensor[], rows: number, size: number, seed: number): Tensor[] {
  const indices = tf.tensor1d(sampleIndices(rows, size, createRandom(seed)), 'int32');
  try {
    return inputs.map((input) => tf.gather(input, indices));
  } finally {
    indices.dispose();
  }
}

export class UnitMonitor {
  private readonly probeModel: LayersModel;
  /** Probe batches, each holding one tensor per model input. */
  private readonly batches: Tensor[][];
  readonly probeSamples: number;

  constructor(
    private readonly tf: Tf,
    model: LayersModel,
    private readonly monitored: readonly MonitoredLayer[],
    probe: Tensor[],
    private readonly thresholds: Thresholds,
  ) {
    this.probeModel = tf.model({ inputs: model.inputs, outputs: monitored.map((m) => m.output) });
    this.probeSamples = probe[0].shape[0];
    this.batches = [];
    for (let start = 0; start < this.probeSamples; start += PROBE_BATCH) {
      const size = Math.min(PROBE_BATCH, this.probeSamples - start);
      this.batches.push(probe.map((input) => input.slice(start, size)));
    }
  }

  /** Per monitored layer, in order: every unit's statistics and state at this moment. */
  async measure(): Promise<LayerUnits[]> {
    const sums = this.monitored.map((m) => createUnitSums(m.units, m.family, this.thresholds));
    for (const batch of this.batches) {
      const outputs = this.tf.tidy(() => {
        const predicted = this.probeModel.predict(batch.length === 1 ? batch[0] : batch, { batchSize: PROBE_BATCH });
        const list = Array.isArray(predicted) ? predicted : [predicted];
        return list.map((t, i) => (this.monitored[i].channelsFirst ? toChannelsLast(this.tf, t) : t));
      });
      try {
        for (let i = 0; i < outputs.length; i++) {
          const values = (await outputs[i].data()) as Float32Array;
          checkActivations(this.monitored[i].name, values);
          addActivations(sums[i], values, batch[0].shape[0]);
        }
      } finally {
        this.tf.dispose(outputs);
      }
    }
    return this.monitored.map((m, i) => classifyUnits(m, sums[i], this.thresholds));
  }

  dispose(): void {
    this.tf.dispose(this.batches.flat());
  }
}

function toChannelsLast(tf: Tf, t: Tensor): Tensor {
  const rank = t.shape.length;
  return tf.transpose(t, [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]);
}
