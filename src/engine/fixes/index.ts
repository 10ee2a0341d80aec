// Quick fixes for layers with dead, dying or saturated units, as pure functions from source text
// and the layer's position to text edits — in Keras (Python) and TensorFlow.js (JS/TS). The
// extension wraps them in a WorkspaceEdit; the CLI, try-fixes and the tests call them directly.

import { languageOf, type ActivationFamily, type DiagnosticCode, type FixId, type FixOffer } from '../../shared/protocol';
import { BUILDERS, ranking, type Built } from './catalog';
import { canonical, type Dialect } from './dialect';
import { Doc, type SourceLanguage, type SyntaxNode } from './document';
import { JavaScriptDialect } from './javascript';
import { PythonDialect } from './python';
import { applyEdits, mapOffset, normaliseEdits, offsetAt, positionAt, type TextEdit } from './text';
import { TORCH_BUILDERS } from './torchCatalog';
import { TorchFile } from './torchFile';

export type { SourceLanguage, TextEdit };
export { applyEdits, languageOf };

export interface FixTarget {
  /** 1-based position of the layer's constructor call (as in LayerReport / LayerSummary.location). */
  line: number;
  column: number;
  className: string;
  activation: string;
  family: ActivationFamily | null;
  /** The framework the run says the script is written for; without it, the file's imports decide (torch or Keras). */
  framework?: 'tfjs' | 'keras' | 'torch';
  /** PyTorch: 1-based position of the activation applied apart from the layer (`nn.ReLU()`, `F.relu(...)`). */
  activationSite?: { line: number; column: number };
}

export interface FixResult extends FixOffer {
  /** Offsets into the source the fix was computed on; sorted and non-overlapping. */
  edits: TextEdit[];
}

const UNIT_CODES: ReadonlySet<DiagnosticCode> = new Set(['dead-units', 'dying-units', 'saturated-units']);

function dialectOf(doc: Doc): Dialect {
  return doc.python ? new PythonDialect(doc) : new JavaScriptDialect(doc);
}

/**
 * The layer constructor call at an offset: the innermost call around it that constructs
 * `className` (e.g. `Dense(` or `tf.layers.dense(` — V8 points at `dense`, Keras at `Dense`),
 * else the only such call inside the innermost call around it.
 */
function layerAt(doc: Doc, offset: number | undefined, className: string): SyntaxNode | undefined {
  if (offset === undefined) return undefined;
  const d = dialectOf(doc);
  const wanted = canonical(className);
  let innermost: SyntaxNode | undefined;
  for (let n: SyntaxNode | null = doc.tree.resolveInner(offset, 1); n; n = n.parent) {
    if (n.name !== 'CallExpression') continue;
    if (d.kind(n) === wanted) return n;
    innermost ??= n;
  }
  const inside = innermost ? doc.all('CallExpression', innermost).filter((c) => d.kind(c) === wanted) : [];
  return inside.length === 1 ? inside[0] : undefined;
}

/** The layer being fixed: its call in the parsed file, where the report put it, and the file's framework. */
interface Fixing {
  doc: Doc;
  layer: SyntaxNode;
  target: FixTarget;
  torch: boolean;
}

function isTorch(doc: Doc, target: FixTarget): boolean {
  return doc.python && (target.framework ? target.framework === 'torch' : TorchFile.imports(doc));
}

function build(id: FixId, { doc, layer, target, torch }: Fixing, family: ActivationFamily): Built | undefined {
  const context = torch ? new TorchFile(doc) : dialectOf(doc);
  const fix = context instanceof TorchFile ? TORCH_BUILDERS[id]?.(context, layer, target) : BUILDERS[id](context, layer, family);
  return fix && { title: fix.title, edits: normaliseEdits([...fix.edits, ...context.imports()]) };
}

/** The target after edits of `source`: the layer's call starts at `layerFrom`; the activation site moves with its text. */
function movedTarget(source: string, edited: string, layerFrom: number, target: FixTarget, edits: readonly TextEdit[]): FixTarget | undefined {
  const moved = mapOffset(layerFrom, edits);
  if (moved === undefined) return undefined;
  const { activationSite, ...rest } = target;
  const site = activationSite && offsetAt(source, activationSite.line, activationSite.column);
  const siteMoved = site === undefined ? undefined : mapOffset(site, edits);
  return { ...rest, ...positionAt(edited, moved), ...(siteMoved === undefined ? {} : { activationSite: positionAt(edited, siteMoved) }) };
}

/**
 * Whether a fix may be offered: it changes the text, adds no syntax error, keeps the layer in
 * place, and is not offered again (or changes nothing) on the text it produces.
 */
function acceptable(id: FixId, fixing: Fixing, family: ActivationFamily, fix: Built): boolean {
  const { doc, layer, target } = fixing;
  const fixed = doc.edited(fix.edits);
  const moved = movedTarget(doc.source, fixed.source, layer.from, target, fix.edits);
  if (fixed.source === doc.source || moved === undefined) return false;
  const same = layerAt(fixed, offsetAt(fixed.source, moved.line, moved.column), target.className);
  if (fixed.errors > doc.errors || !same) return false;
  const again = build(id, { ...fixing, doc: fixed, layer: same, target: moved }, family);
  return !again || applyEdits(fixed.source, again.edits) === fixed.source;
}

/**
 * The fixes for a layer's unit diagnostic, best first, exactly one of them preferred: zero bias
 * when the bias initialiser is strongly negative, else He (ReLU family) or Glorot (sigmoid, tanh)
 * initialisation, else the first offered. Empty when the position holds no such layer call.
 */
export function fixesFor(source: string, language: SourceLanguage, target: FixTarget, code: DiagnosticCode): FixResult[] {
  const { family } = target;
  if (!UNIT_CODES.has(code) || family === null) return [];
  const doc = new Doc(source, language);
  const layer = layerAt(doc, offsetAt(source, target.line, target.column), target.className);
  if (!layer) return [];
  const fixing: Fixing = { doc, layer, target, torch: isTorch(doc, target) };
  const results: FixResult[] = [];
  for (const id of ranking(family)) {
    const fix = build(id, fixing, family);
    if (fix && acceptable(id, fixing, family, fix)) {
      results.push({ id, title: fix.title, preferred: results.length === 0, edits: fix.edits });
    }
  }
  return results;
}

/**
 * The same layer's target in the text after `edits` — the start of its constructor call — e.g. to
 * compute a second fix on a scratch copy that already has one. Undefined when the position holds
 * no such layer call or the edits replaced it.
 */
export function targetAfterEdits(source: string, language: SourceLanguage, edits: readonly TextEdit[], target: FixTarget): FixTarget | undefined {
  const layer = layerAt(new Doc(source, language), offsetAt(source, target.line, target.column), target.className);
  const normalised = normaliseEdits(edits);
  return layer && movedTarget(source, applyEdits(source, normalised), layer.from, target, normalised);
}
