// Keras in the user's own Python, in the browser: a Keras script in the workspace,
// dyingNeurons.pythonPath set to the project's .venv interpreter (TensorFlow, Keras 3), Train and
// Scan from the palette; the dead layer's warning is in the Problems panel on its line, and the
// Activations panel says the model trained in Keras in Python.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HostSuiteResults } from '../vscode/index';
import { repoRoot, startSession } from './harness';
import { pathSteps } from './userPath';
import { openFile, problemAt, recordStatusBar, runCommand, waitForStatus, webviewContent } from './workbench';
import { scanSettings } from './workspace';

const STATUS_ID = 'dying-neurons.dying-neurons.dyingNeurons.status';
const FILE = 'train.py';
const PYTHON = path.join(repoRoot, '.venv', 'bin', 'python');
/** Importing TensorFlow takes seconds; a loaded machine takes longer. */
const SCAN_TIMEOUT = 180_000;

export async function runPythonPath(): Promise<HostSuiteResults> {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm run test:python makes it`);
  const session = await startSession({
    name: 'python-path',
    workspaceFiles: { [FILE]: 'test/e2e/fixtures/own-python.py' },
    workspaceSettings: { ...scanSettings, 'dyingNeurons.pythonPath': PYTHON },
    extension: 'staged',
  });
  const { passed, step } = pathSteps(session, 'own Python');
  try {
    const { page } = session;
    await step('Train and Scan a Keras script with dyingNeurons.pythonPath set runs to the end', async () => {
      await session.open();
      await openFile(page, FILE);
      await recordStatusBar(page, STATUS_ID);
      await runCommand(page, 'Dying Neurons: Train and Scan');
      const status = await waitForStatus(page, /^(\d+ dead in \d+ layers?|no dead units)$/, `Dying Neurons: ${FILE}`, SCAN_TIMEOUT);
      assert.equal(status.texts[status.texts.length - 1], '16 dead in 1 layer');
      await session.screenshot('scanned');
    });
    await step("the dead layer's warning is in the Problems panel at its constructor call (line 11, column 5)", async () => {
      const message = await problemAt(page, 'dying-neurons', 11, 5, 'dense: ');
      assert.match(message, /^dense: 16 of 16 units dead since init/);
      await session.screenshot('problems');
    });
    await step('the Activations panel says it trained in Keras in Python, on TensorFlow', async () => {
      await page.locator(`[id="${STATUS_ID}"]`).click();
      const panel = webviewContent(page);
      await panel.locator('h2.file-title', { hasText: FILE }).first().waitFor({ state: 'visible', timeout: 30_000 });
      const ran = panel.locator('.run-with');
      await ran.waitFor({ state: 'visible', timeout: 30_000 });
      assert.match(await ran.innerText(), /^Keras in Python · tensorflow · CPU/);
      await session.screenshot('activations');
    });
    return { passed, failed: [], skipped: [], retried: [] };
  } finally {
    await session.close();
  }
}
