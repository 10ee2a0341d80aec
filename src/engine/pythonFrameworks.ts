// Which deep-learning frameworks a Python script imports, read from its syntax tree (anywhere in
// the file: top level, functions, try blocks), so a runner can be chosen before anything runs.

import type { SourceRange } from '../shared/protocol';
import { readImport } from './keras/imports';
import { PythonSource } from './keras/source';

/** The frameworks a Python scan can watch. */
export type PythonFramework = 'keras' | 'torch';

/** The Python module a framework's import names first, and the framework it means. */
const FRAMEWORK_OF_MODULE: Readonly<Record<string, PythonFramework>> = {
  keras: 'keras',
  tensorflow: 'keras',
  tf_keras: 'keras',
  torch: 'torch',
};

export interface FrameworkImport {
  framework: PythonFramework;
  /** The top-level module imported: keras, tensorflow, tf_keras or torch. */
  module: string;
  /** The first import statement of that module. */
  at: SourceRange;
}

/** The first import of each framework module the script has, in file order. */
export function frameworkImports(text: string, file: string): FrameworkImport[] {
  const source = new PythonSource(text, file);
  const found = new Map<string, FrameworkImport>();
  const cursor = source.top.cursor();
  do {
    if (cursor.name !== 'ImportStatement') continue;
    const node = cursor.node;
    const { bindings, star } = readImport(source, node);
    const roots = [...bindings.map((b) => b.path?.[0]), star?.[0]];
    for (const module of roots) {
      const framework = module === undefined ? undefined : FRAMEWORK_OF_MODULE[module];
      if (module && framework && !found.has(module)) found.set(module, { framework, module, at: source.rangeOf(node) });
    }
  } while (cursor.next());
  return [...found.values()];
}

/** Every `.fit(...)` call written in the script, in file order (whether it runs or not). */
export function pythonFitCalls(text: string, file: string): SourceRange[] {
  const source = new PythonSource(text, file);
  const calls: SourceRange[] = [];
  const cursor = source.top.cursor();
  do {
    if (cursor.name !== 'CallExpression') continue;
    const callee = cursor.node.firstChild;
    const property = callee?.name === 'MemberExpression' ? callee.lastChild : null;
    if (property?.name === 'PropertyName' && source.textOf(property) === 'fit') calls.push(source.rangeOf(cursor.node));
  } while (cursor.next());
  return calls;
}
