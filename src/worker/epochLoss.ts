// The mean loss of the epoch so far, from tfjs's per-batch losses weighted by batch size: what
// the progress message carries (as Keras's batch logs do), so its last value of an epoch is the
// epoch's loss in the history, not the last batch's.

export class EpochLoss {
  private sum = 0;
  private samples = 0;

  reset(): void {
    this.sum = 0;
    this.samples = 0;
  }

  /** Adds a batch's mean loss over `size` samples (1 when tfjs does not say) and returns the epoch's mean so far. */
  add(loss: number, size: number | undefined): number {
    const n = size !== undefined && size > 0 ? size : 1;
    this.sum += loss * n;
    this.samples += n;
    return this.sum / this.samples;
  }
}
