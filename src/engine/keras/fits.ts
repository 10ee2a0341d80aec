// Every fit a Keras script runs, in the order it runs: the first --max-fits distinct ones are
// scanned (the translator runs nothing of the user's, so going on after a fit is safe); a fit of a
// model identical in architecture and training settings to one scanned (a loop over seeds) is
// counted on it; every fit not scanned gets a note at its line that says why.

import type { RelatedInformation, SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { LayerPlan, ModelPlan, TrainingPlan } from '../plan';
import type { ScriptContext } from './context';
import { strictly, type ModelValue } from './values';

export interface ScannedFit {
  plan: TrainingPlan;
  /** Later fits of the same model and settings, counted and not scanned. */
  repeats: number;
  /** Its architecture and training settings when it was first called (fitKey). */
  key: string;
}

/** A model fitted before: where, and the scanned fit that trains it (null: counted or over the limit). */
export interface TrainedModel {
  location: SourceRange;
  scanned: ScannedFit | null;
}

const sameStart = (a: SourceRange, b: SourceRange): boolean => a.file === b.file && a.line === b.line && a.column === b.column;

/**
 * What makes two fits the same: the model (layer names and graph ids aside, which Keras numbers
 * per script) with the lines its layers are built at (whichever call of a helper builds them),
 * compile's and fit's settings and data.
 */
export function fitKey(plan: TrainingPlan): string {
  const ids = new Map<string, number>();
  const id = (name: string): number => ids.get(name) ?? (ids.set(name, ids.size), ids.size - 1);
  const layer = ({ callers: _callers, ...l }: LayerPlan) => JSON.stringify(l, (key, value: unknown) => (key === 'name' ? undefined : value));
  const model = (m: ModelPlan) =>
    m.kind === 'sequential'
      ? m.layers.map(layer)
      : {
          inputs: m.inputs.map((i) => ({ id: id(i.id), shape: i.shape, location: i.location })),
          nodes: m.nodes.map((n) => ({ id: id(n.id), layer: layer(n.layer), inputs: n.inputs.map(id) })),
          outputs: m.outputs.map(id),
        };
  const { location: _compiled, ...compile } = plan.compile;
  const { location: _fitted, ...fit } = plan.fit;
  return JSON.stringify({ model: model(plan.model), compile, fit });
}

export class FitLog {
  readonly scanned: ScannedFit[] = [];
  private readonly models = new Map<ModelValue, TrainedModel>();
  /** Distinct fits so far (scanned or over the limit): the next one's number. */
  private distinct = 0;

  constructor(readonly maxFits: number) {}

  /** The fit that trained `model` before, if one did. */
  trained(model: ModelValue): TrainedModel | undefined {
    return this.models.get(model);
  }

  /** A new fit of `model`: scanned, counted as a repeat of a scanned one, or noted as over the limit. */
  record(it: ScriptContext, model: ModelValue, plan: TrainingPlan): void {
    const location = plan.fit.location;
    const key = fitKey(plan);
    const same = this.scanned.find((f) => f.key === key);
    if (same) {
      same.repeats++;
      this.models.set(model, { location, scanned: null });
      const first = same.plan.fit.location;
      if (!sameStart(first, location)) {
        const message = 'Not scanned: the same model and training settings as a fit the scan trains, counted there as a repeat.';
        noteNotScanned(it, message, location, relatedAt('the fit the scan trains', first));
      }
      return;
    }
    this.distinct++;
    if (this.scanned.length >= this.maxFits) {
      this.models.set(model, { location, scanned: null });
      const message =
        `Not scanned: the scan covers the first ${this.maxFits === 1 ? 'fit' : `${this.maxFits} fits`} the script runs and this is fit ${this.distinct}; ` +
        `pass --max-fits ${this.distinct} / set dyingNeurons.maxFits to scan it.`;
      noteNotScanned(it, message, location);
      return;
    }
    const fit = { plan, repeats: 0, key };
    this.scanned.push(fit);
    this.models.set(model, { location, scanned: fit });
    it.plan ??= plan;
  }
}

const relatedAt = (message: string, at: SourceRange): RelatedInformation => ({ message, file: at.file, line: at.line, column: at.column });

/** A fit-not-scanned note, one per fit call: a loop that reaches it again says nothing new. */
export function noteNotScanned(it: ScriptContext, message: string, location: SourceRange, related?: RelatedInformation): void {
  if (it.notes.some((n) => n.code === 'fit-not-scanned' && sameStart(n, location))) return;
  it.note({ severity: 'information', code: 'fit-not-scanned', message, ...(related ? { related: [related] } : {}) }, location);
}

/** The note at a fit that trains a model fitted before at another call: the scan trains each model from its initial weights. */
export function noteTrainedFurther(it: ScriptContext, first: SourceRange, location: SourceRange): void {
  const message = 'Not scanned: this fit trains the model of an earlier fit further; the scan trains each model once, from its initial weights.';
  noteNotScanned(it, message, location, relatedAt("that model's first fit", first));
}

/**
 * Translates a fit call. The first fit's error stops the translation, as it always did; a later
 * fit that cannot be translated is not scanned, with a note that says why, and the fits before it
 * are kept.
 */
export function translateFit(it: ScriptContext, location: SourceRange, body: () => void): void {
  if (it.fits.scanned.length === 0) return strictly(body);
  try {
    strictly(body);
  } catch (e) {
    if (!(e instanceof ScanError) || e.code === 'syntax-error') throw e;
    const at = e.range?.file === location.file ? e.range : location;
    noteNotScanned(it, `Not scanned: ${e.message}`, at, sameStart(at, location) ? undefined : relatedAt('the fit not scanned', location));
  }
}
