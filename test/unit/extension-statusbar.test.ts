import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { describeStatus, StatusBar, type LayerCounts } from '../../src/extension/statusBar';
import { fake, resetFake, ThemeColor } from './fakes/vscode';

const FILE = '/work/project/model.ts';
const layers: LayerCounts[] = [
  { name: 'dense', line: 7, units: 64, dead: 20, dying: 2, saturated: 0 },
  { name: 'dense_1', line: 8, units: 32, dead: 3, dying: 0, saturated: 1 },
  { name: 'dense_2', line: 0, units: 10, dead: 0, dying: 0, saturated: 0 },
];
const healthy = layers.map((l) => ({ ...l, dead: 0 }));

describe('describeStatus', () => {
  it('is hidden before the first scan', () => {
    assert.equal(describeStatus({ kind: 'idle' }), undefined);
  });

  it('shows epoch, loss and dead units while training, with one tooltip line per layer', () => {
    const view = describeStatus({ kind: 'training', file: FILE, epoch: 3, epochs: 10, loss: 0.21349, layers });
    assert.equal(view?.text, '$(pulse) 3/10 · loss 0.213 · 23 dead');
    assert.equal(view?.error, false);
    assert.equal(
      view?.tooltip,
      [
        'Dying Neurons: model.ts',
        'Training: epoch 3 of 10',
        'dense (line 7): 20/64 dead, 2 dying, 0 saturated',
        'dense_1 (line 8): 3/32 dead, 0 dying, 1 saturated',
        'dense_2: 0/10 dead, 0 dying, 0 saturated',
        'Click to show activations',
      ].join('\n'),
    );
  });

  it('leaves the loss out before the first batch', () => {
    const view = describeStatus({ kind: 'training', file: FILE, epoch: 0, epochs: 10, loss: null, layers });
    assert.equal(view?.text, '$(pulse) 0/10 · 23 dead');
    assert.equal(describeStatus({ kind: 'training', file: FILE, epoch: 0, epochs: 0, loss: null, layers: [] })?.text, '$(pulse) starting · 0 dead');
  });

  it('shows the last result after the run', () => {
    assert.equal(describeStatus({ kind: 'done', file: FILE, status: 'completed', layers })?.text, '$(warning) 23 dead in 2 layers');
    assert.equal(describeStatus({ kind: 'done', file: FILE, status: 'completed', layers: [layers[0]] })?.text, '$(warning) 20 dead in 1 layer');
    const clean = describeStatus({ kind: 'done', file: FILE, status: 'completed', layers: healthy });
    assert.equal(clean?.text, '$(check) no dead units');
    assert.match(clean?.tooltip ?? '', /^Last scan: 0 dead, 2 dying, 1 saturated$/m);
  });

  it('says when the run was stopped or failed', () => {
    assert.equal(describeStatus({ kind: 'done', file: FILE, status: 'cancelled', layers })?.text, '$(debug-stop) stopped · 23 dead in 2 layers');
    const failed = describeStatus({ kind: 'done', file: FILE, status: 'failed', layers: [], error: 'model.ts:3: SyntaxError' });
    assert.equal(failed?.text, '$(error) scan failed');
    assert.equal(failed?.error, true);
    assert.equal(failed?.tooltip, 'Dying Neurons: model.ts\nmodel.ts:3: SyntaxError\nClick to show activations');
  });
});

describe('StatusBar', () => {
  beforeEach(resetFake);

  it('renders state into one item that opens the Activations panel, hidden until the first scan', () => {
    const bar = new StatusBar('dyingNeurons.showActivations');
    const item = fake.statusBarItems[0];
    assert.equal(item.visible, false);
    assert.equal(item.command, 'dyingNeurons.showActivations');

    bar.render({ kind: 'training', file: FILE, epoch: 1, epochs: 2, loss: 1, layers });
    assert.equal(item.visible, true);
    assert.equal(item.text, '$(pulse) 1/2 · loss 1.000 · 23 dead');

    bar.render({ kind: 'done', file: FILE, status: 'failed', layers: [] });
    assert.deepEqual(item.backgroundColor, new ThemeColor('statusBarItem.errorBackground'));
    bar.render({ kind: 'done', file: FILE, status: 'completed', layers: healthy });
    assert.equal(item.backgroundColor, undefined);
    assert.equal(item.text, '$(check) no dead units');

    bar.dispose();
    assert.equal(item.disposed, true);
  });
});
