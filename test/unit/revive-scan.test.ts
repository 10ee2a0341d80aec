// ReDo during a real scan (the built worker): every --revive N steps, and on a `revive` message
// from the parent; the report counts the units revived and those alive at the end.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { LayerUnits, WorkerMessage } from '../../src/shared/protocol';
import { scan } from './worker-helpers';

const DEAD_HALF = path.join(__dirname, 'fixtures', 'revive', 'dead-half.js');

const shown = (layer: LayerUnits) => layer.state.map((s) => ({ healthy: '.', dead: 'X', dying: 'd', saturated: 's', inactive: 'i' })[s]).join('');
const logs = (messages: WorkerMessage[]) => messages.flatMap((m) => (m.type === 'log' ? [m.text] : []));
const unitChecks = (messages: WorkerMessage[]) => messages.flatMap((m) => (m.type === 'units' ? [[m.check.label, shown(m.layers[0])]] : []));

describe('revive during a scan', () => {
  it('revives the dead units every N steps and counts those alive at the end', async () => {
    const { report, messages } = await scan(DEAD_HALF, { options: { reviveEvery: 8, probe: 64 } });
    assert.equal(report.status, 'completed');
    // Units 0-3 (bias -10) and 4 (all-negative weights) are dead until the revive at step 8;
    // unit 5 dies later and is revived at step 16. Each revive follows a check at its step.
    assert.deepEqual(unitChecks(messages), [
      ['init', 'XXXXX...'],
      ['epoch 1 batch 3', 'XXXXX...'],
      ['epoch 1 batch 8', 'XXXXX...'],
      ['epoch 1 batch 16', 'd....X..'],
      ['epoch 1 batch 24', 'd.......'],
      ['epoch 1 batch 32', 'd.......'],
      ['epoch 1', 'd.......'],
    ]);
    assert.deepEqual(logs(messages), ['Revived 5 dead units at epoch 1 batch 8: dense_Dense1 5.', 'Revived 1 dead unit at epoch 1 batch 16: dense_Dense1 1.']);
    assert.deepEqual(report.revived, { units: 6, aliveAtEnd: 6 });
    assert.deepEqual(report.layers[0].deadUnits, []);
  });

  it('revives on a revive message from the parent, at the next batch end', async () => {
    const { report, messages } = await scan(DEAD_HALF, {
      options: { probe: 64 },
      onMessage: (m, handle) => {
        if (m.type === 'started') handle.revive();
      },
    });
    assert.equal(report.status, 'completed');
    const [said, ...more] = logs(messages);
    assert.deepEqual(more, []);
    const match = /^Revived (\d+) dead units at (epoch 1 batch \d+): dense_Dense1 \1\.$/.exec(said ?? '');
    assert.ok(match, `a revive was logged: ${said}`);
    // The revive measured the units at its batch first: the count is that check's dead units.
    const atRevive = unitChecks(messages).find(([label]) => label === match[2]);
    assert.ok(atRevive);
    assert.equal(atRevive[1].split('').filter((s) => s === 'X').length, Number(match[1]));
    assert.equal(report.revived?.units, Number(match[1]));
  });

  it('reports no revive count when reviving is off', async () => {
    const { report } = await scan(DEAD_HALF, { options: { probe: 64 } });
    assert.equal(report.revived, undefined);
    assert.deepEqual(report.layers[0].deadUnits, [0, 1, 2, 3, 4, 5]);
  });
});
