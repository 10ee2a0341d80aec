// Scripts written for tfjs-node or for a browser <script> tag, run in the real worker: a
// tfjs-node that cannot be loaded is replaced by the bundled @tensorflow/tfjs (setBackend
// ('tensorflow') accepted), a browser script gets its global `tf`, and each says so at its line.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { diagnosticsOf, scan } from './worker-helpers';

const dir = mkdtempSync(path.join(tmpdir(), 'dn-standins-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MODEL = `const model = tf.sequential();
model.add(tf.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }));
model.add(tf.layers.dense({ units: 1 }));
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
model.fit(tf.ones([8, 3]), tf.ones([8, 1]), { epochs: 1 });
`;

describe('worker: stand-ins for tfjs-node and the browser global tf', () => {
  it('runs a tfjs-node script whose binding cannot load on the bundled tfjs, with setBackend("tensorflow") accepted', async () => {
    // The script's own tfjs-node: installed, but its native binding does not load.
    const stub = path.join(dir, 'node', 'node_modules', '@tensorflow', 'tfjs-node');
    mkdirSync(stub, { recursive: true });
    writeFileSync(path.join(stub, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', main: 'index.js' }));
    writeFileSync(path.join(stub, 'index.js'), "throw new Error('The native binding tfjs_binding.node was not built.');\n");
    const file = path.join(dir, 'node', 'train.js');
    writeFileSync(file, `const tf = require('@tensorflow/tfjs-node');\ntf.setBackend('tensorflow');\n${MODEL}`);

    const { report } = await scan(file);
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.line]),
      [['dense_Dense1', 4]],
    );
    const backend = report.backend;
    assert.ok(backend === 'wasm' || backend === 'cpu');
    assert.deepEqual(
      diagnosticsOf(report).filter((d) => d.code === 'runner-chosen'),
      [
        {
          severity: 'information',
          code: 'runner-chosen',
          message:
            '@tensorflow/tfjs-node cannot be loaded here (The native binding tfjs_binding.node was not built): the scan runs the script on the bundled ' +
            `@tensorflow/tfjs, which has the same Layers API, on the ${backend} backend. tf.setBackend('tensorflow') keeps ${backend}.`,
          line: 1,
          column: 20,
          endLine: 1,
          endColumn: 43,
        },
      ],
    );
  });

  it('defines the global tf of a browser script and says so at the top of the file', async () => {
    const file = path.join(dir, 'browser.js');
    writeFileSync(file, `// A page's script: tf comes from a <script> tag.\n${MODEL}`);
    const { report } = await scan(file);
    assert.equal(report.status, 'completed');
    assert.deepEqual(
      report.layers.map((l) => [l.name, l.line]),
      [['dense_Dense1', 3]],
    );
    assert.deepEqual(
      diagnosticsOf(report).filter((d) => d.code === 'runner-chosen'),
      [
        {
          severity: 'information',
          code: 'runner-chosen',
          message: 'The script uses the global `tf` that a <script> tag defines in a browser: the scan defines it as the bundled @tensorflow/tfjs.',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
        },
      ],
    );
  });
});
