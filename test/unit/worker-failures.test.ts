// Each way a scan can fail gets its true code and a message the user understands: out of memory
// (however tfjs or its WebAssembly runtime says it), a name tfjs refuses, the script's own exit.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { tfjsFailure } from '../../src/worker/tfjsFailure';
import { diagnosticsOf, FIXTURES, scan } from './worker-helpers';

const at = { file: '/work/model.py', line: 3, column: 1, endLine: 3, endColumn: 9 };
const read = (message: string, fallback: 'shape-mismatch' | 'script-error' = 'shape-mismatch') => {
  const error = tfjsFailure(message, fallback, at);
  return [error.code, error.message];
};

describe('worker: failure codes', () => {
  it('reads tfjs and wasm failures as out of memory, each said plainly', () => {
    assert.deepEqual(read('Aborted(). Build with -sASSERTIONS for more info.', 'script-error'), [
      'out-of-memory',
      'The WebAssembly backend ran out of memory (it can use at most 4 GB). Try fewer training samples, a smaller probe set or a smaller model.',
    ]);
    assert.deepEqual(read('Invalid typed array length: 4294967296'), [
      'out-of-memory',
      'This needs an array of 4,294,967,296 values (16.0 GB as float32), more than TensorFlow.js can allocate. Use fewer units or smaller inputs.',
    ]);
    assert.deepEqual(read('Array buffer allocation failed', 'script-error'), [
      'out-of-memory',
      'Out of memory (Array buffer allocation failed). Try fewer training samples, a smaller probe set or a smaller model.',
    ]);
  });

  it('keeps the caller’s code for anything else', () => {
    assert.deepEqual(read('Input 0 is incompatible with layer dense_1: expected axis -1 to have shape 4'), [
      'shape-mismatch',
      'Input 0 is incompatible with layer dense_1: expected axis -1 to have shape 4',
    ]);
  });

  it('says a script that exits before fit had nothing to scan, at its process.exit call', async () => {
    const { report } = await scan(path.join(FIXTURES, 'process-exit.js'));
    assert.equal(report.status, 'failed');
    assert.deepEqual(diagnosticsOf(report), [
      {
        severity: 'error',
        code: 'no-fit',
        message: 'The script called process.exit(0) before calling model.fit() or model.fitDataset(): there was nothing to scan.',
        line: 6,
        column: 30,
        endLine: 6,
        endColumn: 45,
      },
    ]);
  });
});
