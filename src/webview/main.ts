// Browser entry of the Activations panel (bundled to dist/webview.js; its CSS to dist/webview.css).
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import 'uplot/dist/uPlot.min.css';
import './panel.css';
import { Panel } from './panel';

new Panel(document.getElementById('app') ?? document.body, acquireVsCodeApi()).start();
