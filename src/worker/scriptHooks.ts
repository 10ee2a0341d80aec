// Hooks on the script's tfjs instance: every `tf.layers.*` factory records where the user
// called it (the call stack mapped through the source map), `LayersModel.prototype.compile`
// records where the model was compiled, and `fit` / `fitDataset` run through the scan. They stay
// for the life of the worker.

import type { SourceRange } from '../shared/protocol';
import { recordCompileSite } from './compileSites';
import { recordOrigin } from './layerOrigins';
import type { UserStack } from './userStack';
import type { FitData, History, LayersModel, ModelCompileArgs, ModelFitArgs, ModelFitDatasetArgs, Dataset, Tf } from './tfjs';

export interface ScriptHooks {
  /** The user frames of the current stack (construction site first), or null. */
  userStack(): UserStack | null;
  fit(model: LayersModel, original: LayersModel['fit'], x: FitData, y: FitData, args: ModelFitArgs, site: SourceRange | null): Promise<History>;
  fitDataset(model: LayersModel, original: LayersModel['fitDataset'], dataset: Dataset, args: ModelFitDatasetArgs, site: SourceRange | null): Promise<History>;
}

type Factory = (...args: unknown[]) => unknown;

export function installScriptHooks(tf: Tf, hooks: ScriptHooks): void {
  const layers = tf.layers as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(layers)) {
    // Factories are the lowercase functions (tf.layers.dense); the capitalised ones are classes.
    if (typeof value !== 'function' || !/^[a-z]/.test(name)) continue;
    const factory = value as Factory;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      const layer = factory.apply(this, args);
      const stack = hooks.userStack();
      if (stack && typeof layer === 'object' && layer !== null) recordOrigin(layer, { location: stack.site, callers: stack.callers });
      return layer;
    };
    Object.defineProperty(wrapped, 'name', { value: name });
    layers[name] = wrapped;
  }

  const proto = tf.LayersModel.prototype;
  const { compile, fit, fitDataset } = proto;
  // A Sequential compiles and fits its inner LayersModel: both hooks see that same model.
  proto.compile = function (this: LayersModel, args: ModelCompileArgs): void {
    compile.call(this, args);
    recordCompileSite(this, hooks.userStack()?.site ?? null);
  };
  proto.fit = function (this: LayersModel, x: FitData, y: FitData, args: ModelFitArgs = {}): Promise<History> {
    return hooks.fit(this, fit, x, y, args, hooks.userStack()?.site ?? null);
  };
  // fitDataset is generic over the element type; the scan handles any element.
  proto.fitDataset = function (this: LayersModel, dataset: Dataset, args: ModelFitDatasetArgs): Promise<History> {
    return hooks.fitDataset(this, fitDataset, dataset, args, hooks.userStack()?.site ?? null);
  } as LayersModel['fitDataset'];
}
