// The Python fixes as the scan will train them: every fixed text of the corpus goes through the
// Keras translator, and its training plan differs from the original's exactly as the fix says
// (try-fixes measures these plans).

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { FixId, FixOffer } from '../../src/shared/protocol';
import type { LayerPlan, OptimizerPlan, TrainingPlan } from '../../src/engine/plan';
import { translateKeras } from '../../src/engine/keras';
import type { FixTarget } from '../../src/engine/fixes';

const CORPUS = path.join(__dirname, 'fixtures', 'fixes');

/** Training data for each case's model (the corpus files stop at compile). */
const FIT: Record<string, string> = {
  'py-add-tabs': 'model = build()\nx = np.random.rand(32, 784)\ny = np.random.rand(32, 10)\n',
  'py-bare-imports': 'x = np.random.rand(32, 784)\ny = np.random.randint(0, 10, 32)\n',
  'py-functional-nested': 'x = np.random.rand(32, 784)\ny = np.random.rand(32, 10)\n',
  'py-functional-tanh': 'x = np.random.rand(32, 784)\ny = np.random.rand(32, 10)\n',
  'py-keras-conv-loop': 'x = np.random.rand(32, 28, 28, 1)\ny = np.random.randint(0, 10, 32)\n',
  'py-keras-loop-he': 'x = np.random.rand(32, 28, 28, 1)\ny = np.random.randint(0, 10, 32)\n',
  'py-separate-activation': 'x = np.random.rand(32, 784)\ny = np.random.rand(32, 10)\n',
};

type Layer = [factory: string, config: Record<string, unknown>];

interface Trained {
  layers: Layer[];
  /** Where each layer was built: 'line:column'. */
  places: string[];
  optimizer: OptimizerPlan;
}

function trained(name: string, text: string): Trained {
  const fit = name in FIT ? `\nimport numpy as np\n${FIT[name]}model.fit(x, y)\n` : '';
  const plan: TrainingPlan = translateKeras(text + fit, 'model.py');
  const layers: LayerPlan[] = plan.model.kind === 'sequential' ? plan.model.layers : plan.model.nodes.map((n) => n.layer);
  const names = layers.map((l) => l.config.name);
  assert.equal(new Set(names).size, names.length, `the layer names are unique: ${names.join(', ')}`);
  return {
    // Without the names: a layer the fix inserts takes the next name of its class, and the later layers' names follow.
    layers: layers.map((l) => {
      const { name: _name, ...config } = l.config;
      return [l.factory, config];
    }),
    places: layers.map((l) => `${l.location.line}:${l.location.column}`),
    optimizer: plan.compile.optimizer,
  };
}

const ACTIVATION_LAYERS = ['batchNormalization', 'activation', 'reLU', 'leakyReLU'];

/** The change a fix should make to the layers, at fixed layer `t`. */
function changeLayers(layers: Layer[], id: FixId, t: number): void {
  const config = layers[t][1];
  const activation = config.activation as string;
  switch (id) {
    case 'he-init':
      config.kernelInitializer = { className: 'HeNormal', config: { seed: null } };
      break;
    case 'glorot-init':
      config.kernelInitializer = { className: 'GlorotUniform', config: { seed: null } };
      break;
    case 'zero-bias':
      config.biasInitializer = { className: 'Zeros', config: {} };
      break;
    case 'l2':
      config.kernelRegularizer = { className: 'L1L2', config: { l1: 0, l2: 0.0001 } };
      break;
    case 'batch-norm':
      config.activation = 'linear';
      layers.splice(t + 1, 0, ['batchNormalization', {}], ...(activation === 'linear' ? [] : [['activation', { activation }] as Layer]));
      break;
    case 'leaky-relu':
      if (activation === 'relu') layers.splice(t + 1, 0, ['leakyReLU', { alpha: 0.3 }]);
      else layers.splice(t + 1, 1, ['leakyReLU', { alpha: 0.3 }]);
      config.activation = 'linear';
      break;
    case 'dropout': {
      let last = t;
      while (ACTIVATION_LAYERS.includes(layers[last + 1]?.[0])) last++;
      layers.splice(last + 1, 0, ['dropout', { rate: 0.2 }]);
      break;
    }
  }
}

/** The plan a fix should produce from the original's, `fixed` being the layers built at the fixed call. */
function expected(before: Trained, id: FixId, fixed: number[]): Omit<Trained, 'places'> {
  const layers: Layer[] = structuredClone(before.layers);
  // From the last, so that insertions leave the earlier indices in place (a loop builds several).
  for (const t of [...fixed].reverse()) changeLayers(layers, id, t);
  if (id === 'sgd-to-adam') return { layers, optimizer: { name: 'adam', learningRate: 0.001 } };
  const { learningRate } = before.optimizer;
  const rate = id === 'lower-lr' ? Number((learningRate / 10).toPrecision(12)) : learningRate;
  return { layers, optimizer: { ...before.optimizer, learningRate: rate } };
}

const cases = readdirSync(CORPUS)
  .filter((name) => name.startsWith('py-'))
  .sort();

describe('Python fixes through the Keras translator', () => {
  for (const name of cases) {
    it(`${name}: each fix changes the training plan as it says`, () => {
      const dir = path.join(CORPUS, name);
      const { target, offers } = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as { target: FixTarget; offers: FixOffer[] };
      const before = trained(name, readFileSync(path.join(dir, 'before.txt'), 'utf8'));
      const fixed = before.places.flatMap((place, i) => (place === `${target.line}:${target.column}` ? [i] : []));
      assert.ok(fixed.length > 0, 'the target is a layer of the plan');
      for (const { id } of offers) {
        const after = trained(name, readFileSync(path.join(dir, `${id}.txt`), 'utf8'));
        assert.deepEqual({ layers: after.layers, optimizer: after.optimizer }, expected(before, id, fixed), id);
      }
    });
  }
});
