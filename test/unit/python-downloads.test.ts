// A PyTorch script run in the user's Python (--runner python) whose download fails for want of a
// network: through the built CLI, exit status 2 with one script error at the script's call that
// names the URL, no traceback, the script's process gone. The host is under .invalid (RFC 6761):
// its lookup fails at once, network or not.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isReport } from '../../src/shared/protocol';
import { runCaptured } from './fakes/captured';
import { eventually, isAlive } from './fakes/poll';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const dir = mkdtempSync(path.join(tmpdir(), 'dn-python-downloads-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = `import os
import urllib.request

import torch

print("script pid", os.getpid(), flush=True)
urllib.request.urlretrieve("https://example.invalid/mnist.npz", "mnist.npz")
`;

describe('python runner: a download with no network', { timeout: 120_000 }, () => {
  it('is a script error at the call with its URL, exit status 2', async () => {
    assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm test's pretest makes it (bash scripts/python-venv.sh)`);
    const file = path.join(dir, 'download.py');
    writeFileSync(file, SCRIPT);
    const { status, stdout, stderr } = await runCaptured(process.execPath, [CLI, 'scan', file, '--runner', 'python', '--python', PYTHON, '--json'], {
      cwd: dir,
    });
    assert.equal(status, 2, stderr);
    const report: unknown = JSON.parse(stdout);
    assert.ok(isReport(report));
    assert.equal(report.status, 'failed');
    assert.deepEqual(
      report.diagnostics.map(({ code, message, line, column, endLine, endColumn }) => ({ code, message, line, column, endLine, endColumn })),
      [
        {
          code: 'script-error',
          message:
            'The download of https://example.invalid/mnist.npz failed: the host was not found — no network, or a wrong address ([Errno -2] Name or service not known). The scan runs the script as written, downloads included: save the file once where there is a network and load it from disk.',
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 77,
        },
      ],
    );
    assert.doesNotMatch(stderr, /Traceback|^\s+File "/m);
    const pid = Number(/script pid (\d+)/.exec(stderr)?.[1]);
    assert.ok(pid > 0, stderr);
    assert.ok(await eventually(() => !isAlive(pid), 10_000), `the script's process ${pid} is still running`);
  });
});
