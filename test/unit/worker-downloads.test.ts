// A download a TensorFlow.js script starts with no network (fetch, tf.loadLayersModel of a URL,
// https.get, a tf.data.csv URL) is reported at the script's call with its URL, not at 1:1: a failed report (exit
// status 2), no stack trace, the worker gone. The URLs name a host under .invalid, which never
// resolves (RFC 6761): each lookup fails at once, network or not.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { exitCode } from '../../src/engine/report';
import { eventually, isAlive } from './fakes/poll';
import { diagnosticsOf, FIXTURES, scan } from './worker-helpers';

const NO_STACK = /^\s+at .*:\d+:\d+\)?$/m;
const HINT = 'The scan runs the script as written, downloads included: save the file once where there is a network and load it from disk.';
const failed = (url: string) =>
  `The download of ${url} failed: the host was not found — no network, or a wrong address (getaddrinfo ENOTFOUND example.invalid). ${HINT}`;

async function scanFailing(name: string) {
  const { report, output } = await scan(path.join(FIXTURES, name), { options: { epochs: undefined } });
  const pid = Number(/worker pid (\d+)/.exec(output)?.[1]);
  assert.ok(pid > 0, output);
  assert.equal(report.status, 'failed');
  assert.equal(exitCode(report), 2);
  assert.doesNotMatch(output, NO_STACK);
  assert.ok(await eventually(() => !isAlive(pid), 10_000), `the worker ${pid} is still running`);
  return diagnosticsOf(report);
}

describe('worker: downloads with no network', { timeout: 120_000 }, () => {
  it('reports a failed fetch() at the call, with its URL', async () => {
    assert.deepEqual(await scanFailing('download-fetch.js'), [
      { severity: 'error', code: 'script-error', message: failed('https://example.invalid/data.json'), line: 6, column: 26, endLine: 6, endColumn: 68 },
    ]);
  });

  it('reports tf.loadLayersModel of a URL at the top level of a module at its call, not at 1:1', async () => {
    assert.deepEqual(await scanFailing('download-model.mjs'), [
      {
        severity: 'error',
        code: 'script-error',
        message: failed('https://example.invalid/model/model.json'),
        line: 5,
        column: 21,
        endLine: 5,
        endColumn: 83,
      },
    ]);
  });

  it('reports an https.get in a helper at that call, through the promise its error event rejects', async () => {
    assert.deepEqual(await scanFailing('download-https.js'), [
      { severity: 'error', code: 'script-error', message: failed('https://example.invalid/data.csv'), line: 7, column: 5, endLine: 7, endColumn: 63 },
    ]);
  });

  it('reports a request with options whose error nobody listens to, failing during training', async () => {
    assert.deepEqual(await scanFailing('download-during-fit.mjs'), [
      { severity: 'error', code: 'script-error', message: failed('https://example.invalid/log?start=1'), line: 7, column: 1, endLine: 7, endColumn: 92 },
    ]);
  });

  it('reports a dataset read from a URL, which tfjs downloads once fitDataset iterates it, at the fitDataset call', async () => {
    assert.deepEqual(await scanFailing('download-dataset.mjs'), [
      { severity: 'error', code: 'script-error', message: failed('https://example.invalid/rows.csv'), line: 9, column: 7, endLine: 9, endColumn: 125 },
    ]);
  });

  it('leaves a failure the script catches to the script: it trains on its fallback data', async () => {
    const { report } = await scan(path.join(FIXTURES, 'download-caught.js'));
    assert.equal(report.status, 'completed');
    assert.equal(report.epochsRun, 1);
    assert.deepEqual(
      report.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });
});
