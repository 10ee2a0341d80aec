// Loads the built panel (dist/webview.js + dist/webview.css) in Debian's headless Chromium, in
// the very page the extension serves (same HTML, same CSP), with a stub acquireVsCodeApi that
// records what the panel posts and keeps its saved state. The page's origin stands in for
// webview.cspSource; VS Code's theme variables come as a stylesheet keyed on the body class.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { activationsHtml } from '../../src/extension/activationsHtml';
import type { FromWebviewMessage, ToWebviewMessage } from '../../src/shared/protocol';
import { themeCss, type ThemeKind } from './themes';

export const CHROMIUM = '/usr/bin/chromium';
const ORIGIN = 'https://webview.test';
const ROOT = path.resolve(__dirname, '../..');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the panel's browser tests need Debian's Chromium (apt-get install -y chromium).`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface PanelPage {
  page: Page;
  /** Posts messages as the extension would, and waits until the panel has drawn them. */
  send(messages: ToWebviewMessage[]): Promise<void>;
  /** What the panel posted to the extension so far. */
  posted(): Promise<FromWebviewMessage[]>;
  /** What the panel last passed to setState. */
  savedState(): Promise<unknown>;
  /** Content-Security-Policy violations the page reported. */
  cspViolations(): Promise<string[]>;
  setTheme(kind: ThemeKind): Promise<void>;
  /** Waits for two animation frames: the panel renders in the first. */
  frames(): Promise<void>;
}

function page(theme: ThemeKind): string {
  const html = activationsHtml({
    cspSource: ORIGIN,
    scriptUri: `${ORIGIN}/dist/webview.js`,
    styleUri: `${ORIGIN}/dist/webview.css`,
    nonce: 'dGVzdC1ub25jZQ==',
  });
  return html
    .replace('</head>', `<link rel="stylesheet" href="${ORIGIN}/theme.css">\n</head>`)
    .replace('<body>', `<body class="vscode-${theme}">`);
}

// Runs in the page before its scripts: the stand-in for VS Code's webview API. Plain JS text:
// tsx would wrap a TypeScript function's inner functions in a helper the page does not have.
const STUB_VSCODE_API = `
  let state = __INITIAL_STATE__;
  const posted = [];
  const violations = [];
  window.__posted = posted;
  window.__csp = violations;
  window.__state = () => state;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => state,
    setState: (s) => { state = JSON.parse(JSON.stringify(s)); },
  });
  document.addEventListener('securitypolicyviolation', (e) =>
    violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
`;

export async function openPanel(
  browser: Browser,
  options: { theme?: ThemeKind; state?: unknown; width?: number; height?: number } = {},
): Promise<PanelPage> {
  const p = await browser.newPage({ viewport: { width: options.width ?? 1100, height: options.height ?? 900 } });
  const files: Record<string, () => { body: string | Buffer; contentType: string }> = {
    '/': () => ({ body: page(options.theme ?? 'dark'), contentType: 'text/html' }),
    '/theme.css': () => ({ body: themeCss(), contentType: 'text/css' }),
    '/dist/webview.js': () => ({ body: readFileSync(path.join(ROOT, 'dist/webview.js')), contentType: 'text/javascript' }),
    '/dist/webview.css': () => ({ body: readFileSync(path.join(ROOT, 'dist/webview.css')), contentType: 'text/css' }),
  };
  await p.route(`${ORIGIN}/**`, (route) => {
    const file = files[new URL(route.request().url()).pathname];
    return file === undefined ? route.fulfill({ status: 404, body: 'not found' }) : route.fulfill({ status: 200, ...file() });
  });
  await p.addInitScript(STUB_VSCODE_API.replace('__INITIAL_STATE__', () => JSON.stringify(options.state ?? null)));
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${ORIGIN}/`);
  await p.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  if (errors.length > 0) throw new Error(`the panel threw: ${errors.join('\n')}`);
  const frames = (): Promise<void> =>
    p.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
  return {
    page: p,
    async send(messages) {
      // Dispatched synchronously, in order, as the 'message' events VS Code delivers.
      await p.evaluate((ms) => { for (const m of ms) window.dispatchEvent(new MessageEvent('message', { data: m })); }, messages);
      await frames();
      if (errors.length > 0) throw new Error(`the panel threw: ${errors.join('\n')}`);
    },
    posted: () => p.evaluate(() => (window as unknown as { __posted: FromWebviewMessage[] }).__posted),
    savedState: () => p.evaluate(() => (window as unknown as { __state: () => unknown }).__state()),
    cspViolations: () => p.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    async setTheme(kind) {
      await p.evaluate((k) => { document.body.className = `vscode-${k}`; }, kind);
      await frames();
    },
    frames,
  };
}
