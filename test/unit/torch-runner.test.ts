// A PyTorch script end to end through the built CLI: examples/torch/negative-bias.py runs as
// written in the project's .venv (torch CPU), the findings land on the nn.Linear lines with the
// F.relu calls as related information, and Ctrl+C during training leaves no process behind.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isReport, type Report } from '../../src/shared/protocol';
import { runCaptured, type Captured, type During } from './fakes/captured';
import { eventually, isAlive } from './fakes/poll';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const EXAMPLE = path.join(ROOT, 'examples', 'torch', 'negative-bias.py');

const cli = (args: string[], during?: During): Promise<Captured> => runCaptured(process.execPath, [CLI, ...args], { cwd: ROOT }, during);

const report = (stdout: string): Report => {
  const value: unknown = JSON.parse(stdout);
  assert.ok(isReport(value), stdout.slice(0, 300));
  return value;
};

describe('PyTorch through the CLI', () => {
  it('scans examples/torch/negative-bias.py: dead units at the nn.Linear lines, the F.relu calls related', async () => {
    assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's pretest makes it (bash scripts/python-venv.sh)`);
    const r = await cli(['scan', EXAMPLE, '--python', PYTHON, '--json', '--samples', '640', '--epochs', '1', '--probe', '256']);
    assert.equal(r.status, 1, r.stderr);
    const scan = report(r.stdout);
    assert.equal(scan.status, 'completed');
    assert.deepEqual(scan.ranWith && [scan.ranWith.runner, scan.ranWith.framework, scan.ranWith.device], ['python', 'torch', 'CPU']);
    assert.deepEqual(
      scan.checks.map((c) => c.label),
      ['init', 'epoch 1 batch 4', 'epoch 1'],
    );
    assert.deepEqual(
      scan.layers.map((l) => [l.name, l.className, l.activation, l.line, l.column, l.units, l.activationSite]),
      [
        ['fc1', 'Linear', 'relu', 20, 20, 128, { line: 29, column: 13 }],
        ['fc2', 'Linear', 'relu', 21, 20, 64, { line: 30, column: 13 }],
      ],
    );
    const fc1 = scan.layers[0];
    // The bias of −1.5 keeps most units below zero from the first step on.
    assert.equal(fc1.dead, 124);
    assert.equal(fc1.firstDeadCheck.filter((c) => c === 0).length, 122);
    const warning = scan.diagnostics.find((d) => d.layer === 'fc1');
    assert.deepEqual(warning && [warning.severity, warning.code, warning.line, warning.column], ['warning', 'dead-units', 20, 20]);
    assert.deepEqual(
      warning?.related?.map((x) => [x.message, x.line, x.column]),
      [
        ['relu applied here', 29, 13],
        ['called from here', 34, 9],
        ['trained here', 41, 9],
      ],
    );
    assert.match(r.stderr, /Ran in .* with PyTorch 2\./);
  });

  it('Ctrl+C during training ends the whole process group and exits 130', async () => {
    const r = await cli(['scan', EXAMPLE, '--python', PYTHON, '--json', '--samples', '640', '--epochs', '5'], {
      waitFor: /init: dead/,
      act: (pid) => process.kill(pid, 'SIGINT'),
    });
    assert.equal(r.status, 130, r.stderr);
    const scan = report(r.stdout);
    assert.equal(scan.status, 'cancelled');
    // No interpreter of this scan is left running.
    assert.equal(await eventually(() => !runningExample(), 3000), true);
  });
});

/** Whether a process still runs the example (its command line names the example file). */
function runningExample(): boolean {
  return readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
    .some((p) => {
      try {
        return isAlive(Number(p)) && readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('run_script.py\0' + EXAMPLE);
      } catch {
        return false;
      }
    });
}
