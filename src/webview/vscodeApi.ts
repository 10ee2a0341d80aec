// The API VS Code injects into a webview, typed with the shared protocol.
import type { FromWebviewMessage } from '../shared/protocol';

export interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare global {
  function acquireVsCodeApi(): VsCodeApi;
}
