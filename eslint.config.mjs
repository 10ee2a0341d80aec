// The layers' import boundaries, checked by `npm run lint` (part of `npm test`): `vscode` only in
// the extension, TensorFlow.js only in the worker (and the examples' data module), no Node.js
// modules in the engine, the protocol or the webview, and no layer reaching into another's files
// except through the ones it is meant to use (see the README's development section).
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NODE_MODULES = ['node:*', ...builtinModules.flatMap((name) => [name, `${name}/*`])];

const forbid = {
  vscode: { group: ['vscode'], message: 'Only src/extension talks to the VS Code API.' },
  tfjs: { group: ['@tensorflow/*'], message: 'TensorFlow.js runs in the training worker (src/worker) only.' },
  node: { group: NODE_MODULES, message: 'This layer runs without Node.js: no Node modules.' },
};

/** Relative imports of the listed top-level folders of src/ (from any depth of the importing layer). */
const layers = (names, message) => ({ regex: `^(\\.\\./)+(${names.join('|')})(/|$)`, message });

/** `no-restricted-imports` for the files of one layer. */
const boundary = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default [
  { ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', 'examples/**', 'python/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  { files: ['src/**/*.ts'], languageOptions: { parser: tseslint.parser } },
  boundary(
    ['src/engine/**/*.ts', 'src/shared/**/*.ts'],
    [
      forbid.vscode,
      forbid.tfjs,
      forbid.node,
      layers(['host', 'worker', 'cli', 'extension', 'webview', 'data'], 'The engine and the protocol are pure: they import no other layer.'),
    ],
  ),
  boundary(
    ['src/webview/**/*.ts'],
    [
      forbid.vscode,
      forbid.tfjs,
      forbid.node,
      layers(['host', 'worker', 'cli', 'extension', 'data'], 'The webview talks to the extension only through the protocol.'),
    ],
  ),
  boundary(
    ['src/worker/**/*.ts'],
    [forbid.vscode, layers(['host', 'cli', 'extension', 'webview'], 'The worker is a process of its own: it talks to its parent only through the protocol.')],
  ),
  boundary(
    ['src/host/**/*.ts'],
    [
      forbid.vscode,
      forbid.tfjs,
      layers(['worker', 'cli', 'extension', 'webview'], 'The host starts training processes and talks to them only through the protocol.'),
    ],
  ),
  boundary(['src/cli/**/*.ts'], [forbid.vscode, forbid.tfjs, layers(['worker', 'extension', 'webview'], 'The CLI starts runs through src/host.')]),
  boundary(['src/extension/**/*.ts'], [forbid.tfjs, layers(['worker', 'cli', 'webview'], 'The extension starts runs through src/host.')]),
  boundary(['src/data/**/*.ts'], [forbid.vscode, layers(['host', 'worker', 'cli', 'extension', 'webview'], "The examples' data module stands alone.")]),
];
