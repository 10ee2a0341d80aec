// Shared by the fixes tests: independent syntax checks (CPython's own parser, the TypeScript
// compiler) and the "applied twice = once" check.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import type { DiagnosticCode, FixId } from '../../src/shared/protocol';
import { applyEdits, fixesFor, targetAfterEdits, type FixResult, type FixTarget, type SourceLanguage } from '../../src/engine/fixes';

/**
 * CPython's verdict on each text (`ast.parse`): null when it parses, else the error. Undefined when
 * no python3 is installed. Stricter than lezer, which recovers from some errors silently.
 */
export function pythonSyntaxErrors(texts: readonly string[]): (string | null)[] | undefined {
  const script = [
    'import ast, json, sys',
    'out = []',
    'for text in json.load(sys.stdin):',
    '    try:',
    '        ast.parse(text)',
    '        out.append(None)',
    '    except SyntaxError as e:',
    '        out.append(f"{e.msg} at line {e.lineno}")',
    'print(json.dumps(out))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8' });
  if (run.error || run.status !== 0) return undefined;
  return JSON.parse(run.stdout) as (string | null)[];
}

export const hasPython = pythonSyntaxErrors(['pass']) !== undefined;

/** The TypeScript compiler's syntax errors for a JS or TS text. */
export function scriptSyntaxErrors(text: string, fileName: string): string[] {
  const result = ts.transpileModule(text, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, allowJs: true },
  });
  return (result.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** Fixing the fixed text again offers the same fix no more (or it changes nothing). */
export function assertSettled(source: string, language: SourceLanguage, target: FixTarget, code: DiagnosticCode, fix: FixResult): void {
  const after = applyEdits(source, fix.edits);
  const moved = targetAfterEdits(source, language, fix.edits, target);
  assert.ok(moved, `${fix.id}: the layer's position survives the fix`);
  const again = fixesFor(after, language, moved, code).find((f) => f.id === fix.id);
  if (again) assert.equal(applyEdits(after, again.edits), after, `${fix.id} is offered again and changes the text`);
}

/** The text after one fix, failing when it is not offered. */
export function fixed(source: string, language: SourceLanguage, target: FixTarget, id: FixId, code: DiagnosticCode = 'dead-units'): string {
  const fix = fixesFor(source, language, target, code).find((f) => f.id === id);
  assert.ok(fix, `${id} is offered`);
  return applyEdits(source, fix.edits);
}
