// The interpreter of a scan in VS Code: dyingNeurons.pythonPath, else the Python extension's active
// environment for the file (its published API), else python3/python on PATH; without the Python
// extension the scan quietly goes on to PATH.

import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { activeInterpreter, PYTHON_EXTENSION_ID } from '../../src/extension/pythonEnvironment';
import { readRunSettings, runnerConfig } from '../../src/extension/settings';
import { findInterpreter } from '../../src/host/pythonInterpreter';
import { selectRunner } from '../../src/host/runners';
import { fake, FakeExtension, resetFake, Uri } from './fakes/vscode';

const ROOT = path.join(__dirname, '..', '..');
const PROBE = path.join(ROOT, 'python', 'probe.py');
const VENV_PYTHON = path.join(ROOT, '.venv', 'bin', 'python');
const WORKER = path.join(ROOT, 'dist', 'worker.js');
const FILE = '/w/train.py';

/** The Python extension with one environment for every file; records what it was asked. */
function installPythonExtension(executable: string | undefined, asked: string[] = []): FakeExtension {
  const extension = new FakeExtension(PYTHON_EXTENSION_ID, () => ({
    environments: {
      getActiveEnvironmentPath(resource: Uri) {
        asked.push(resource.fsPath);
        return { id: 'venv', path: '/w/.venv' };
      },
      async resolveEnvironment(env: { path: string }) {
        asked.push(`resolve ${env.path}`);
        return executable === undefined ? undefined : { executable: { uri: Uri.file(executable) } };
      },
    },
  }));
  fake.extensions.set(PYTHON_EXTENSION_ID, extension);
  return extension;
}

beforeEach(() => resetFake());

describe("the Python extension's active environment", () => {
  it('is the executable of the environment the Python extension resolves for the file, activating it first', async () => {
    const asked: string[] = [];
    const extension = installPythonExtension('/w/.venv/bin/python', asked);
    assert.equal(await activeInterpreter(vscode.Uri.file(FILE)), '/w/.venv/bin/python');
    assert.deepEqual(asked, [FILE, 'resolve /w/.venv']);
    assert.equal(extension.activations, 1);
  });

  it("is the environment's path when the Python extension cannot resolve it", async () => {
    installPythonExtension(undefined);
    assert.equal(await activeInterpreter(vscode.Uri.file(FILE)), '/w/.venv');
  });

  it('is undefined, quietly, without the Python extension or when it fails to activate', async () => {
    assert.equal(await activeInterpreter(vscode.Uri.file(FILE)), undefined);
    fake.extensions.set(
      PYTHON_EXTENSION_ID,
      new FakeExtension(PYTHON_EXTENSION_ID, () => {
        throw new Error('activation failed');
      }),
    );
    assert.equal(await activeInterpreter(vscode.Uri.file(FILE)), undefined);
    assert.deepEqual(fake.messages, []);
  });

  it("reaches the scan's runner config from the settings of the file", async () => {
    installPythonExtension('/w/.venv/bin/python');
    const config = runnerConfig(readRunSettings(vscode.Uri.file(FILE)), WORKER);
    assert.equal(await config.suggestInterpreter?.(), '/w/.venv/bin/python');
  });
});

describe('the order of interpreters', () => {
  it('tries the suggested one before python3', async () => {
    const found = await findInterpreter(undefined, PROBE, VENV_PYTHON);
    assert.ok('executable' in found, JSON.stringify(found));
    assert.equal(found.command, VENV_PYTHON);
    assert.notEqual(found.packages.tensorflow, null);
  });

  it('goes on to python3 when the suggested one does not run', async () => {
    const found = await findInterpreter(undefined, PROBE, '/nonexistent/bin/python');
    assert.ok('executable' in found, JSON.stringify(found));
    assert.equal(found.command, 'python3');
  });

  it('never replaces a named interpreter with the suggested one', async () => {
    const found = await findInterpreter('/nonexistent/bin/python', PROBE, VENV_PYTHON);
    assert.deepEqual(found, { tried: [{ command: '/nonexistent/bin/python', reason: 'not found' }] });
  });

  it('asks the Python extension only when dyingNeurons.pythonPath names none', async () => {
    for (const [pythonPath, calls] of [
      [undefined, 1],
      ['/opt/python', 0],
    ] as const) {
      resetFake();
      if (pythonPath) fake.configuration['dyingNeurons.pythonPath'] = pythonPath;
      let asked = 0;
      const settings = readRunSettings(vscode.Uri.file(path.join(ROOT, 'missing.py')));
      const config = runnerConfig({ ...settings, suggestInterpreter: async () => (asked++, undefined) }, WORKER);
      const handle = selectRunner(settings.options, config).start(settings.options, { message: () => undefined });
      handle.cancel();
      assert.equal((await handle.done).status, 'cancelled');
      assert.equal(asked, calls, `pythonPath ${pythonPath}`);
    }
  });
});
