// The status bar readout, vscode-jest style: one typed state in, one item's text out.
// Hidden until the first scan in the window.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReportStatus } from '../shared/protocol';

export interface LayerCounts {
  name: string;
  /** 1-based line of the layer's construction; 0 when unknown. */
  line: number;
  units: number;
  dead: number;
  dying: number;
  saturated: number;
}

export type StatusState =
  | { kind: 'idle' }
  | {
      kind: 'training';
      file: string;
      /** Epochs completed or in progress, of `epochs`. */
      epoch: number;
      epochs: number;
      loss: number | null;
      layers: LayerCounts[];
    }
  | { kind: 'done'; file: string; status: ReportStatus; layers: LayerCounts[]; error?: string };

export interface StatusView {
  text: string;
  tooltip: string;
  /** Set for a failed scan (the error background). */
  error: boolean;
}

const sum = (layers: LayerCounts[], key: 'dead' | 'dying' | 'saturated'): number => layers.reduce((n, l) => n + l[key], 0);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function layerLines(layers: LayerCounts[]): string[] {
  return layers.map((l) => {
    const where = l.line > 0 ? ` (line ${l.line})` : '';
    return `${l.name}${where}: ${l.dead}/${l.units} dead, ${l.dying} dying, ${l.saturated} saturated`;
  });
}

/** What the item shows for a state; undefined when it is hidden. */
export function describeStatus(state: StatusState): StatusView | undefined {
  if (state.kind === 'idle') return undefined;
  const title = `Dying Neurons: ${path.basename(state.file)}`;
  const tooltip = (headline: string) => [title, headline, ...layerLines(state.layers), 'Click to show activations'].join('\n');
  const dead = sum(state.layers, 'dead');
  if (state.kind === 'training') {
    const loss = state.loss === null ? [] : [`loss ${state.loss.toFixed(3)}`];
    // Epochs are known once the worker has started.
    const epochs = state.epochs > 0 ? `${state.epoch}/${state.epochs}` : 'starting';
    const text = [`$(pulse) ${epochs}`, ...loss, `${dead} dead`].join(' · ');
    return { text, tooltip: tooltip(`Training: epoch ${state.epoch} of ${state.epochs}`), error: false };
  }
  if (state.status === 'failed') {
    return { text: '$(error) scan failed', tooltip: tooltip(state.error ?? 'The scan failed.'), error: true };
  }
  const deadLayers = state.layers.filter((l) => l.dead > 0).length;
  const result = dead > 0 ? `${dead} dead in ${plural(deadLayers, 'layer')}` : 'no dead units';
  const others = `${sum(state.layers, 'dying')} dying, ${sum(state.layers, 'saturated')} saturated`;
  if (state.status === 'cancelled') {
    return { text: `$(debug-stop) stopped · ${result}`, tooltip: tooltip(`Stopped before the end: ${dead} dead, ${others}`), error: false };
  }
  return { text: `${dead > 0 ? '$(warning)' : '$(check)'} ${result}`, tooltip: tooltip(`Last scan: ${dead} dead, ${others}`), error: false };
}

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dyingNeurons.status', vscode.StatusBarAlignment.Left, 10);

  constructor(command: string) {
    this.item.name = 'Dying Neurons';
    this.item.command = command;
  }

  render(state: StatusState): void {
    const view = describeStatus(state);
    if (!view) {
      this.item.hide();
      return;
    }
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
