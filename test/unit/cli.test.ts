// The CLI end to end, as a process, against the stand-in worker (no training).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { isReport, type Report } from '../../src/shared/protocol';
import { runCaptured, type Captured, type During } from './fakes/captured';
import { isAlive } from './fakes/poll';

const CLI = path.join(__dirname, '..', '..', 'src', 'cli', 'main.ts');
const FAKE_WORKER = path.join(__dirname, 'fixtures', 'fake-worker.cjs');
/** tsx by URL: the CLI runs in a scratch directory, where `--import tsx` would not resolve. */
const TSX = pathToFileURL(require.resolve('tsx')).href;
const dir = mkdtempSync(path.join(tmpdir(), 'dn-cli-'));
const MODEL = path.join(dir, 'model.js');
writeFileSync(MODEL, '// stands in for a model script\n');
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI; `during` may act on the running process once its stderr matches `waitFor`. */
function cli(args: string[], fakeMode = 'complete', during?: During): Promise<Captured> {
  return runCaptured(
    process.execPath,
    ['--import', TSX, CLI, ...args],
    { cwd: dir, env: { ...process.env, DYING_NEURONS_WORKER: FAKE_WORKER, FAKE_WORKER: fakeMode } },
    during,
  );
}

function jsonReport(stdout: string): Report {
  const report: unknown = JSON.parse(stdout);
  assert.ok(isReport(report));
  return report;
}

describe('dying-neurons CLI', () => {
  it('prints the table and diagnostics and exits 1 on a warning', async () => {
    const r = await cli(['scan', 'model.js'], 'warn');
    assert.equal(r.status, 1);
    assert.equal(
      r.stdout,
      [
        'layer  line  units  dead  dying  saturated  first dead at',
        'dense     7      4     2      0          0  init',
        '',
        'model.js:7:15: warning: dense: 2 of 4 units dead since init (never active on 64 probe samples) [dead-units]',
        '',
        'Scanned 1 layer over 1 epoch on cpu: 1 warning, 0 information.',
        '',
      ].join('\n'),
    );
    assert.match(r.stderr, /Training on cpu: 1 epoch of 2 batches, 64 samples\ninit: dead 2 of 4 units\n/);
  });

  it('prints exactly one JSON report with --json, the script output kept off stdout, and exits 0', async () => {
    const r = await cli(['scan', '--json', 'model.js', '--epochs', '1'], 'print');
    assert.equal(r.status, 0);
    const report = jsonReport(r.stdout);
    assert.deepEqual([report.file, report.status, report.layers.map((l) => l.name)], [MODEL, 'completed', ['dense']]);
    assert.match(r.stderr, /hello from the script/);
  });

  it('exits 2 with a file-not-found report for a missing file', async () => {
    const r = await cli(['scan', 'missing.js', '--json']);
    assert.equal(r.status, 2);
    assert.deepEqual(
      jsonReport(r.stdout).diagnostics.map((d) => [d.severity, d.code, d.message]),
      [['error', 'file-not-found', `File not found: ${path.join(dir, 'missing.js')}`]],
    );
    const human = await cli(['scan', 'missing.js']);
    assert.equal(human.status, 2);
    assert.match(human.stdout, /^missing\.js:1:1: error: File not found: .*missing\.js \[file-not-found\]\n/);
  });

  it('exits 2 with a usage message for bad arguments', async () => {
    const r = await cli(['scan', 'model.js', '--epochs', 'many']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^dying-neurons: --epochs must be a positive integer, got 'many'\n\nUsage: dying-neurons scan FILE/);
  });

  it('prints one failed JSON report for bad arguments with --json, the usage on stderr', async () => {
    for (const args of [
      ['scan', 'model.js', '--json', '--epochs', 'many'],
      ['try', '--json', '--layer', '0', 'model.js'],
      ['scan', '--json'],
      ['frobnicate', '--json'],
    ]) {
      const r = await cli(args);
      assert.equal(r.status, 2);
      const report = jsonReport(r.stdout);
      assert.deepEqual([report.file, report.status, report.layers], ['', 'failed', []]);
      const [message] = r.stderr.split('\n');
      assert.deepEqual(
        report.diagnostics.map((d) => [d.severity, d.code, `dying-neurons: ${d.message}`]),
        [['error', 'invalid-arguments', message]],
      );
    }
  });

  it('shows control characters from the script in its messages as escapes, its own output raw', async () => {
    const r = await cli(['scan', 'model.js'], 'escape');
    assert.equal(r.status, 2);
    assert.match(r.stdout, /^model\.js:2:7: error: bad \\x1b\[31mred\\x07 \[script-error\]$/m);
    assert.match(r.stderr, /^warning: layer a\\x1b\[2Jb$/m);
    assert.match(r.stderr, /^\x1b\[32mgreen from the script\x1b\[0m$/m);
    assert.doesNotMatch(r.stdout, /[\x00-\x08\x0b-\x1f\x7f]/);

    const args = await cli(['scan', 'model.js', '--epochs', '\x1b[31m']);
    assert.match(args.stderr, /^dying-neurons: --epochs must be a positive integer, got '\\x1b\[31m'$/m);
  });

  it('exits 2 when the worker crashes', async () => {
    const r = await cli(['scan', 'model.js', '--json'], 'crash');
    assert.equal(r.status, 2);
    assert.deepEqual(
      jsonReport(r.stdout).diagnostics.map((d) => [d.code, d.line]),
      [['worker-crashed', 1]],
    );
  });

  it('prints help and version', async () => {
    const help = await cli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: dying-neurons scan FILE \[options\]/);
    const version = await cli(['--version']);
    assert.deepEqual([version.status, version.stdout], [0, '0.1.0\n']);
  });

  for (const [signal, mode] of [
    ['SIGINT', 'hang'],
    ['SIGTERM', 'slow'],
  ] as const) {
    it(`cancels the worker on ${signal} (${mode} worker) and exits 130 leaving no process`, async () => {
      let workerPid = 0;
      const r = await cli(['scan', 'model.js', '--json'], mode, {
        waitFor: /fake-worker pid (\d+)/,
        act: (pid, stderr) => {
          workerPid = Number(/fake-worker pid (\d+)/.exec(stderr)?.[1]);
          process.kill(pid, signal);
        },
      });
      assert.equal(r.status, 130);
      assert.equal(jsonReport(r.stdout).status, 'cancelled');
      assert.ok(workerPid > 0);
      assert.equal(isAlive(workerPid), false);
    });
  }
});
