// The extension side of the Activations panel, against a fake `vscode`: HTML and CSP, one
// panel at a time, the ready → replay hand-shake, validation of what the webview posts.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
// First: from here on `vscode` is the fake.
import { FakeWebviewPanel, recorded, Uri } from '../webview/fakeVscodeWebview';
import { activationsHtml, contentSecurityPolicy } from '../../src/extension/activationsHtml';
import { ActivationsPanel as Panel } from '../../src/extension/activationsPanel';
import type { PanelHost } from '../../src/extension/panelHost';
import type { FromWebviewMessage, ToWebviewMessage } from '../../src/shared/protocol';
import { SMALL_RUN } from '../webview/smallRun';

const extensionUri = Uri.file('/ext') as unknown as import('vscode').Uri;

class Host implements PanelHost {
  handled: FromWebviewMessage[] = [];
  replayed = SMALL_RUN.slice(0, 2);
  fail = false;
  replay(): ToWebviewMessage[] {
    return this.replayed;
  }
  async handle(message: FromWebviewMessage): Promise<void> {
    if (this.fail) throw new Error('the file is gone');
    this.handled.push(message);
  }
}

const context = { extensionUri } as unknown as import('vscode').ExtensionContext;
const tick = () => new Promise((r) => setImmediate(r));

describe('panel HTML', () => {
  it('has a strict policy: own files only, scripts by nonce, nothing inline', () => {
    assert.equal(
      contentSecurityPolicy('https://x.vscode-cdn.net', 'abc'),
      "default-src 'none'; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net; script-src 'nonce-abc'",
    );
    const html = activationsHtml({ cspSource: 'https://x', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/dist/webview.css', nonce: 'n0' });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src https:\/\/x; img-src https:\/\/x; font-src https:\/\/x; script-src 'nonce-n0'">/);
    assert.match(html, /<script nonce="n0" src="https:\/\/x\/dist\/webview.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/dist\/webview.css">/);
    assert.doesNotMatch(html, /style=|<style|onclick|unsafe-inline/);
  });

  it('escapes what it puts in attributes', () => {
    const html = activationsHtml({ cspSource: 'a', scriptUri: 'x"><script>alert(1)</script>', styleUri: 's', nonce: 'n' });
    assert.match(html, /src="x&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
  });
});

describe('ActivationsPanel', () => {
  let host: Host;
  let disposables: { dispose(): void }[];

  beforeEach(() => {
    Panel.currentPanel?.dispose();
    recorded.panels.length = 0;
    recorded.errors.length = 0;
    host = new Host();
    disposables = Panel.register(context, host);
  });

  const open = (): FakeWebviewPanel => {
    Panel.createOrShow(extensionUri);
    const panel = recorded.panels[recorded.panels.length - 1];
    assert.ok(panel);
    return panel;
  };

  it('registers a serializer for its view type and opens one panel with scripts limited to dist and media', () => {
    assert.ok(recorded.serializers.has('dyingNeurons.activations'));
    const panel = open();
    assert.equal(panel.viewType, 'dyingNeurons.activations');
    assert.equal(panel.title, 'Dying Neurons: Activations');
    assert.deepEqual(panel.webview.options, {
      enableScripts: true,
      localResourceRoots: [Uri.joinPath(Uri.file('/ext'), 'dist'), Uri.joinPath(Uri.file('/ext'), 'media')],
    });
    assert.equal((panel.webview.options as Record<string, unknown>).retainContextWhenHidden, undefined);
    assert.match(panel.webview.html, /script-src 'nonce-[A-Za-z0-9+/=]{24}'/);
    assert.match(panel.webview.html, /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
    assert.match(panel.webview.html, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net;/);
    open();
    assert.equal(recorded.panels.length, 1, 'a second createOrShow reveals the same panel');
    assert.equal(panel.revealed.length, 1);
  });

  it('posts nothing before the webview is ready, then the host replay, then live messages', () => {
    const panel = open();
    Panel.post(SMALL_RUN[2]);
    assert.deepEqual(panel.webview.posted, []);
    panel.webview.received.fire({ type: 'ready' });
    assert.deepEqual(panel.webview.posted, SMALL_RUN.slice(0, 2));
    Panel.post(SMALL_RUN[2]);
    assert.deepEqual(panel.webview.posted, SMALL_RUN.slice(0, 3));
  });

  it('waits for a new ready after the panel was hidden (its webview unloads)', () => {
    const panel = open();
    panel.webview.received.fire({ type: 'ready' });
    panel.setVisible(false);
    Panel.post(SMALL_RUN[2]);
    assert.equal(panel.webview.posted.length, 2);
    panel.setVisible(true);
    panel.webview.received.fire({ type: 'ready' });
    assert.equal(panel.webview.posted.length, 4);
  });

  it('hands valid messages to the host and drops the rest', async () => {
    const panel = open();
    const fix: FromWebviewMessage = { type: 'applyFix', file: '/proj/model.js', layer: 'dense', fix: 'he-init' };
    panel.webview.received.fire(fix);
    panel.webview.received.fire({ type: 'applyFix', file: '/proj/model.js', layer: 'dense', fix: 'rm -rf' });
    panel.webview.received.fire({ type: 'reveal', file: '/proj/model.js', line: 0, column: 1 });
    panel.webview.received.fire('ready');
    panel.webview.received.fire({ type: 'rescan', file: '/proj/model.js' });
    await tick();
    assert.deepEqual(host.handled, [fix, { type: 'rescan', file: '/proj/model.js' }]);
  });

  it('shows an error when the host fails to act', async () => {
    const panel = open();
    host.fail = true;
    panel.webview.received.fire({ type: 'tryFixes', file: '/proj/model.js', layer: 'dense' });
    await tick();
    assert.deepEqual(recorded.errors, ['Dying Neurons: the file is gone']);
  });

  it('revives a restored panel and disposes cleanly', async () => {
    const restored = recorded.panels.length;
    const panel = new FakeWebviewPanel('dyingNeurons.activations', 'x', 1, {});
    await recorded.serializers.get('dyingNeurons.activations')?.deserializeWebviewPanel(panel, { v: 1 });
    assert.equal(recorded.panels.length, restored, 'no new panel is created');
    assert.match(panel.webview.html, /Content-Security-Policy/);
    assert.equal((panel.webview.options as { enableScripts: boolean }).enableScripts, true);
    panel.webview.received.fire({ type: 'ready' });
    assert.equal(panel.webview.posted.length, 2);
    panel.dispose();
    assert.equal(Panel.currentPanel, undefined);
    assert.equal(panel.listeners(), 0);
    Panel.post(SMALL_RUN[2]);
    assert.equal(panel.webview.posted.length, 2);
  });

  it('closes the panel when the extension disposes what register returned', () => {
    const panel = open();
    for (const d of disposables) d.dispose();
    assert.equal(panel.disposed, true);
    assert.equal(Panel.currentPanel, undefined);
    assert.equal(recorded.serializers.has('dyingNeurons.activations'), false);
  });
});
