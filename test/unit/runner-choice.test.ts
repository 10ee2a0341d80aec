import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { frameworkImports } from '../../src/engine/pythonFrameworks';
import { findInterpreter, type PythonInterpreter } from '../../src/host/pythonInterpreter';
import { chooseRunner } from '../../src/host/runnerChoice';

const PROBE = path.join(__dirname, '../../python/probe.py');

const interpreter = (packages: Partial<PythonInterpreter['packages']>): PythonInterpreter => ({
  command: 'python3',
  executable: '/usr/bin/python3',
  version: '3.11.7',
  packages: { tensorflow: null, keras: null, tf_keras: null, torch: null, jax: null, ...packages },
});
const noPython = {
  tried: [
    { command: 'python3', reason: 'not found' },
    { command: 'python', reason: 'not found' },
  ],
};

const KERAS = 'import numpy as np\nfrom tensorflow import keras\n';
const TORCH = 'import os\n\ndef main():\n    import torch.nn as nn\n';

describe('frameworkImports', () => {
  it('finds the first import of each framework module anywhere in the file, in file order', () => {
    const text =
      'import torch.nn as nn\nfrom tensorflow import keras\ntry:\n  import tf_keras\nexcept ImportError:\n  pass\nfrom . import x\nimport os, keras.layers\nfrom torch import *\n';
    assert.deepEqual(
      frameworkImports(text, 'a.py').map((i) => [i.module, i.framework, i.at.line, i.at.column, i.at.endColumn]),
      [
        ['torch', 'torch', 1, 1, 22],
        ['tensorflow', 'keras', 2, 1, 29],
        ['tf_keras', 'keras', 4, 3, 18],
        ['keras', 'keras', 8, 1, 24],
      ],
    );
  });

  it('finds none in a script without one', () => {
    assert.deepEqual(frameworkImports('import numpy\nprint(1)\n', 'a.py'), []);
  });
});

describe('chooseRunner', () => {
  const decide = (text: string, choice: 'auto' | 'python' | 'translate', found: PythonInterpreter | typeof noPython) =>
    chooseRunner({ choice, python: true, imports: frameworkImports(text, 'm.py'), interpreter: found });

  it('runs JavaScript in the TensorFlow.js worker, and refuses a Python runner for it', () => {
    assert.deepEqual(chooseRunner({ choice: 'auto', python: false, imports: [], interpreter: noPython }), { runner: 'tfjs' });
    const refused = chooseRunner({ choice: 'python', python: false, imports: [], interpreter: noPython });
    assert.equal(refused.runner, null);
    assert.equal(refused.runner === null && refused.code, 'unsupported');
  });

  it('auto: a Keras script runs in the interpreter that has TensorFlow, and says so', () => {
    const decision = decide(KERAS, 'auto', interpreter({ tensorflow: '2.21.0', keras: '3.15.0' }));
    assert.equal(decision.runner, 'python');
    assert.equal(decision.runner === 'python' && decision.why, 'Ran in python3 (Python 3.11.7, /usr/bin/python3) with TensorFlow 2.21.0.');
  });

  it('auto: a Keras script falls back to the translator when TensorFlow is missing, naming the interpreter', () => {
    assert.deepEqual(decide(KERAS, 'auto', interpreter({ torch: '2.13.0' })), {
      runner: 'translate',
      why: 'python3 (Python 3.11.7, /usr/bin/python3) cannot import tensorflow. The Keras script was translated to TensorFlow.js instead.',
    });
  });

  it('auto: a Keras script falls back to the translator when there is no Python at all', () => {
    assert.deepEqual(decide(KERAS, 'auto', noPython), {
      runner: 'translate',
      why: 'No Python interpreter could run the script (python3: not found; python: not found). The Keras script was translated to TensorFlow.js instead.',
    });
  });

  it('python: a missing framework is an error at its import', () => {
    const decision = decide(KERAS, 'python', interpreter({}));
    assert.equal(decision.runner, null);
    if (decision.runner !== null) return;
    assert.equal(decision.code, 'framework-missing');
    assert.equal(
      decision.message,
      'python3 (Python 3.11.7, /usr/bin/python3) cannot import tensorflow. Install it there (pip install tensorflow) or choose another interpreter.',
    );
    assert.deepEqual([decision.at?.line, decision.at?.column], [2, 1]);
  });

  it('a PyTorch script never goes to the translator: no torch is an error at the import', () => {
    const decision = decide(TORCH, 'auto', interpreter({ tensorflow: '2.21.0' }));
    assert.equal(decision.runner === null && decision.code, 'framework-missing');
    assert.deepEqual(decision.runner === null && [decision.at?.line, decision.at?.column], [4, 5]);
    const noInterpreter = decide(TORCH, 'auto', noPython);
    assert.equal(noInterpreter.runner === null && noInterpreter.code, 'python-not-found');
    const translated = decide(TORCH, 'translate', interpreter({ torch: '2.13.0' }));
    assert.equal(translated.runner === null && translated.code, 'unsupported');
  });

  it('a PyTorch script runs in Python when torch is there', () => {
    const decision = decide(TORCH, 'auto', interpreter({ torch: '2.13.0' }));
    assert.equal(decision.runner === 'python' && decision.why, 'Ran in python3 (Python 3.11.7, /usr/bin/python3) with PyTorch 2.13.0.');
  });

  it('translate is taken as asked for a Keras script, whatever the interpreter has', () => {
    assert.deepEqual(decide(KERAS, 'translate', interpreter({ tensorflow: '2.21.0' })), { runner: 'translate', why: null });
  });

  it('auto: a script that imports no framework runs in Python only when the interpreter has one', () => {
    assert.equal(decide('import mymodel\n', 'auto', interpreter({ keras: '3.15.0' })).runner, 'python');
    assert.equal(decide('import mymodel\n', 'auto', interpreter({})).runner, 'translate');
  });
});

describe('findInterpreter', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dn-interp-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('probes python3 on PATH: its version and a null for each package it lacks', async () => {
    const found = await findInterpreter(undefined, PROBE);
    assert.ok('executable' in found, JSON.stringify(found));
    assert.match(found.version, /^3\.\d+\.\d+$/);
    assert.deepEqual(Object.keys(found.packages), ['tensorflow', 'keras', 'tf_keras', 'torch', 'jax']);
  });

  it('says why a preferred interpreter cannot be used, and tries no other', async () => {
    assert.deepEqual(await findInterpreter(path.join(dir, 'missing-python'), PROBE), {
      tried: [{ command: path.join(dir, 'missing-python'), reason: 'not found' }],
    });
    const notPython = path.join(dir, 'not-python');
    writeFileSync(notPython, '#!/bin/sh\necho hello\n');
    chmodSync(notPython, 0o755);
    assert.deepEqual(await findInterpreter(notPython, PROBE), {
      tried: [{ command: notPython, reason: 'it did not answer the probe (is it a Python interpreter?)' }],
    });
    const oldPython = path.join(dir, 'old-python');
    writeFileSync(oldPython, '#!/bin/sh\necho \'{"executable": "/opt/py38/bin/python", "version": "3.8.10", "packages": {}}\'\n');
    chmodSync(oldPython, 0o755);
    assert.deepEqual(await findInterpreter(oldPython, PROBE), {
      tried: [{ command: oldPython, reason: 'it is Python 3.8.10; scans need Python 3.9 or later' }],
    });
  });
});

describe('chooseRunner with a named interpreter', () => {
  it('does not fall back to the translator when the interpreter the user named cannot run the script', () => {
    const imports = frameworkImports(KERAS, 'm.py');
    const missing = chooseRunner({ choice: 'auto', python: true, imports, interpreter: { tried: [{ command: '/opt/py', reason: 'not found' }] }, named: true });
    assert.equal(missing.runner === null && missing.code, 'python-not-found');
    const lacking = chooseRunner({ choice: 'auto', python: true, imports, interpreter: interpreter({}), named: true });
    assert.equal(lacking.runner === null && lacking.code, 'framework-missing');
  });
});
