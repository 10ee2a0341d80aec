// Where each layer object was constructed in the user's file: recorded by the script hooks
// (from the call stack) or by the plan runner (from the plan), read when the model is described.

import type { SourceFrame, SourceRange } from '../shared/protocol';

export interface LayerOrigin {
  location: SourceRange | null;
  callers: SourceFrame[];
}

const origins = new WeakMap<object, LayerOrigin>();

export function recordOrigin(layer: object, origin: LayerOrigin): void {
  origins.set(layer, origin);
}

export function originOf(layer: object): LayerOrigin {
  return origins.get(layer) ?? { location: null, callers: [] };
}
