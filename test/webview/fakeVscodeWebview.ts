// The slice of the `vscode` API the Activations panel uses (webview panels and their
// serializer), recording what the panel does. Importing this module makes `require('vscode')`
// load it: import it before the panel.
import Module from 'node:module';
import { posix } from 'node:path';

type Listener<T> = (e: T) => unknown;

export class Disposable {
  constructor(private readonly fn: () => void) {}
  dispose(): void {
    this.fn();
  }
}

function emitter<T>() {
  const listeners = new Set<Listener<T>>();
  const event = (listener: Listener<T>, thisArg?: unknown, disposables?: Disposable[]): Disposable => {
    const bound = (e: T) => listener.call(thisArg, e);
    listeners.add(bound);
    const d = new Disposable(() => listeners.delete(bound));
    disposables?.push(d);
    return d;
  };
  return { event, fire: (e: T) => [...listeners].forEach((l) => l(e)), count: () => listeners.size };
}

export class Uri {
  constructor(readonly scheme: string, readonly authority: string, readonly path: string) {}
  static file(path: string): Uri {
    return new Uri('file', '', path);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, posix.join(base.path, ...segments));
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}`;
  }
}

export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}

export class FakeWebview {
  html = '';
  options: unknown;
  readonly cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
  readonly posted: unknown[] = [];
  readonly received = emitter<unknown>();
  readonly onDidReceiveMessage = this.received.event;
  constructor(options: unknown) {
    this.options = options;
  }
  asWebviewUri(uri: Uri): Uri {
    return new Uri('https', 'file+.vscode-resource.vscode-cdn.net', uri.path);
  }
  async postMessage(message: unknown): Promise<boolean> {
    this.posted.push(message);
    return true;
  }
}

export class FakeWebviewPanel {
  visible = true;
  disposed = false;
  readonly revealed: unknown[] = [];
  readonly webview: FakeWebview;
  private readonly disposeEmitter = emitter<void>();
  private readonly viewState = emitter<unknown>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewState.event;
  constructor(readonly viewType: string, readonly title: string, readonly showOptions: unknown, options: unknown) {
    this.webview = new FakeWebview(options);
  }
  reveal(column?: unknown): void {
    this.revealed.push(column);
  }
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.viewState.fire({ webviewPanel: this });
  }
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.disposeEmitter.fire();
  }
  /** Listeners still attached (a disposed panel's should be none). */
  listeners(): number {
    return this.webview.received.count() + this.viewState.count() + this.disposeEmitter.count();
  }
}

interface Serializer {
  deserializeWebviewPanel(panel: FakeWebviewPanel, state: unknown): Promise<void>;
}

export const recorded = {
  panels: [] as FakeWebviewPanel[],
  serializers: new Map<string, Serializer>(),
  errors: [] as string[],
};

export const window = {
  activeTextEditor: undefined as unknown,
  createWebviewPanel(viewType: string, title: string, showOptions: unknown, options: unknown): FakeWebviewPanel {
    const panel = new FakeWebviewPanel(viewType, title, showOptions, options);
    recorded.panels.push(panel);
    return panel;
  },
  registerWebviewPanelSerializer(viewType: string, serializer: Serializer): Disposable {
    recorded.serializers.set(viewType, serializer);
    return new Disposable(() => recorded.serializers.delete(viewType));
  },
  async showErrorMessage(message: string): Promise<undefined> {
    recorded.errors.push(message);
    return undefined;
  },
};

type Resolve = (request: string, parent: unknown, isMain: boolean, options: unknown) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };
const resolve = moduleWithResolver._resolveFilename;
moduleWithResolver._resolveFilename = function (request, parent, isMain, options) {
  return request === 'vscode' ? __filename : resolve.call(this, request, parent, isMain, options);
};
