// `dying-neurons try`: its arguments, its table as text, and the built CLI end to end on a small
// model (one JSON document with --json, exit 0; bad input exit 2).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_THRESHOLDS, parseToWebviewMessage, type TryResults, type TryRow } from '../../src/shared/protocol';
import { parseArgs } from '../../src/cli/args';
import { runLine, tryText } from '../../src/cli/tryFormat';
import { isAlive } from './fakes/poll';
import { ROOT } from './worker-helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const FIXTURE = path.join(__dirname, 'fixtures', 'try', 'dead-layer.js');

describe('try: arguments', () => {
  it('parses try with --layer and the scan options', () => {
    assert.deepEqual(parseArgs(['try', 'm.py', '--layer', '12', '--epochs', '2', '--samples=500', '--seed', '3', '--backend', 'cpu', '--json'], '/w'), {
      kind: 'try',
      options: { file: '/w/m.py', epochs: 2, samples: 500, probe: 1024, seed: 3, backend: 'cpu', thresholds: DEFAULT_THRESHOLDS },
      json: true,
      layer: { line: 12 },
    });
    const layerOf = (value: string) => {
      const parsed = parseArgs(['try', 'nb.ipynb', '--layer', value], '/w');
      return parsed.kind === 'try' ? parsed.layer : parsed;
    };
    assert.deepEqual(layerOf('4:3'), { cell: 4, line: 3 });
    assert.deepEqual(layerOf('features.0'), { name: 'features.0' });
    assert.deepEqual(parseArgs(['try', 'm.py'], '/w'), {
      kind: 'try',
      options: { file: '/w/m.py', probe: 1024, seed: 42, backend: 'auto', thresholds: DEFAULT_THRESHOLDS },
      json: false,
    });
  });

  it('refuses a bad --layer, --layer on scan, and a missing FILE', () => {
    const messages = [
      [['try', 'm.py', '--layer', '0'], "--layer must be a line (LINE), a notebook cell's line (CELL:LINE, positive integers) or a layer's name, got '0'"],
      [['try', 'm.py', '--layer', '0:3'], "--layer must be a line (LINE), a notebook cell's line (CELL:LINE, positive integers) or a layer's name, got '0:3'"],
      [
        ['try', 'm.py', '--layer', '4:3:1'],
        "--layer must be a line (LINE), a notebook cell's line (CELL:LINE, positive integers) or a layer's name, got '4:3:1'",
      ],
      [['try', 'm.py', '--layer', '4:'], "--layer must be a line (LINE), a notebook cell's line (CELL:LINE, positive integers) or a layer's name, got '4:'"],
      [['try', 'm.py', '--layer'], '--layer needs a value'],
      [['scan', 'm.py', '--layer', '3'], 'unknown option --layer'],
      [['try'], 'try needs a FILE'],
      [['try', 'a.py', 'b.py'], 'try takes one FILE, got 2'],
    ] as const;
    for (const [argv, message] of messages) assert.deepEqual(parseArgs(argv, '/w'), { kind: 'error', message });
  });
});

const row = (id: string, over: Partial<TryRow> = {}): TryRow => ({
  id,
  fixes: [],
  title: id,
  status: 'completed',
  flagged: 0,
  layers: [],
  loss: 0.5,
  accuracy: 0.9,
  accuracyOf: 'validation',
  ms: 1500,
  ...over,
});

describe('try: text', () => {
  const results: TryResults = {
    file: '/w/model.py',
    layer: 'dense',
    line: 7,
    status: 'completed',
    epochs: 1,
    samples: 5000,
    seed: 42,
    rows: [
      row('zero-bias', {
        title: 'Reset the bias initialiser to zeros',
        flagged: 3,
        layers: [{ name: 'dense', units: 64, dead: 1, dying: 2, saturated: 0 }],
        accuracy: 0.91,
      }),
      row('baseline', {
        title: 'Unchanged model',
        flagged: 40,
        layers: [{ name: 'dense', units: 64, dead: 40, dying: 0, saturated: 0 }],
        accuracy: 0.5,
        accuracyOf: 'training',
      }),
      row('he-init', { status: 'failed', flagged: null, loss: null, accuracy: null, accuracyOf: null, error: 'The loss became NaN' }),
    ],
  };

  it('prints the ranked table, the legend and the verdict', () => {
    assert.equal(
      tryText(results, '/w'),
      [
        'Try Fixes for dense (model.py:7): 1 epoch on at most 5,000 samples, seed 42.',
        '',
        'rank  fixes                 dead  dying  saturated  flagged       accuracy    loss   time',
        '   1  zero-bias                1      2          0        3          0.910  0.5000  1.5 s',
        '   2  baseline (unchanged)    40      0          0       40  0.500 (train)  0.5000  1.5 s',
        '   3  he-init (failed)         -      -          -        -              -       -  1.5 s',
        '',
        'flagged = dead + dying + saturated + inactive units in the layer and the layers after it.',
        'Best: Reset the bias initialiser to zeros: 3 flagged units instead of 40, accuracy 0.910 vs 0.500 (train).',
        '',
      ].join('\n'),
    );
  });

  it("names a notebook layer's place as the scan does: its cell (from 1) and the line in it", () => {
    const notebook = { ...results, file: '/w/train.ipynb', line: 3, cell: { index: 3, id: 'model' } };
    assert.equal(tryText(notebook, '/w').split('\n')[0], 'Try Fixes for dense (train.ipynb:cell 4:3): 1 epoch on at most 5,000 samples, seed 42.');
    // The panel takes the cell too (a message checked at the webview's boundary).
    const message = { type: 'tryResults', file: notebook.file, results: notebook };
    assert.deepEqual(parseToWebviewMessage(message), message);
    assert.equal(parseToWebviewMessage({ ...message, results: { ...notebook, cell: { index: '3' } } }), undefined);
  });

  it('prints a line per finished run', () => {
    assert.equal(runLine(results.rows[0], 1, 3), '[1/3] zero-bias: 3 flagged units, accuracy 0.910, loss 0.5000 (1.5 s)\n');
    assert.equal(runLine(results.rows[2], 3, 3), '[3/3] he-init: failed: The loss became NaN (1.5 s)\n');
  });
});

describe('try: the CLI', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, 'try', ...args], { encoding: 'utf8', cwd: ROOT });

  it('prints exactly one JSON document and exits 0', () => {
    const run = cli(path.relative(ROOT, FIXTURE), '--layer', '9', '--backend', 'cpu', '--seed', '7', '--json');
    assert.equal(run.status, 0, run.stderr);
    const document = JSON.parse(run.stdout) as TryResults & { version: number; winner: string | null };
    assert.deepEqual(
      [document.version, document.layer, document.line, document.status, document.winner],
      [1, 'dense_Dense1', 9, 'completed', 'zero-bias+he-init'],
    );
    assert.equal(document.rows.length, 12);
    assert.match(
      run.stderr,
      /^Scanning .*dead-layer\.js unchanged \(1 epoch on at most 5,000 samples\) to find the layer at line 9…\nTrying 11 candidates and the unchanged model on dense_Dense1 \(line 9\), \d+ at a time…\n/,
    );
    assert.equal(run.stderr.split('\n').filter((l) => /^\[\d+\/12\] /.test(l)).length, 12);
  });

  it('stops the running worker on Ctrl+C (here the scan of the unchanged model) and exits 130', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dn-try-cli-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'long.js');
    copyFileSync(FIXTURE, file);
    writeFileSync(file, readFileSync(file, 'utf8').replace('epochs: 5', 'epochs: 100000'));
    const child = spawn(process.execPath, [CLI, 'try', file, '--layer', '9', '--epochs', '100000', '--backend', 'cpu'], { cwd: ROOT });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const workers = () => {
      try {
        return execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' })
          .trim()
          .split(/\s+/)
          .filter(Boolean);
      } catch {
        return []; // ps exits 1 when there is none
      }
    };
    const started = Date.now();
    // The worker can show up in ps before the CLI's line reaches this process: wait for both.
    while ((workers().length < 1 || !stderr.endsWith('\n')) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 100));
    const running = workers();
    try {
      assert.equal(running.length, 1, 'the unchanged model is scanned first, alone');
      assert.match(stderr, /^Scanning .*long\.js unchanged \(100,000 epochs on at most 5,000 samples\) to find the layer at line 9…\n$/);
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 130);
    const alive = running.filter((pid) => isAlive(Number(pid)));
    assert.deepEqual(alive, [], 'no worker outlives the CLI');
  });

  it('exits 2 on a missing file, with the scan report', () => {
    const run = cli('missing.js', '--json');
    assert.equal(run.status, 2);
    const report = JSON.parse(run.stdout) as { status: string; diagnostics: { code: string }[] };
    assert.deepEqual([report.status, report.diagnostics.map((d) => d.code)], ['failed', ['file-not-found']]);
  });
});
