// The Activations panel's HTML (pure: no `vscode` import, so tests and the browser harness
// build the very same page). Strict CSP: nothing inline, nothing remote, scripts by nonce.
import { randomBytes } from 'node:crypto';

export interface ActivationsPage {
  /** `webview.cspSource`: the origin the panel's own files are served from. */
  cspSource: string;
  /** Webview URIs of dist/webview.js and dist/webview.css. */
  scriptUri: string;
  styleUri: string;
  nonce: string;
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `img-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
}

const escapeAttribute = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function activationsHtml(page: ActivationsPage): string {
  const csp = escapeAttribute(contentSecurityPolicy(page.cspSource, page.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(page.styleUri)}">
<title>Dying Neurons: Activations</title>
</head>
<body>
<div id="app"></div>
<script nonce="${escapeAttribute(page.nonce)}" src="${escapeAttribute(page.scriptUri)}"></script>
</body>
</html>
`;
}
