// What a finished Try Fixes measured for a layer: the fixes that ranked first. The code actions
// make it the preferred quick fix of the layer's diagnostic.
import type { FixId } from '../shared/protocol';

export interface MeasuredWinner {
  fixes: FixId[];
  title: string;
}

export interface MeasuredFixes {
  /** The measured best fixes of a layer of `file`, when a try found one that beat the unchanged model. */
  winnerFor(file: string, layer: string): MeasuredWinner | undefined;
}
