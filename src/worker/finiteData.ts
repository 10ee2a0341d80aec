// Non-finite numbers in a scan: training data holding NaN or infinity is the user's mistake, said
// at the fit call; a monitored layer whose outputs turn non-finite has diverged. Either way no
// statistic is computed from such numbers (it would read as "all units dead", or not survive JSON).

import { ScanError } from '../engine/errors';
import type { SourceRange } from '../shared/protocol';
import type { Tensor, Tf } from './tfjs';

/** A monitored layer's output held NaN or infinity on the probe set. */
export class NonFiniteActivations extends Error {
  constructor(readonly layer: string) {
    super(`the outputs of ${layer} are not finite`);
  }
}

/** Throws NonFiniteActivations when `values` (one probe batch of `layer`'s outputs) hold NaN or infinity. */
export function checkActivations(layer: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) throw new NonFiniteActivations(layer);
}

/** Refuses training inputs that hold NaN or infinity, at the fit call. */
export function checkTrainingData(tf: Tf, inputs: readonly Tensor[], site: SourceRange | null): void {
  const finite = tf.tidy(() => inputs.every((t) => !t.dtype.startsWith('float') || tf.all(tf.isFinite(t)).dataSync()[0] === 1));
  if (!finite) throw new ScanError('script-error', 'The training data given to fit holds NaN or infinite values: the model cannot train on it.', site);
}

/** A layer that diverged during the scan, at the fit call. */
export function divergedError(error: NonFiniteActivations, site: SourceRange | null): ScanError {
  const message = `The outputs of ${error.layer} became NaN or infinite on the probe set: training diverged. A learning rate that is too high is the usual cause.`;
  return new ScanError('nan-loss', message, site);
}
