// The JS/TS fixes as TensorFlow.js runs them: every fixed script of the corpus is executed with the
// real tfjs, and the model it builds differs from the original's exactly as the fix says.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import ts from 'typescript';
import type { FixId, FixOffer } from '../../src/shared/protocol';

const CORPUS = path.join(__dirname, 'fixtures', 'fixes');

/** Statements that make a case's script build its model (the corpus files may only define it). */
const RUN: Record<string, string> = { 'ts-sequential': '\nbuild();\n' };

type Layer = [className: string, config: Record<string, unknown>];

interface Built {
  layers: Layer[];
  optimizer: [className: string, learningRate: number];
}

/** A layer's config without its generated name (a global counter). */
function configOf(layer: tf.layers.Layer): Record<string, unknown> {
  const { name: _name, ...config } = layer.getConfig();
  return config;
}

const describeLayer = (layer: tf.layers.Layer): Layer => [layer.getClassName(), configOf(layer)];

/** Runs a script with tfjs, recording the models it creates; the compiled one is the scanned one. */
async function built(name: string, text: string): Promise<Built> {
  // As TypeScript (a superset): a .mjs name would keep ES module syntax in the output.
  const js = ts.transpileModule(text + (RUN[name] ?? ''), {
    fileName: 'model.ts',
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const models: tf.LayersModel[] = [];
  const record = <M extends tf.LayersModel>(m: M): M => (models.push(m), m);
  const tfjs = {
    ...tf,
    sequential: (config?: tf.SequentialArgs) => record(tf.sequential(config)),
    model: (config: Parameters<typeof tf.model>[0]) => record(tf.model(config)),
  };
  const load = (id: string): unknown => {
    assert.ok(id.startsWith('@tensorflow/tfjs'), id);
    return tfjs;
  };
  const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...args: unknown[]) => Promise<void>;
  await new AsyncFunction('require', 'exports', 'module', js)(load, {}, { exports: {} });
  const model = models.find((m) => m.optimizer);
  assert.ok(model, 'the script compiles a model');
  const optimizer = model.optimizer as tf.Optimizer & { learningRate: number };
  return {
    layers: model.layers.filter((l) => l.getClassName() !== 'InputLayer').map(describeLayer),
    optimizer: [optimizer.getClassName(), optimizer.learningRate],
  };
}

/** A config entry as a freshly built layer serialises it, e.g. `{kernelInitializer: 'heNormal'}`. */
function serialised(args: Parameters<typeof tf.layers.dense>[0], key: string): unknown {
  return configOf(tf.layers.dense(args))[key];
}

const ACTIVATION_LAYERS = ['BatchNormalization', 'Activation', 'ReLU', 'LeakyReLU'];

/** The model a fix should build, from the original's; every JS case targets its model's first layer. */
function expected(before: Built, id: FixId): Built {
  const layers: Layer[] = structuredClone(before.layers);
  const config = layers[0][1];
  const activation = config.activation as string;
  const leaky = describeLayer(tf.layers.leakyReLU());
  switch (id) {
    case 'he-init':
      config.kernelInitializer = serialised({ units: 1, kernelInitializer: 'heNormal' }, 'kernelInitializer');
      break;
    case 'glorot-init':
      config.kernelInitializer = serialised({ units: 1, kernelInitializer: 'glorotUniform' }, 'kernelInitializer');
      break;
    case 'zero-bias':
      config.biasInitializer = serialised({ units: 1, biasInitializer: 'zeros' }, 'biasInitializer');
      break;
    case 'l2':
      config.kernelRegularizer = serialised({ units: 1, kernelRegularizer: tf.regularizers.l2({ l2: 1e-4 }) }, 'kernelRegularizer');
      break;
    case 'batch-norm': {
      const added = [describeLayer(tf.layers.batchNormalization())];
      if (activation !== 'linear') added.push(describeLayer(tf.layers.activation({ activation: activation as 'relu' })));
      config.activation = 'linear';
      layers.splice(1, 0, ...added);
      break;
    }
    case 'leaky-relu':
      layers.splice(1, activation === 'relu' ? 0 : 1, leaky);
      config.activation = 'linear';
      break;
    case 'dropout': {
      let last = 0;
      while (ACTIVATION_LAYERS.includes(layers[last + 1]?.[0])) last++;
      layers.splice(last + 1, 0, describeLayer(tf.layers.dropout({ rate: 0.2 })));
      break;
    }
  }
  if (id === 'sgd-to-adam') return { layers, optimizer: ['Adam', 0.001] };
  const [className, rate] = before.optimizer;
  return { layers, optimizer: [className, id === 'lower-lr' ? Number((rate / 10).toPrecision(12)) : rate] };
}

const cases = readdirSync(CORPUS)
  .filter((name) => !name.startsWith('py-'))
  .sort();

describe('JS/TS fixes run with TensorFlow.js', () => {
  for (const name of cases) {
    it(`${name}: each fix changes the model as it says`, async () => {
      const dir = path.join(CORPUS, name);
      const { offers } = JSON.parse(readFileSync(path.join(dir, 'case.json'), 'utf8')) as { offers: FixOffer[] };
      const before = await built(name, readFileSync(path.join(dir, 'before.txt'), 'utf8'));
      for (const { id } of offers) {
        const after = await built(name, readFileSync(path.join(dir, `${id}.txt`), 'utf8'));
        assert.deepEqual(after, expected(before, id), id);
      }
    });
  }
});
