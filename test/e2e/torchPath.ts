// PyTorch in the user's own Python, in the browser: a PyTorch training loop in the workspace,
// dyingNeurons.pythonPath set to the project's .venv interpreter (torch), Train and Scan from the
// palette; the dead nn.Linear's warning is in the Problems panel on its construction line with the
// F.relu call in forward as related information; the zero-bias quick fix through Ctrl+., saved and
// re-scanned, leaves no dead units.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { HostSuiteResults } from '../vscode/index';
import { closingAfter, repoRoot, startSession } from './harness';
import { fixAndSave, pathSteps, type Example } from './userPath';
import { openFile, openProblems, problemAt, recordStatusBar, runCommand, waitForStatus } from './workbench';
import { scanSettings } from './workspace';

const STATUS_ID = 'dying-neurons.dying-neurons.dyingNeurons.status';
const FINISHED = /^(\d+ dead in \d+ layers?|no dead units)$/;
const RUNNING = /^(?!(\d+ dead in \d+ layers?|no dead units)$)/;
const FILE = 'train.py';
const PYTHON = path.join(repoRoot, '.venv', 'bin', 'python');
/** Importing torch takes seconds; a loaded machine takes longer. */
const SCAN_TIMEOUT = 180_000;
/** `self.fc1 = nn.Linear(20, 16)`: the call starts at line 17, column 20; F.relu is called at 22:25. */
const FC1: Example = { file: FILE, line: 17, column: 20, layer: 'fc1', units: 16 };
const RELU = { line: 22, column: 25 };

export async function runTorchPath(): Promise<HostSuiteResults> {
  assert.ok(existsSync(PYTHON), `${PYTHON} is missing: npm run test:python makes it`);
  const session = await startSession({
    name: 'torch-path',
    workspaceFiles: { [FILE]: 'test/e2e/fixtures/own-torch.py' },
    workspaceSettings: { ...scanSettings, 'dyingNeurons.pythonPath': PYTHON },
    extension: 'staged',
  });
  const { passed, step } = pathSteps(session, 'PyTorch in own Python');
  return closingAfter(session, async () => {
    const { page } = session;
    await step('Train and Scan a PyTorch script with dyingNeurons.pythonPath set runs to the end', async () => {
      await session.open();
      await openFile(page, FILE);
      await recordStatusBar(page, STATUS_ID);
      await runCommand(page, 'Dying Neurons: Train and Scan');
      const status = await waitForStatus(page, FINISHED, `Dying Neurons: ${FILE}`, SCAN_TIMEOUT);
      assert.equal(status.texts[status.texts.length - 1], '16 dead in 1 layer');
      await session.screenshot('scanned');
    });
    await step("the dead nn.Linear's warning is on its line (17, column 20), the F.relu call (22, 25) its related information", async () => {
      const message = await problemAt(page, 'dying-neurons', FC1.line, FC1.column, 'fc1: ');
      assert.match(message, /^fc1: 16 of 16 units dead since init/);
      const panel = await openProblems(page);
      const related = panel.locator(`.monaco-list-row[aria-label="relu applied here at line ${RELU.line} and character ${RELU.column} in ${FILE}"]`);
      await related.first().waitFor({ state: 'visible', timeout: 30_000 });
      await session.screenshot('problems');
    });
    await step('the zero-bias quick fix through Ctrl+., saved, re-scanned: no dead units', async () => {
      await fixAndSave(
        session,
        FC1,
        'Initialise the bias to zeros (nn.init.zeros_)',
        (saved) => saved.includes('        nn.init.zeros_(self.fc1.bias)\n') && !saved.includes('constant_'),
      );
      await recordStatusBar(page, STATUS_ID);
      await runCommand(page, 'Dying Neurons: Re-scan');
      // Until the re-scan starts, the status bar still shows the last result: wait for its live readout first.
      await waitForStatus(page, RUNNING, `Dying Neurons: ${FILE}`, SCAN_TIMEOUT);
      const status = await waitForStatus(page, FINISHED, `Dying Neurons: ${FILE}`, SCAN_TIMEOUT);
      assert.equal(status.texts[status.texts.length - 1], 'no dead units');
      await session.screenshot('rescanned');
    });
    return { passed, failed: [], skipped: [], retried: [] };
  });
}
