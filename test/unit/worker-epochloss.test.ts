// The progress message's loss is the epoch's mean so far (issue 13: the CLI's progress line showed
// the last batch's loss while the history had the epoch's mean).
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EpochLoss } from '../../src/worker/epochLoss';
import { FIXTURES, scan } from './worker-helpers';

describe('EpochLoss', () => {
  it('weights each batch by its size and starts again at each epoch', () => {
    const loss = new EpochLoss();
    assert.equal(loss.add(2, 4), 2);
    assert.equal(loss.add(5, 2), 3); // (2·4 + 5·2) / 6
    loss.reset();
    assert.equal(loss.add(1, undefined), 1);
    assert.equal(loss.add(3, undefined), 2);
  });
});

describe('progress loss during a scan', () => {
  it("ends each epoch's progress at the epoch's loss in the report's history", async () => {
    const { report, messages } = await scan(path.join(FIXTURES, 'epoch-loss.mjs'), { options: { epochs: undefined } });
    assert.equal(report.status, 'completed');
    const lastOfEpoch = messages.flatMap((m) => (m.type === 'progress' && m.batch === m.batches ? [[m.epoch, m.loss]] : []));
    assert.equal(lastOfEpoch.length, 2);
    assert.equal(report.history.length, 2);
    for (const [i, [epoch, loss]] of lastOfEpoch.entries()) {
      assert.equal(epoch, i + 1);
      // float32 sums in tfjs against float64 here
      assert.ok(Math.abs(loss - report.history[i].loss) < 1e-5 * Math.max(1, loss), `epoch ${epoch}: ${loss} vs ${report.history[i].loss}`);
    }
  });
});
