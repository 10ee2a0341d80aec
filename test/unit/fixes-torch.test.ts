// PyTorch quick fixes on realistic scripts: the exact text each fix makes (module in __init__,
// entry of nn.Sequential, layer built in a loop, functional activations in forward), imports
// added once, each fix settled after it is applied, and none offered where it does not apply.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivationFamily, LayerSummary } from '../../src/shared/protocol';
import type { Finding } from '../../src/extension/diagnostics';
import { fixesForFinding } from '../../src/extension/layerFixes';
import { applyEdits, fixesFor, type FixTarget } from '../../src/engine/fixes';
import { applyFixChain, tryCandidates } from '../../src/engine/tryFixes';
import { assertSettled, fixed, hasPython, pythonSyntaxErrors } from './fixes-helpers';

/** The 1-based position of the `n`th occurrence of `snippet` (the first by default). */
function at(source: string, snippet: string, n = 1): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i < n; i++) offset = source.indexOf(snippet, offset + 1);
  assert.ok(offset >= 0, `${snippet} is in the script`);
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function target(source: string, call: string, className: string, family: ActivationFamily, activation: string, site?: string): FixTarget {
  return { ...at(source, call), className, family, activation, ...(site ? { activationSite: at(source, site) } : {}) };
}

const ids = (source: string, t: FixTarget) => fixesFor(source, 'python', t, 'dead-units').map((f) => f.id);

/** Each offered fix: settled once applied, and its text valid Python to CPython. */
function assertAllSound(source: string, t: FixTarget): void {
  const fixes = fixesFor(source, 'python', t, 'dead-units');
  for (const fix of fixes) assertSettled(source, 'python', t, 'dead-units', fix);
  const errors = pythonSyntaxErrors(fixes.map((f) => applyEdits(source, f.edits)));
  if (hasPython)
    assert.deepEqual(
      errors,
      fixes.map(() => null),
    );
}

const MODULE = `import torch
import torch.nn as nn
import torch.nn.functional as F
from torch import optim


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 64)
        self.fc2 = nn.Linear(64, 10)
        nn.init.constant_(self.fc1.bias, -10)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        return self.fc2(x)


model = Net()
optimizer = optim.SGD(model.parameters(), lr=0.5)
`;

describe('PyTorch fixes: a module built in __init__, F.relu in forward', () => {
  const t = target(MODULE, 'nn.Linear(784', 'Linear', 'relu', 'relu', 'F.relu(');

  it('offers zero bias first (the bias is initialised to -10), then the others', () => {
    const fixes = fixesFor(MODULE, 'python', t, 'dead-units');
    assert.deepEqual(
      fixes.map((f) => [f.id, f.preferred]),
      [
        ['zero-bias', true],
        ['he-init', false],
        ['batch-norm', false],
        ['leaky-relu', false],
        ['lower-lr', false],
        ['sgd-to-adam', false],
      ],
    );
  });

  it('zero bias replaces the negative constant', () => {
    assert.equal(fixed(MODULE, 'python', t, 'zero-bias'), MODULE.replace('nn.init.constant_(self.fc1.bias, -10)', 'nn.init.zeros_(self.fc1.bias)'));
  });

  it('Kaiming init goes right after the construction', () => {
    assert.equal(
      fixed(MODULE, 'python', t, 'he-init'),
      MODULE.replace('nn.Linear(784, 64)\n', "nn.Linear(784, 64)\n        nn.init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')\n"),
    );
  });

  it('BatchNorm is a new module after the layer, applied to its output in forward', () => {
    const expected = MODULE.replace('nn.Linear(784, 64)\n', 'nn.Linear(784, 64)\n        self.fc1_bn = nn.BatchNorm1d(64)\n').replace(
      'F.relu(self.fc1(x))',
      'F.relu(self.fc1_bn(self.fc1(x)))',
    );
    assert.equal(fixed(MODULE, 'python', t, 'batch-norm'), expected);
  });

  it('F.relu becomes F.leaky_relu with a slope of 0.01', () => {
    assert.equal(fixed(MODULE, 'python', t, 'leaky-relu'), MODULE.replace('F.relu(self.fc1(x))', 'F.leaky_relu(self.fc1(x), 0.01)'));
  });

  it("the optimizer's learning rate ×0.1, marked, and SGD → Adam", () => {
    assert.equal(
      fixed(MODULE, 'python', t, 'lower-lr'),
      MODULE.replace(
        'optimizer = optim.SGD(model.parameters(), lr=0.5)',
        '# Dying Neurons: learning rate x0.1 (was 0.5)\noptimizer = optim.SGD(model.parameters(), lr=0.05)',
      ),
    );
    assert.equal(
      fixed(MODULE, 'python', t, 'sgd-to-adam'),
      MODULE.replace('optim.SGD(model.parameters(), lr=0.5)', 'optim.Adam(model.parameters(), lr=0.001)'),
    );
  });

  it('every fix is settled once applied and parses', () => assertAllSound(MODULE, t));

  it('without the activation site, the ReLU around the layer call in forward is found', () => {
    const { activationSite: _site, ...plain } = t;
    assert.equal(fixed(MODULE, 'python', plain, 'leaky-relu'), MODULE.replace('F.relu(self.fc1(x))', 'F.leaky_relu(self.fc1(x), 0.01)'));
  });

  it('without the site, a ReLU applied in the next statement is found', () => {
    const { activationSite: _site, ...plain } = t;
    const split = MODULE.replace('x = F.relu(self.fc1(x))', 'x = self.fc1(x)\n        x = F.relu(x)');
    const chain = applyFixChain(split, 'python', plain, 'dead-units', ['batch-norm', 'leaky-relu']);
    assert.ok(chain);
    assert.ok(chain.source.includes('x = self.fc1_bn(self.fc1(x))\n        x = F.leaky_relu(x, 0.01)\n'), chain.source);
  });

  it('after BatchNorm the ReLU is still found, and BatchNorm is not offered again', () => {
    const { activationSite: _site, ...plain } = t;
    const chain = applyFixChain(MODULE, 'python', plain, 'dead-units', ['batch-norm', 'leaky-relu']);
    assert.ok(chain);
    assert.ok(chain.source.includes('F.leaky_relu(self.fc1_bn(self.fc1(x)), 0.01)'));
    assert.ok(!ids(chain.source, chain.target).includes('batch-norm'));
  });

  it('the output layer (no bias write, not followed by a ReLU) gets neither zero bias nor LeakyReLU', () => {
    const out = target(MODULE, 'nn.Linear(64, 10)', 'Linear', 'relu', 'relu');
    assert.deepEqual(ids(MODULE, out), ['he-init', 'batch-norm', 'lower-lr', 'sgd-to-adam']);
  });
});

const SEQUENTIAL = `import torch
from torch import nn

model = nn.Sequential(
    nn.Conv2d(1, 8, 3),
    nn.ReLU(inplace=True),
    nn.Flatten(),
    nn.Linear(8 * 26 * 26, 10),
)
optimizer = torch.optim.Adam(model.parameters())
`;

describe('PyTorch fixes: an entry of nn.Sequential', () => {
  const t = target(SEQUENTIAL, 'nn.Conv2d(', 'Conv2d', 'relu', 'relu', 'nn.ReLU(');

  it('offers Kaiming, BatchNorm2d, LeakyReLU and a lower rate (Adam is not SGD)', () => {
    assert.deepEqual(ids(SEQUENTIAL, t), ['he-init', 'batch-norm', 'leaky-relu', 'lower-lr']);
  });

  it('Kaiming init indexes the Sequential after its assignment', () => {
    assert.equal(
      fixed(SEQUENTIAL, 'python', t, 'he-init'),
      SEQUENTIAL.replace('optimizer', "nn.init.kaiming_normal_(model[0].weight, nonlinearity='relu')\noptimizer"),
    );
  });

  it('BatchNorm2d of the output channels is inserted as the next entry', () => {
    assert.equal(fixed(SEQUENTIAL, 'python', t, 'batch-norm'), SEQUENTIAL.replace('nn.Conv2d(1, 8, 3),\n', 'nn.Conv2d(1, 8, 3),\n    nn.BatchNorm2d(8),\n'));
  });

  it('nn.ReLU(inplace=True) becomes nn.LeakyReLU(0.01, inplace=True)', () => {
    assert.equal(fixed(SEQUENTIAL, 'python', t, 'leaky-relu'), SEQUENTIAL.replace('nn.ReLU(inplace=True)', 'nn.LeakyReLU(0.01, inplace=True)'));
    const { activationSite: _site, ...plain } = t;
    assert.equal(fixed(SEQUENTIAL, 'python', plain, 'leaky-relu'), SEQUENTIAL.replace('nn.ReLU(inplace=True)', 'nn.LeakyReLU(0.01, inplace=True)'));
  });

  it("a rate not written gets torch's default ×0.1", () => {
    assert.equal(
      fixed(SEQUENTIAL, 'python', t, 'lower-lr'),
      SEQUENTIAL.replace(
        'optimizer = torch.optim.Adam(model.parameters())',
        '# Dying Neurons: learning rate x0.1 (was 0.001)\noptimizer = torch.optim.Adam(model.parameters(), lr=0.0001)',
      ),
    );
  });

  it('every fix is settled once applied and parses', () => assertAllSound(SEQUENTIAL, t));

  it('BatchNorm is not offered when the next entry already is one', () => {
    const normed = fixed(SEQUENTIAL, 'python', t, 'batch-norm');
    assert.ok(!ids(normed, target(normed, 'nn.Conv2d(', 'Conv2d', 'relu', 'relu')).includes('batch-norm'));
  });
});

const LOOP = `import torch
from torch import nn


def build(depth, width):
    layers = []
    for _ in range(depth):
        layers.append(nn.Linear(width, width))
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def head(width):
    return nn.Sequential(nn.Linear(width, 10), nn.ReLU())


model = nn.Sequential(build(8, 32), head(32))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
`;

describe('PyTorch fixes: layers built in a loop and in a helper', () => {
  const t = target(LOOP, 'nn.Linear(width, width)', 'Linear', 'relu', 'relu');

  it('Kaiming init, BatchNorm and LeakyReLU are statements of the loop; SGD with momentum stays', () => {
    assert.deepEqual(ids(LOOP, t), ['he-init', 'batch-norm', 'leaky-relu', 'lower-lr']);
    const after = 'layers.append(nn.Linear(width, width))\n';
    assert.equal(fixed(LOOP, 'python', t, 'he-init'), LOOP.replace(after, `${after}        nn.init.kaiming_normal_(layers[-1].weight, nonlinearity='relu')\n`));
    assert.equal(fixed(LOOP, 'python', t, 'batch-norm'), LOOP.replace(after, `${after}        layers.append(nn.BatchNorm1d(width))\n`));
    assert.equal(fixed(LOOP, 'python', t, 'leaky-relu'), LOOP.replace('layers.append(nn.ReLU())', 'layers.append(nn.LeakyReLU(0.01))'));
  });

  it('every fix is settled once applied and parses', () => assertAllSound(LOOP, t));

  it('a Sequential returned by a helper has no name to initialise through: no init, the entry fixes still', () => {
    const h = target(LOOP, 'nn.Linear(width, 10)', 'Linear', 'relu', 'relu');
    assert.deepEqual(ids(LOOP, h), ['batch-norm', 'leaky-relu', 'lower-lr']);
    assert.equal(fixed(LOOP, 'python', h, 'batch-norm'), LOOP.replace('nn.Linear(width, 10), ', 'nn.Linear(width, 10), nn.BatchNorm1d(10), '));
  });

  it('BatchNorm then LeakyReLU: the ReLU after the BatchNorm statement is the one replaced', () => {
    const chain = applyFixChain(LOOP, 'python', t, 'dead-units', ['batch-norm', 'leaky-relu']);
    assert.ok(chain);
    assert.equal(chain.source, LOOP.replace('layers.append(nn.ReLU())', 'layers.append(nn.BatchNorm1d(width))\n        layers.append(nn.LeakyReLU(0.01))'));
  });
});

const FUNCTIONAL = `from torch.nn import Linear, Module
from torch.optim import SGD
import torch


class Net(Module):
    def __init__(self):
        super().__init__()
        self.fc1 = Linear(784, 64)
        self.fc2 = Linear(64, 64)
        self.out = Linear(64, 10)
        self.fc2.weight.data.mul_(20)

    def forward(self, x):
        h = self.fc1(x).relu()
        h = torch.sigmoid(self.fc2(h))
        return self.out(torch.relu(h))


model = Net()
with torch.no_grad():
    model.fc1.bias.fill_(-10.0)
opt = SGD(model.parameters(), 0.5)
`;

describe('PyTorch fixes: functional activations in forward, names imported bare', () => {
  const relu = target(FUNCTIONAL, 'Linear(784', 'Linear', 'relu', 'relu', 'self.fc1(x).relu()');
  const sigmoid = target(FUNCTIONAL, 'Linear(64, 64)', 'Linear', 'sigmoid', 'sigmoid', 'torch.sigmoid(');

  it('zero bias replaces the fill through the model, importing init once', () => {
    assert.equal(
      fixed(FUNCTIONAL, 'python', relu, 'zero-bias'),
      FUNCTIONAL.replace('Linear, Module\n', 'Linear, Module, init\n').replace('model.fc1.bias.fill_(-10.0)', 'init.zeros_(model.fc1.bias)'),
    );
  });

  it('x.relu() becomes F.leaky_relu(x, 0.01), importing F', () => {
    assert.equal(
      fixed(FUNCTIONAL, 'python', relu, 'leaky-relu'),
      FUNCTIONAL.replace('import torch\n', 'import torch\nimport torch.nn.functional as F\n').replace('self.fc1(x).relu()', 'F.leaky_relu(self.fc1(x), 0.01)'),
    );
  });

  it('torch.relu(h) becomes F.leaky_relu(h, 0.01)', () => {
    const out = target(FUNCTIONAL, 'Linear(64, 10)', 'Linear', 'relu', 'relu', 'torch.relu(');
    const fix = fixesFor(FUNCTIONAL, 'python', out, 'dead-units').find((f) => f.id === 'leaky-relu');
    assert.ok(fix);
    assert.ok(applyEdits(FUNCTIONAL, fix.edits).includes('return self.out(F.leaky_relu(h, 0.01))'));
  });

  it('Xavier for the sigmoid layer goes after the weights are scaled ×20; no LeakyReLU for a sigmoid', () => {
    assert.deepEqual(ids(FUNCTIONAL, sigmoid), ['glorot-init', 'batch-norm', 'lower-lr', 'sgd-to-adam']);
    assert.equal(
      fixed(FUNCTIONAL, 'python', sigmoid, 'glorot-init'),
      FUNCTIONAL.replace('Linear, Module\n', 'Linear, Module, init\n').replace('.mul_(20)\n', '.mul_(20)\n        init.xavier_uniform_(self.fc2.weight)\n'),
    );
    assert.equal(
      fixed(FUNCTIONAL, 'python', sigmoid, 'batch-norm'),
      FUNCTIONAL.replace('Linear, Module\n', 'Linear, Module, BatchNorm1d\n')
        .replace('Linear(64, 64)\n', 'Linear(64, 64)\n        self.fc2_bn = BatchNorm1d(64)\n')
        .replace('torch.sigmoid(self.fc2(h))', 'torch.sigmoid(self.fc2_bn(self.fc2(h)))'),
    );
  });

  it('SGD imported bare becomes Adam in the same import', () => {
    assert.equal(
      fixed(FUNCTIONAL, 'python', relu, 'sgd-to-adam'),
      FUNCTIONAL.replace('import SGD\n', 'import SGD, Adam\n').replace('SGD(model.parameters(), 0.5)', 'Adam(model.parameters(), lr=0.001)'),
    );
  });

  it('zero bias then Kaiming (a Try Fixes pair) imports init once', () => {
    const chain = applyFixChain(FUNCTIONAL, 'python', relu, 'dead-units', ['zero-bias', 'he-init']);
    assert.ok(chain);
    assert.equal(chain.source.match(/\binit\b(?!\.)/g)?.length, 1, chain.source);
    assert.ok(chain.source.includes("        init.kaiming_normal_(self.fc1.weight, nonlinearity='relu')\n"));
  });

  it('every fix is settled once applied and parses', () => {
    assertAllSound(FUNCTIONAL, relu);
    assertAllSound(FUNCTIONAL, sigmoid);
  });

  it('an activation site that is not a ReLU gets no LeakyReLU', () => {
    const wrong = { ...relu, activationSite: at(FUNCTIONAL, 'torch.sigmoid(') };
    assert.ok(!ids(FUNCTIONAL, wrong).includes('leaky-relu'));
  });
});

describe('PyTorch fixes: which framework', () => {
  it('a file that imports torch gets torch fixes; the run’s framework overrides the imports', () => {
    const t = target(MODULE, 'nn.Linear(784', 'Linear', 'relu', 'relu', 'F.relu(');
    const keras = fixesFor(MODULE, 'python', { ...t, framework: 'keras' }, 'dead-units');
    assert.deepEqual(
      keras.map((f) => f.title),
      ["Use He initialisation (kernel_initializer='he_normal')", 'Add L2 kernel regularisation (1e-4)'],
    );
    assert.deepEqual(ids(MODULE, { ...t, framework: 'torch' }), ids(MODULE, t));
  });

  it('Try Fixes builds torch candidates: the baseline, each fix, and the pairs that apply', () => {
    const t = target(MODULE, 'nn.Linear(784', 'Linear', 'relu', 'relu', 'F.relu(');
    assert.deepEqual(
      tryCandidates(MODULE, 'python', t, 'dead-units').map((c) => c.id),
      [
        'baseline',
        'zero-bias',
        'he-init',
        'batch-norm',
        'leaky-relu',
        'lower-lr',
        'sgd-to-adam',
        'zero-bias+he-init',
        'he-init+batch-norm',
        'he-init+lower-lr',
        'he-init+leaky-relu',
      ],
    );
  });
});

const TWO_STATEMENTS = `import torch
from torch import nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 64)
        self.drop = nn.Dropout(0.2)

    def forward(self, x):
        x = self.fc1(x)
        x = self.drop(x)
        x = F.relu(x)
        return x
`;

describe('PyTorch fixes: the activation site from the scan', () => {
  const layer: LayerSummary = {
    index: 0,
    name: 'fc1',
    className: 'Linear',
    activation: 'relu',
    family: 'relu',
    units: 64,
    outputShape: [null, 64],
    location: null,
    callers: [],
    inbound: [],
  };
  const start = at(TWO_STATEMENTS, 'nn.Linear(');
  const finding: Finding = {
    report: { severity: 'warning', code: 'dead-units', message: '', file: '/net.py', ...start, endLine: start.line, endColumn: 30, layer: 'fc1' },
    layer,
    span: { start: { line: start.line - 1, character: start.column - 1 }, end: { line: start.line - 1, character: 29 } },
    stale: false,
  };

  it('a ReLU applied after a Dropout is found only through the site the extension passes', () => {
    assert.deepEqual(
      fixesForFinding(TWO_STATEMENTS, 'python', finding).map((f) => f.id),
      ['he-init', 'batch-norm'],
    );
    const site = at(TWO_STATEMENTS, 'F.relu(x)');
    const withSite = { ...finding, layer: { ...layer, activationSite: { file: '/net.py', ...site, endLine: site.line, endColumn: site.column + 9 } } };
    const fixes = fixesForFinding(TWO_STATEMENTS, 'python', withSite);
    assert.deepEqual(
      fixes.map((f) => f.id),
      ['he-init', 'batch-norm', 'leaky-relu'],
    );
    const leaky = fixes.find((f) => f.id === 'leaky-relu');
    assert.ok(leaky);
    assert.equal(applyEdits(TWO_STATEMENTS, leaky.edits), TWO_STATEMENTS.replace('F.relu(x)', 'F.leaky_relu(x, 0.01)'));
  });
});
