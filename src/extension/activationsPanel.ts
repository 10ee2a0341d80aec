// The "Dying Neurons: Activations" webview panel, after vscode-extension-samples' webview-sample:
// one panel at a time, restored after a reload by a serializer, no retainContextWhenHidden (the
// webview keeps its own state with getState/setState and asks for a replay when it loads).
import * as vscode from 'vscode';
import { parseFromWebviewMessage, type ToWebviewMessage } from '../shared/protocol';
import { activationsHtml, makeNonce } from './activationsHtml';
import { ACTIVATIONS_VIEW_TYPE, type PanelHost } from './panelHost';

const TITLE = 'Dying Neurons: Activations';

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class ActivationsPanel {
  static currentPanel: ActivationsPanel | undefined;
  private static host: PanelHost | undefined;

  private readonly _disposables: vscode.Disposable[] = [];
  /** The webview has loaded and said 'ready'; until then posts would be lost or duplicated by the replay. */
  private _ready = false;

  static register(context: vscode.ExtensionContext, host: PanelHost): vscode.Disposable[] {
    ActivationsPanel.host = host;
    return [
      vscode.window.registerWebviewPanelSerializer(ACTIVATIONS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
          ActivationsPanel.revive(panel, context.extensionUri);
        },
      }),
      new vscode.Disposable(() => {
        ActivationsPanel.currentPanel?.dispose();
        ActivationsPanel.host = undefined;
      }),
    ];
  }

  static createOrShow(extensionUri: vscode.Uri): void {
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    if (ActivationsPanel.currentPanel) {
      ActivationsPanel.currentPanel._panel.reveal(column, true);
      return;
    }
    const panel = vscode.window.createWebviewPanel(ACTIVATIONS_VIEW_TYPE, TITLE, { viewColumn: column, preserveFocus: true }, webviewOptions(extensionUri));
    ActivationsPanel.currentPanel = new ActivationsPanel(panel, extensionUri);
  }

  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri): void {
    panel.webview.options = webviewOptions(extensionUri);
    ActivationsPanel.currentPanel?.dispose();
    ActivationsPanel.currentPanel = new ActivationsPanel(panel, extensionUri);
  }

  /** Forwards a message to the open panel; a no-op when none is open or it is still loading. */
  static post(message: ToWebviewMessage): void {
    ActivationsPanel.currentPanel?._post(message);
  }

  private constructor(
    private readonly _panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
  ) {
    const webview = _panel.webview;
    const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
    webview.html = activationsHtml({
      cspSource: webview.cspSource,
      scriptUri: asset('webview.js'),
      styleUri: asset('webview.css'),
      nonce: makeNonce(),
    });
    _panel.onDidDispose(() => this.dispose(), null, this._disposables);
    // A hidden webview is unloaded (no retainContextWhenHidden); it says 'ready' again when shown.
    _panel.onDidChangeViewState(
      () => {
        if (!_panel.visible) this._ready = false;
      },
      null,
      this._disposables,
    );
    webview.onDidReceiveMessage((raw: unknown) => this._receive(raw), null, this._disposables);
  }

  dispose(): void {
    if (ActivationsPanel.currentPanel === this) ActivationsPanel.currentPanel = undefined;
    this._panel.dispose();
    while (this._disposables.length) this._disposables.pop()?.dispose();
  }

  private _post(message: ToWebviewMessage): void {
    if (this._ready) void this._panel.webview.postMessage(message);
  }

  private _receive(raw: unknown): void {
    const message = parseFromWebviewMessage(raw);
    const host = ActivationsPanel.host;
    if (message === undefined || host === undefined) return;
    if (message.type === 'ready') {
      this._ready = true;
      for (const m of host.replay()) void this._panel.webview.postMessage(m);
      return;
    }
    void (async () => {
      try {
        await host.handle(message);
      } catch (err) {
        void vscode.window.showErrorMessage(`Dying Neurons: ${err instanceof Error ? err.message : String(err)}`);
      }
    })();
  }
}
