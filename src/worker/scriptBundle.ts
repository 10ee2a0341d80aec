// Transpiles the user's script (JS or TS, CommonJS or ESM, top-level await included) into one
// ESM file with esbuild, with a source map back to the user's files. The user's own modules are
// bundled in; every package stays external, resolved first from the script's folder (its own
// node_modules) and else from ours, and loaded by its absolute path, so the bundle can live in a
// temporary folder and still load exactly the packages the script would.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin, type SourceMapPayload } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { ScanError } from '../engine/errors';
import { RUN_DIR_ENV, type SourceRange } from '../shared/protocol';
import { PACKAGE_ROOT } from './packageRoot';
import { SourceLocator } from './sourceLocator';

export interface ScriptBundle {
  /** file: URL of the bundle, as V8 names it in stack traces. */
  url: string;
  locator: SourceLocator;
  /** The tfjs entry the script imports (@tensorflow/tfjs or tfjs-node), when it imports one. */
  tfjsEntry: string | null;
  /** Imports of tfjs-node that could not be loaded, each resolved to @tensorflow/tfjs instead: where, which, why. */
  substitutedImports: { range: SourceRange; specifier: string; reason: string }[];
  /** Removes the temporary folder. */
  dispose(): void;
}

const TFJS_ENTRIES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs'];
/** Native bindings with the Layers API of @tensorflow/tfjs: when not installed, the script gets that instead. */
const TFJS_NODE = new Set(['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']);
const SUBSTITUTED = 'dying-neurons: tfjs-node substituted';
const RESOLVING = Symbol('resolving');

const isBare = (path: string): boolean => !path.startsWith('.') && !path.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(path) && !path.startsWith('file:');

/** Whether Node loads `file` as CommonJS: .cjs, or .js outside a `"type": "module"` package. */
function isCommonJs(file: string): boolean {
  const extension = extname(file);
  if (extension === '.cjs') return true;
  if (extension !== '.js') return false;
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type !== 'module';
    if (dirname(dir) === dir) return true;
  }
}

/** Why the native binding at `path` cannot be loaded (its first line), or null when it loads. */
function whyNotLoadable(path: string): string | null {
  try {
    createRequire(path)(path);
    return null;
  } catch (error) {
    return (error instanceof Error ? error.message : String(error)).split('\n')[0].trim().replace(/\.$/, '');
  }
}

/** Why a package cannot be used: not found from `resolveDir` nor from ours, or its load error. */
function whyNotFound(specifier: string, resolveDir: string): string {
  for (const from of [join(resolveDir, 'script.js'), join(PACKAGE_ROOT, 'package.json')]) {
    try {
      return whyNotLoadable(createRequire(from).resolve(specifier)) ?? 'it loads';
    } catch {
      continue;
    }
  }
  return 'not installed';
}

/** Modules standing in for an ESM import of a CommonJS package: `module.exports = require(path)`. */
const CJS_SHIM = 'dying-neurons-cjs';

/**
 * Resolves package imports as the user's Node would, falling back to our node_modules. An
 * `import` of a CommonJS package goes through a bundled `require` shim: Node would otherwise scan
 * the whole package (tfjs: megabytes) for its export names before the script starts.
 */
function externalPackages(found: Map<string, string>): esbuild.Plugin {
  return {
    name: 'dying-neurons-external-packages',
    setup(build) {
      build.onResolve({ filter: /.*/, namespace: CJS_SHIM }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: CJS_SHIM }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
      const resolveFrom = async (specifier: string, args: esbuild.OnResolveArgs): Promise<esbuild.OnResolveResult | undefined> => {
        for (const resolveDir of [args.resolveDir, PACKAGE_ROOT]) {
          const result = await build.resolve(specifier, { kind: args.kind, resolveDir, pluginData: RESOLVING });
          if (result.errors.length > 0 || (TFJS_NODE.has(specifier) && whyNotLoadable(result.path) !== null)) continue;
          if (!found.has(args.path)) found.set(args.path, result.path);
          const imported = args.kind === 'import-statement' || args.kind === 'dynamic-import';
          if (imported && isCommonJs(result.path)) return { path: result.path, namespace: CJS_SHIM };
          return { path: imported ? pathToFileURL(result.path).href : result.path, external: true };
        }
        return undefined;
      };
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === RESOLVING || !isBare(args.path)) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        const resolved = await resolveFrom(args.path, args);
        if (resolved) return resolved;
        // The warning carries the import's position; bundleScript turns it into a diagnostic.
        const substitute = TFJS_NODE.has(args.path) ? await resolveFrom('@tensorflow/tfjs', args) : undefined;
        if (substitute)
          return { ...substitute, warnings: [{ text: SUBSTITUTED, detail: { specifier: args.path, reason: whyNotFound(args.path, args.resolveDir) } }] };
        return { errors: [{ text: `Cannot find package '${args.path}' (looked next to the script and in dying-neurons).` }] };
      });
    },
  };
}

const rangeOf = (location: esbuild.Location, workingDir: string): SourceRange => ({
  file: resolve(workingDir, location.file),
  line: location.line,
  column: location.column + 1,
  endLine: location.line,
  endColumn: location.column + 1 + Math.max(location.length, 1),
});

function buildError(failure: esbuild.BuildFailure, workingDir: string): ScanError {
  const first = failure.errors[0];
  const location = first?.location;
  const range = location ? rangeOf(location, workingDir) : null;
  const resolution = first?.pluginName !== '' || /^Could not resolve/.test(first?.text ?? '');
  return new ScanError(resolution ? 'script-error' : 'syntax-error', first?.text ?? failure.message, range);
}

/** esbuild's loader for a script given as text (by its file's extension). */
const loaderOf = (file: string): esbuild.Loader => (['.ts', '.mts', '.cts'].includes(extname(file).toLowerCase()) ? 'ts' : 'js');

/** Bundles `file`, or `sourceText` standing in for it (its imports still resolved from the file's folder). */
export async function bundleScript(file: string, sourceText?: string): Promise<ScriptBundle> {
  const workingDir = dirname(file);
  // Inside the run folder the parent made (it removes it however the worker ends), else the system's.
  const outDir = mkdtempSync(join(process.env[RUN_DIR_ENV] ?? tmpdir(), 'dying-neurons-'));
  const outfile = join(outDir, `${basename(file, extname(file))}.mjs`);
  const externals = new Map<string, string>();
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await esbuild.build({
      ...(sourceText === undefined
        ? { entryPoints: [file] }
        : { stdin: { contents: sourceText, sourcefile: file, resolveDir: workingDir, loader: loaderOf(file) } }),
      absWorkingDir: workingDir,
      outfile,
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node18',
      conditions: [],
      mainFields: ['main'],
      sourcemap: 'external',
      sourcesContent: true,
      keepNames: true,
      logLevel: 'silent',
      plugins: [externalPackages(externals)],
      define: {
        // The bundle is an ESM file in a temporary folder: give the script its own place.
        __filename: JSON.stringify(file),
        __dirname: JSON.stringify(workingDir),
        'import.meta.url': JSON.stringify(pathToFileURL(file).href),
        'import.meta.filename': JSON.stringify(file),
        'import.meta.dirname': JSON.stringify(workingDir),
        // A CommonJS script guarded by `if (require.main === module) main()` runs as the main module.
        'require.main': 'module',
      },
    });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw buildError(error as esbuild.BuildFailure, workingDir);
  }
  const code = result.outputFiles.find((f) => f.path === outfile);
  const map = result.outputFiles.find((f) => f.path === `${outfile}.map`);
  if (!code || !map) throw new Error('esbuild produced no bundle');
  writeFileSync(outfile, code.contents);
  writeFileSync(map.path, map.contents);
  const tfjsEntry = TFJS_ENTRIES.map((name) => externals.get(name)).find((path) => path !== undefined) ?? null;
  const substitutedImports = result.warnings.flatMap((w) =>
    w.text === SUBSTITUTED && w.location ? [{ range: rangeOf(w.location, workingDir), ...(w.detail as { specifier: string; reason: string }) }] : [],
  );
  return {
    url: pathToFileURL(outfile).href,
    locator: new SourceLocator(JSON.parse(map.text) as SourceMapPayload, outDir),
    tfjsEntry,
    substitutedImports,
    dispose: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
