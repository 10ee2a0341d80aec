// The PyTorch fixes on the shipped examples (examples/torch): which fixes each dying layer gets,
// the preferred one's edit, and every fix on every weight layer settled and valid Python.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ActivationFamily, FixId } from '../../src/shared/protocol';
import { applyEdits, fixesFor, type FixTarget } from '../../src/engine/fixes';
import { Doc } from '../../src/engine/fixes/document';
import { positionAt } from '../../src/engine/fixes/text';
import { assertSettled, hasPython, pythonSyntaxErrors } from './fixes-helpers';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples', 'torch');
const WEIGHT_LAYERS = new Set(['Linear', 'Conv1d', 'Conv2d']);

const read = (name: string) => readFileSync(path.join(EXAMPLES, `${name}.py`), 'utf8');

function at(source: string, snippet: string): { line: number; column: number } {
  const offset = source.indexOf(snippet);
  assert.ok(offset >= 0, `${snippet} is in the example`);
  return positionAt(source, offset);
}

interface Case {
  example: string;
  layer: string;
  className: string;
  family: ActivationFamily;
  site: string;
  offered: FixId[];
  /** The preferred fix's edit: text it replaces → text it puts there. */
  preferred: [string, string];
}

const CASES: Case[] = [
  {
    example: 'negative-bias',
    layer: 'nn.Linear(784, 128)',
    className: 'Linear',
    family: 'relu',
    site: 'F.relu(self.fc1',
    offered: ['zero-bias', 'he-init', 'batch-norm', 'leaky-relu', 'lower-lr'],
    preferred: ['nn.init.constant_(self.fc1.bias, -1.5)', 'nn.init.zeros_(self.fc1.bias)'],
  },
  {
    example: 'high-learning-rate',
    layer: 'nn.Linear(784, 128)',
    className: 'Linear',
    family: 'relu',
    site: 'nn.ReLU()',
    offered: ['he-init', 'batch-norm', 'leaky-relu', 'lower-lr', 'sgd-to-adam'],
    preferred: ['nn.init.zeros_(module.bias)\n', "nn.init.zeros_(module.bias)\nnn.init.kaiming_normal_(model[0].weight, nonlinearity='relu')\n"],
  },
  {
    example: 'saturated-sigmoid',
    layer: 'nn.Linear(784, 64)',
    className: 'Linear',
    family: 'sigmoid',
    site: 'nn.Sigmoid()',
    offered: ['glorot-init', 'batch-norm', 'lower-lr'],
    preferred: ['std=10.0)\n', 'std=10.0)\nnn.init.xavier_uniform_(model[0].weight)\n'],
  },
  {
    example: 'dead-conv',
    layer: 'nn.Conv2d(1, 16, 3)',
    className: 'Conv2d',
    family: 'relu',
    site: 'nn.ReLU()',
    offered: ['zero-bias', 'he-init', 'batch-norm', 'leaky-relu', 'lower-lr'],
    preferred: ['nn.init.uniform_(self.conv1.bias, -2.0, 0.0)', 'nn.init.zeros_(self.conv1.bias)'],
  },
  {
    example: 'deep-narrow-relu',
    layer: 'nn.Linear(inputs, units)',
    className: 'Linear',
    family: 'relu',
    site: 'nn.ReLU()]',
    offered: ['he-init', 'leaky-relu', 'lower-lr'],
    preferred: [
      'nn.init.xavier_normal_(layer.weight)\n',
      'nn.init.xavier_normal_(layer.weight)\n    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")\n',
    ],
  },
];

describe('PyTorch fixes on examples/torch', () => {
  for (const c of CASES) {
    it(`${c.example}: ${c.layer} gets ${c.offered.join(', ')}; the preferred fix edits as expected`, () => {
      const source = read(c.example);
      const target: FixTarget = { ...at(source, c.layer), className: c.className, family: c.family, activation: c.family, activationSite: at(source, c.site) };
      const fixes = fixesFor(source, 'python', target, 'dead-units');
      assert.deepEqual(
        fixes.map((f) => f.id),
        c.offered,
      );
      const [before, after] = c.preferred;
      assert.equal(source.split(before).length, 2, `${before} is in the example once`);
      assert.equal(applyEdits(source, fixes[0].edits), source.replace(before, after));
    });
  }

  for (const example of [...new Set(CASES.map((c) => c.example)), 'tutorial']) {
    it(`${example}: every fix of every weight layer is settled once applied and parses`, () => {
      const source = read(example);
      const doc = new Doc(source, 'python');
      const layers = doc.all('CallExpression').filter((call) => WEIGHT_LAYERS.has(doc.calleePath(call)?.at(-1) ?? ''));
      assert.ok(layers.length >= 2, 'the example builds weight layers');
      const texts: string[] = [];
      for (const call of layers) {
        for (const family of ['relu', 'sigmoid'] as const) {
          const className = doc.calleePath(call)!.at(-1)!;
          const target: FixTarget = { ...positionAt(source, call.from), className, family, activation: family };
          const fixes = fixesFor(source, 'python', target, 'dead-units');
          assert.ok(fixes.length > 0, `fixes for ${doc.text(call)}`);
          for (const fix of fixes) {
            assertSettled(source, 'python', target, 'dead-units', fix);
            texts.push(applyEdits(source, fix.edits));
          }
        }
      }
      if (hasPython)
        assert.deepEqual(
          pythonSyntaxErrors(texts),
          texts.map(() => null),
        );
    });
  }
});
