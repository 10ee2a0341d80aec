// Import this first in a test file: from then on `require('vscode')` (what the extension's
// `import * as vscode from 'vscode'` becomes under tsx) loads ./vscode.ts, the fake.
import Module from 'node:module';
import * as path from 'node:path';

const fakePath = path.join(__dirname, 'vscode.ts');

type Resolve = (request: string, parent: unknown, isMain: boolean, options: unknown) => string;
const moduleWithResolver = Module as unknown as { _resolveFilename: Resolve };
const resolve = moduleWithResolver._resolveFilename;

moduleWithResolver._resolveFilename = function (request, parent, isMain, options) {
  return request === 'vscode' ? fakePath : resolve.call(this, request, parent, isMain, options);
};
