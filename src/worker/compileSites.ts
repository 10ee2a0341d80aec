// Where each model was compiled in the user's file: recorded by the script hooks (the user frame
// of the `compile` call) or by the plan runner (the plan's compile call), read when its fit starts.

import type { SourceRange } from '../shared/protocol';

const sites = new WeakMap<object, SourceRange>();

/** Records the latest compile of `model` (the one its fit trains with). */
export function recordCompileSite(model: object, site: SourceRange | null): void {
  if (site) sites.set(model, site);
  else sites.delete(model);
}

export function compileSiteOf(model: object): SourceRange | null {
  return sites.get(model) ?? null;
}
