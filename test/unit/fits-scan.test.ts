// Real scans of scripts that train several models: the translated Keras script scans each distinct
// fit (repeats counted), a TensorFlow.js script its first fit unless --max-fits says more, and a
// fit not scanned gets an information note at its line. The report groups the layers by fit.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import { reportText } from '../../src/cli/format';
import { tfjsRunner } from '../../src/host/tfjsRunner';
import { launchTryFixes } from '../../src/host/tryFixes';
import { DEFAULT_THRESHOLDS } from '../../src/shared/protocol';
import { exitCode } from '../../src/engine/report';
import { diagnosticsOf, scan, WORKER } from './worker-helpers';

const fixture = (name: string) => path.join(__dirname, 'fixtures', 'fits', name);

describe('scans of several fits', () => {
  it('a Keras depth sweep over seeds: 3 fits scanned, each with its layers; 3 repeats counted', async () => {
    const { report, messages } = await scan(fixture('sweep.py'), { options: { probe: 64 } });
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.equal(messages.filter((m) => m.type === 'started').length, 3);
    assert.ok(report.fits);
    assert.deepEqual(
      report.fits.map((f) => [f.index, f.repeats, f.epochsRun, f.training.fit?.line, f.layers.map((l) => [l.name, l.line, l.units, l.fit])]),
      [
        [0, 1, 1, 19, [['dense', 10, 4, 0]]],
        [
          1,
          1,
          1,
          19,
          [
            ['dense_4', 10, 4, 1],
            ['dense_5', 10, 4, 1],
          ],
        ],
        [
          2,
          1,
          1,
          19,
          [
            ['dense_10', 10, 4, 2],
            ['dense_11', 10, 4, 2],
            ['dense_12', 10, 4, 2],
          ],
        ],
      ],
    );
    // Every fit's layers, in fit order, and every fit's checks apart.
    assert.deepEqual(
      report.layers.map((l) => l.name),
      ['dense', 'dense_4', 'dense_5', 'dense_10', 'dense_11', 'dense_12'],
    );
    assert.deepEqual(report.checks, report.fits[0].checks);
    // The bias of -5 kills every hidden unit of every depth: each fit says so at line 10, named by its fit.
    const dead = report.diagnostics.filter((d) => d.code === 'dead-units');
    assert.deepEqual(
      dead.map((d) => [d.line, d.layer, d.message.split(': ')[0]]),
      [
        [10, 'dense', 'Fit 1 of 3'],
        [10, 'dense_4', 'Fit 2 of 3'],
        [10, 'dense_10', 'Fit 3 of 3'],
      ],
    );
    assert.equal(exitCode(report), 1);
    const text = reportText(report, path.dirname(fixture('sweep.py')));
    assert.match(text, /^Fit 1 of 3 \(line 19\): 1 epoch, 1 repeat counted, not scanned\nlayer /);
    assert.match(text, /\nFit 3 of 3 \(line 19\): 1 epoch, 1 repeat counted, not scanned\nlayer .*\ndense_10 +10 +4 +4 /);
    assert.match(text, /Scanned 3 fits \(6 layers, 3 epochs; 3 repeats counted, not scanned\) on /);
  });

  it('--max-fits 2 on the sweep: 2 depths scanned, the fit line noted for the third', async () => {
    const { report } = await scan(fixture('sweep.py'), { options: { probe: 64, maxFits: 2 } });
    assert.equal(report.fits?.length, 2);
    assert.deepEqual(
      diagnosticsOf(report).filter((d) => d.code === 'fit-not-scanned'),
      [
        {
          severity: 'information',
          code: 'fit-not-scanned',
          message: 'Not scanned: the scan covers the first 2 fits the script runs and this is fit 3; pass --max-fits 3 / set dyingNeurons.maxFits to scan it.',
          line: 19,
          column: 9,
          endLine: 19,
          endColumn: 49,
        },
      ],
    );
  });

  it('a TensorFlow.js script with 2 fits: the first is scanned, the second noted at its line', async () => {
    const { report, messages } = await scan(fixture('two-fits.mjs'));
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.equal(report.fits, undefined);
    assert.equal(messages.filter((m) => m.type === 'started').length, 1);
    assert.deepEqual(
      report.layers.map((l) => [l.line, l.dead]),
      [[5, 4]],
    );
    assert.deepEqual(
      diagnosticsOf(report).filter((d) => d.code === 'fit-not-scanned'),
      [
        {
          severity: 'information',
          code: 'fit-not-scanned',
          message:
            'Not scanned: the scan stops after the first model.fit (the code after it would run for real); pass --max-fits 2 / set dyingNeurons.maxFits to scan it.',
          line: 16,
          column: 7,
          endLine: 16,
          endColumn: 38,
        },
      ],
    );
  });

  it('with --max-fits 2 both fits of the TensorFlow.js script are scanned', async () => {
    const { report, messages } = await scan(fixture('two-fits.mjs'), { options: { maxFits: 2 } });
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.equal(messages.filter((m) => m.type === 'started').length, 2);
    assert.deepEqual(
      report.fits?.map((f) => [f.training.fit?.line, f.layers.map((l) => [l.line, l.dead, l.fit])]),
      [
        [14, [[5, 4, 0]]],
        [16, [[5, 0, 1]]],
      ],
    );
    assert.deepEqual(
      diagnosticsOf(report).filter((d) => d.code === 'fit-not-scanned'),
      [],
    );
  });

  it('a fit called again in a loop is the scanned fit: no note; --max-fits 3 scans each call', async () => {
    const { report } = await scan(fixture('fit-in-loop.mjs'));
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.deepEqual(
      diagnosticsOf(report).filter((d) => d.code === 'fit-not-scanned'),
      [],
    );
    const three = await scan(fixture('fit-in-loop.mjs'), { options: { maxFits: 3 } });
    assert.deepEqual(
      three.report.fits?.map((f) => [f.index, f.training.fit?.line, f.epochsRun]),
      [
        [0, 10, 1],
        [1, 10, 1],
        [2, 10, 1],
      ],
    );
  });

  it('a script that exits after its first fit, with --max-fits 2: the scan ends with that fit, completed', async () => {
    const { report, output } = await scan(fixture('fit-then-exit.mjs'), { options: { maxFits: 2 } });
    assert.equal(report.status, 'completed', JSON.stringify(report.diagnostics));
    assert.equal(report.fits, undefined);
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.line]),
      [['dense_Dense1', 4]],
    );
    assert.match(output, /between the fits/);
    // The fit the script never reached is noted: it did not run.
    assert.deepEqual(
      diagnosticsOf(report)
        .filter((d) => d.code === 'fit-not-scanned')
        .map((d) => [d.message, d.line]),
      [['Not scanned: this fit did not run before the script ended.', 10]],
    );
  });

  it('Try Fixes measures the first fit: its baseline scans that fit only', async () => {
    const file = fixture('sweep.py');
    const outcome = await launchTryFixes(
      { options: { file, probe: 64, seed: 7, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS }, source: readFileSync(file, 'utf8'), parallel: 2 },
      { runner: tfjsRunner({ workerPath: WORKER }) },
    ).done;
    assert.equal(outcome.kind, 'results');
    if (outcome.kind !== 'results') return;
    assert.deepEqual([outcome.results.layer, outcome.results.line], ['dense', 10]);
    assert.deepEqual(
      outcome.baseline.fits?.map((f) => [f.repeats, f.layers.map((l) => l.name)]),
      [[1, ['dense']]],
    );
    assert.deepEqual(
      outcome.baseline.diagnostics.filter((d) => d.code === 'fit-not-scanned').map((d) => [d.line, d.message]),
      [[19, 'Not scanned: the scan covers the first fit the script runs and this is fit 2; pass --max-fits 2 / set dyingNeurons.maxFits to scan it.']],
    );
  });
});
