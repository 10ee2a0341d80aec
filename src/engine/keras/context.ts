// What the Keras library calls (library.ts, fit.ts) need of the interpreter running the script:
// an interface, so that they do not import interpreter.ts, which calls them.

import type { ReportDiagnostic, SourceFrame, SourceRange } from '../../shared/protocol';
import type { KerasDatasets } from '../kerasDatasets';
import type { TrainingPlan } from '../plan';
import type { Evaluator } from './args';
import type { FitLog } from './fits';
import type { Graph } from './model';
import type { LayerNames } from './names';
import type { SyntaxNode } from './source';
import type { Value } from './values';

export interface ScriptContext extends Evaluator {
  readonly graph: Graph;
  /** Keras's names for the layers the script builds without `name=`. */
  readonly layerNames: LayerNames;
  /** The report's notes so far (the training plan shares this list). */
  readonly notes: ReportDiagnostic[];
  /** Keras's dataset cache as the host reads it; null where the translation is not given one. */
  readonly kerasDatasets: KerasDatasets | null;
  /** Set by the first fit. */
  plan: TrainingPlan | null;
  /** Every fit the script runs: the scanned ones, repeats, notes. */
  readonly fits: FitLog;
  /** The first model the script builds, where a missing fit is reported. */
  firstModelLocation: SourceRange | null;
  /** Call sites of the user functions being run, innermost first. */
  readonly callers: readonly SourceFrame[];
  /** Evaluates strictly: what cannot be followed throws. */
  evaluate(node: SyntaxNode): Value;
  /** The items a `for` loop over `value` visits. */
  iterate(value: Value, node: SyntaxNode): Value[];
  /** Adds a note to the report at `range`. */
  note(diagnostic: Omit<ReportDiagnostic, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>, range: SourceRange): void;
}
