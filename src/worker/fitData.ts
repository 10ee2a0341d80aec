// Helpers over the shapes `fit` takes its data in: one tensor, one per input, or one per name.

import type { FitData, LayersModel, Tensor } from './tfjs';

const isTensorList = (data: FitData): data is Tensor[] => Array.isArray(data);
const isTensor = (data: FitData): data is Tensor => !isTensorList(data) && typeof (data as Tensor).rank === 'number';

/** The model's input tensors in `model.inputs` order. */
export function inputList(model: LayersModel, x: FitData): Tensor[] {
  if (isTensor(x)) return [x];
  if (isTensorList(x)) return x;
  return model.inputNames.map((name) => x[name]);
}

/** Applies `fn` to every tensor, keeping the shape of the container. */
export function mapFitData(data: FitData, fn: (t: Tensor) => Tensor): FitData {
  if (isTensor(data)) return fn(data);
  if (isTensorList(data)) return data.map(fn);
  return Object.fromEntries(Object.entries(data).map(([name, t]) => [name, fn(t)]));
}

/** Number of samples (the first dimension of the first tensor). */
export function sampleCount(data: FitData): number {
  const first = isTensor(data) ? data : isTensorList(data) ? data[0] : Object.values(data)[0];
  return first?.shape[0] ?? 0;
}
