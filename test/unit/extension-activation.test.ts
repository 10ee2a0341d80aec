import './fakes/useFakeVscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import * as vscode from 'vscode';
import { COMMANDS } from '../../src/extension/commandIds';
import * as source from '../../src/extension/main';
import { fake, resetFake } from './fakes/vscode';

const root = path.join(__dirname, '..', '..');
const bundle = path.join(root, 'dist', 'extension.js');

interface ExtensionModule {
  activate(context: vscode.ExtensionContext): void;
  deactivate(): Promise<void> | undefined;
}

const newContext = () =>
  ({ subscriptions: [] as vscode.Disposable[], extensionUri: vscode.Uri.file(root), extensionPath: root }) as unknown as vscode.ExtensionContext;

async function checkActivation(extension: ExtensionModule): Promise<void> {
  const context = newContext();
  extension.activate(context);

  assert.deepEqual((await vscode.commands.getCommands(true)).sort(), Object.values(COMMANDS).sort());
  assert.deepEqual(
    fake.collections.map((c) => c.name),
    ['dying-neurons'],
  );
  assert.equal(fake.codeActionProviders.length, 1);
  const metadata = fake.codeActionProviders[0].metadata as { providedCodeActionKinds: vscode.CodeActionKind[] };
  assert.deepEqual(
    metadata.providedCodeActionKinds.map((k) => k.value),
    ['quickfix', 'source.fixAll.dyingNeurons'],
  );
  assert.ok(fake.serializers.has('dyingNeurons.activations'));
  assert.deepEqual(
    fake.outputChannels.map((c) => c.name),
    ['Dying Neurons'],
  );
  assert.equal(fake.statusBarItems[0].visible, false, 'no status bar before the first scan');

  await vscode.commands.executeCommand(COMMANDS.showActivations);
  assert.deepEqual(
    fake.webviewPanels.map((p) => p.title),
    ['Dying Neurons: Activations'],
  );

  await extension.deactivate();
  context.subscriptions.forEach((d) => d.dispose());
  assert.deepEqual(await vscode.commands.getCommands(true), [], 'every command is unregistered');
  assert.equal(fake.collections[0].disposed, true);
  assert.equal(fake.statusBarItems[0].disposed, true);
  assert.equal(fake.webviewPanels[0].disposed, true);
  assert.equal(fake.serializers.size, 0);
}

describe('activation', () => {
  beforeEach(resetFake);

  it('registers commands, diagnostics, code actions, status bar and panel; disposing undoes all', async () => {
    await checkActivation(source);
  });

  it('builds to dist/extension.js, which loads without tfjs or the worker and activates the same way', async () => {
    assert.ok(existsSync(bundle), 'run `npm run build` first');
    const text = readFileSync(bundle, 'utf8');
    assert.doesNotMatch(text, /require\("@tensorflow\//);
    assert.doesNotMatch(text, /require\("esbuild"\)/);
    const built = require(bundle) as ExtensionModule;
    await checkActivation(built);
  });
});
