import type { FromWebviewMessage, ToWebviewMessage } from '../shared/protocol';

/** View type of the Activations panel (also its serializer's activation event). */
export const ACTIVATIONS_VIEW_TYPE = 'dyingNeurons.activations';

/** What the Activations panel needs from the rest of the extension. */
export interface PanelHost {
  /** Messages that bring a newly opened (or restored) panel up to date, in order. */
  replay(): ToWebviewMessage[];
  /** Acts on a validated message from the panel (apply a fix, re-scan, reveal a line, …). */
  handle(message: FromWebviewMessage): void | Promise<void>;
}
