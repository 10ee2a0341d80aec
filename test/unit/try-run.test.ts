// Try Fixes through real workers: every candidate runs from memory (the user's file and its
// folder are byte for byte, mtime for mtime as before), the measured rows are ranked, and a
// cancelled try leaves no worker behind.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS, type ScanOptions, type TryResults } from '../../src/shared/protocol';
import { tfjsRunner } from '../../src/host/tfjsRunner';
import { launchTryFixes } from '../../src/host/tryFixes';
import { isAlive } from './fakes/poll';
import { WORKER } from './worker-helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'try', 'dead-layer.js');
const folder = mkdtempSync(path.join(tmpdir(), 'dying-neurons-try-'));
after(() => rmSync(folder, { recursive: true, force: true }));

const optionsFor = (file: string): ScanOptions => ({ file, probe: 128, seed: 7, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS });

describe('try: real runs', () => {
  it("measures every candidate without touching the user's file, and ranks zero bias first", async () => {
    const file = path.join(folder, 'model.js');
    copyFileSync(FIXTURE, file);
    const bytes = readFileSync(file);
    const { mtimeMs } = statSync(file);
    const listing = readdirSync(folder);
    const updates: TryResults['status'][] = [];

    const outcome = await launchTryFixes(
      { options: optionsFor(file), source: bytes.toString('utf8'), parallel: 2 },
      { runner: tfjsRunner({ workerPath: WORKER }), onUpdate: (r) => updates.push(r.status) },
    ).done;

    assert.ok(readFileSync(file).equals(bytes), 'the file is byte-identical');
    assert.equal(statSync(file).mtimeMs, mtimeMs, 'and was not written');
    assert.deepEqual(readdirSync(folder), listing, 'no scratch copy was written next to it');
    assert.equal(outcome.kind, 'results');
    if (outcome.kind !== 'results') return;
    const { results } = outcome;
    assert.deepEqual(
      [results.layer, results.line, results.status, results.epochs, results.samples, results.seed],
      ['dense_Dense1', 9, 'completed', 1, 5000, 7],
    );
    assert.deepEqual(updates.at(-1), 'completed');
    assert.ok(updates.slice(0, -1).every((s) => s === 'running'));
    // The baseline's layer stays dead; zero bias (alone or with He) brings all 8 units back.
    assert.deepEqual(
      results.rows.map((r) => [r.id, r.status, r.flagged, r.accuracyOf]),
      [
        ['zero-bias+he-init', 'completed', 1, 'validation'],
        ['zero-bias', 'completed', 1, 'validation'],
        ['lower-lr', 'completed', 8, 'validation'],
        ['he-init+lower-lr', 'completed', 8, 'validation'],
        ['baseline', 'completed', 8, 'validation'],
        ['he-init', 'completed', 8, 'validation'],
        ['dropout', 'completed', 8, 'validation'],
        ['l2', 'completed', 8, 'validation'],
        ['batch-norm', 'completed', 8, 'validation'],
        ['he-init+batch-norm', 'completed', 8, 'validation'],
        ['leaky-relu', 'completed', 8, 'validation'],
        ['he-init+leaky-relu', 'completed', 8, 'validation'],
      ],
    );
    assert.deepEqual(
      outcome.baseline.layers.map((l) => [l.name, l.dead]),
      [['dense_Dense1', 8]],
    );
  });

  it('cancels a running try: every worker is gone and no run is left pending', async () => {
    const file = path.join(folder, 'long.js');
    // The same model trained for a long time, so the try is still running when cancelled.
    copyFileSync(FIXTURE, file);
    const source = readFileSync(file, 'utf8').replace('epochs: 5', 'epochs: 100000');
    const handle = launchTryFixes(
      {
        options: optionsFor(file),
        source,
        parallel: 2,
        layer: { name: 'dense_Dense1', code: 'dead-units', target: { line: 9, column: 11, className: 'Dense', activation: 'relu', family: 'relu' } },
      },
      { runner: tfjsRunner({ workerPath: WORKER }) },
    );
    handle.done.catch(() => undefined);
    const started = Date.now();
    while (handle.pids().length < 2 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
    const pids = handle.pids();
    assert.equal(pids.length, 2, 'two workers run at once');
    handle.cancel();
    const outcome = await handle.done;
    assert.deepEqual(pids.filter(isAlive), [], 'no worker outlives the cancel');
    assert.deepEqual(handle.pids(), []);
    assert.equal(outcome.kind, 'results');
    if (outcome.kind !== 'results') return;
    assert.equal(outcome.results.status, 'cancelled');
    assert.equal(outcome.results.rows.length, 12);
    assert.ok(
      outcome.results.rows.every((r) => r.status === 'cancelled'),
      'the running runs were cancelled, the others never started',
    );
    assert.equal(outcome.baseline.status, 'cancelled');
  });
});
