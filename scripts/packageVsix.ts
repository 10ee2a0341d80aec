// `npm run package [-- --target TARGET]`: the .vsix for one platform (default: this machine's),
// made by vsce 3.6.0 — which runs vscode:prepublish (production bundles, packed data) — then
// checked (scripts/vsixContents.ts, under 15 MB). Prints its sizes; the last line is its path.
// A target needs that platform's esbuild binary (@esbuild/<platform>) in node_modules, which
// npm installs only for the machine it runs on: package each target on its own platform.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readVsix, vsixProblems } from './vsixContents';

const root = resolve(__dirname, '..');
const BUDGET_BYTES = 15_000_000;

/** vsce's platform targets and the esbuild package whose binary each runs. */
const ESBUILD_PACKAGES: Record<string, string> = {
  'linux-x64': '@esbuild/linux-x64',
  'linux-arm64': '@esbuild/linux-arm64',
  'linux-armhf': '@esbuild/linux-arm',
  'alpine-x64': '@esbuild/linux-x64',
  'alpine-arm64': '@esbuild/linux-arm64',
  'darwin-x64': '@esbuild/darwin-x64',
  'darwin-arm64': '@esbuild/darwin-arm64',
  'win32-x64': '@esbuild/win32-x64',
  'win32-arm64': '@esbuild/win32-arm64',
};

function fail(message: string): never {
  console.error(`package: ${message}`);
  process.exit(1);
}

const targetArgument = process.argv.indexOf('--target');
const target = targetArgument >= 0 ? process.argv[targetArgument + 1] : `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
const esbuildPackage = ESBUILD_PACKAGES[target];
if (!esbuildPackage) fail(`unknown target "${target}"; one of ${Object.keys(ESBUILD_PACKAGES).join(', ')}`);
if (!existsSync(join(root, 'node_modules', esbuildPackage, 'package.json'))) {
  fail(`${target} needs ${esbuildPackage} (its esbuild binary), which node_modules does not have: package on a ${target} machine after npm ci`);
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const vsix = join(root, `dying-neurons-${target}-${version}.vsix`);
// stdout to stderr: the last line on stdout is the .vsix path, for scripts.
const vsce = spawnSync('npx', ['--yes', '@vscode/vsce@3.6.0', 'package', '--target', target, '--out', vsix], {
  cwd: root,
  stdio: ['ignore', process.stderr, process.stderr],
});
if (vsce.status !== 0) fail(`vsce exited with ${vsce.status ?? vsce.signal}`);

const entries = readVsix(vsix);
const size = statSync(vsix).size;
const problems = vsixProblems(entries, { readme: readFileSync(join(root, 'README.md'), 'utf8'), esbuildPackage });
if (size >= BUDGET_BYTES) problems.push(`${(size / 1e6).toFixed(2)} MB is over the ${BUDGET_BYTES / 1e6} MB budget`);
const unpacked = entries.reduce((sum, e) => sum + e.size, 0);
console.error(`package: ${entries.length} files, ${(size / 1e6).toFixed(2)} MB (${(unpacked / 1e6).toFixed(2)} MB unpacked)`);
if (problems.length > 0) fail(`${vsix}:\n  ${problems.join('\n  ')}`);
console.log(vsix);
