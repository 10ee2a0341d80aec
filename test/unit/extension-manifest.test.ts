import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../src/extension/commandIds';
import { ACTIVATIONS_VIEW_TYPE } from '../../src/extension/panelHost';
import { runSettingsFrom, type SettingsReader } from '../../src/extension/settings';
import { DEFAULT_PROBE, DEFAULT_SEED, DEFAULT_THRESHOLDS, SCRIPT_EXTENSIONS } from '../../src/shared/protocol';

const root = path.join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const properties: Record<string, { default: unknown; scope: string; markdownDescription?: string }> = manifest.contributes.configuration.properties;

const reader = (values: Record<string, unknown>): SettingsReader => ({
  get: <T>(key: string) => values[key] as T | undefined,
});

describe('package.json manifest', () => {
  it('declares exactly the commands the extension registers, in the "Dying Neurons" category', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(COMMANDS).sort());
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Dying Neurons');
  });

  it('activates on its commands (implicitly) and the panel serializer only — no "*"', () => {
    assert.deepEqual(manifest.activationEvents, [`onWebviewPanel:${ACTIVATIONS_VIEW_TYPE}`]);
  });

  it('puts Train and Scan in the editor title and explorer for scannable files, trusted workspaces only', () => {
    const title = manifest.contributes.menus['editor/title'].find((m: { command: string }) => m.command === COMMANDS.trainAndScan);
    const explorer = manifest.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === COMMANDS.trainAndScan);
    for (const entry of [title, explorer]) {
      assert.match(entry.when, /resourceExtname =~ \/\^\\\.\(py\|js\|mjs\|cjs\|ts\|mts\)\$\/i/);
      assert.match(entry.when, /isWorkspaceTrusted/);
    }
    const hidden = manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === COMMANDS.offerRescan);
    assert.equal(hidden.when, 'false');
  });

  it('offers its file commands on exactly the script extensions the scan runs (SCRIPT_EXTENSIONS)', () => {
    const entries = Object.values(manifest.contributes.menus as Record<string, { when?: string }[]>).flat();
    const clauses = entries.flatMap((m) => [...(m.when ?? '').matchAll(/resourceExtname =~ \/\^\\\.\(([a-z|]+)\)\$\/i/g)].map((x) => x[1]));
    assert.equal(clauses.length, 5);
    for (const list of clauses)
      assert.deepEqual(
        list.split('|').map((e) => `.${e}`),
        [...SCRIPT_EXTENSIONS],
      );
  });

  it('supports Restricted Mode in a limited way, and restricts the Node and Python path settings there', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    assert.match(trust.description, /runs the workspace's training script/);
    assert.deepEqual(trust.restrictedConfigurations, ['dyingNeurons.nodePath', 'dyingNeurons.pythonPath']);
  });

  it('documents every setting in markdown, scoped per resource, with the engine defaults', () => {
    for (const [key, p] of Object.entries(properties)) {
      assert.ok(p.markdownDescription, `${key} has a markdownDescription`);
      assert.equal(p.scope, 'resource', key);
    }
    for (const [k, v] of Object.entries(DEFAULT_THRESHOLDS)) assert.equal(properties[`dyingNeurons.thresholds.${k}`].default, v, k);
    assert.equal(properties['dyingNeurons.probeSize'].default, DEFAULT_PROBE);
    assert.equal(properties['dyingNeurons.seed'].default, DEFAULT_SEED);
  });

  it('ships an icon file', () => {
    const png = readFileSync(path.join(root, manifest.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });
});

describe('settings → scan options', () => {
  it('reads the manifest defaults as the engine defaults', () => {
    const defaults = Object.fromEntries(Object.entries(properties).map(([k, p]) => [k.replace(/^dyingNeurons\./, ''), p.default]));
    assert.deepEqual(runSettingsFrom(reader(defaults), '/p/model.py'), {
      options: { file: '/p/model.py', probe: 1024, seed: 42, backend: 'auto', thresholds: DEFAULT_THRESHOLDS },
      nodePath: undefined,
    });
    assert.deepEqual(runSettingsFrom(reader({}), '/p/model.py'), runSettingsFrom(reader(defaults), '/p/model.py'));
  });

  it('passes overrides through and drops out-of-range values', () => {
    const settings = runSettingsFrom(
      reader({
        epochs: 2,
        samples: 512,
        maxFits: 3,
        probeSize: 256,
        seed: 7,
        backend: 'wasm',
        nodePath: ' /usr/bin/node ',
        'thresholds.dyingRate': 0.05,
        'thresholds.warnFraction': 3,
      }),
      '/p/model.ts',
    );
    assert.deepEqual(settings, {
      options: {
        file: '/p/model.ts',
        epochs: 2,
        samples: 512,
        maxFits: 3,
        probe: 256,
        seed: 7,
        backend: 'wasm',
        thresholds: { ...DEFAULT_THRESHOLDS, dyingRate: 0.05 },
      },
      nodePath: '/usr/bin/node',
    });
    assert.equal(runSettingsFrom(reader({ backend: 'gpu', probeSize: 0, epochs: 1.5 }), '/p/m.ts').options.backend, 'auto');
    assert.equal(runSettingsFrom(reader({ probeSize: 0 }), '/p/m.ts').options.probe, 1024);
    assert.equal(runSettingsFrom(reader({ epochs: 1.5 }), '/p/m.ts').options.epochs, undefined);
    assert.equal('maxFits' in runSettingsFrom(reader({ maxFits: 0 }), '/p/m.ts').options, false);
    assert.equal('maxFits' in runSettingsFrom(reader({ maxFits: -2 }), '/p/m.ts').options, false);
  });
});

describe('Python settings', () => {
  const reader = (values: Record<string, unknown>): SettingsReader => ({ get: <T>(key: string) => values[key] as T | undefined });
  it('passes the runner and the interpreter to the scan; auto and an empty path add nothing', () => {
    const options = runSettingsFrom(reader({ runner: 'python', pythonPath: ' /opt/venv/bin/python ' }), '/p/model.py').options;
    assert.equal(options.runner, 'python');
    assert.equal(options.python, '/opt/venv/bin/python');
    const defaults = runSettingsFrom(reader({ runner: 'auto', pythonPath: '' }), '/p/model.py').options;
    assert.equal('runner' in defaults, false);
    assert.equal('python' in defaults, false);
    assert.equal('runner' in runSettingsFrom(reader({ runner: 'jython' }), '/p/model.py').options, false);
  });
});
