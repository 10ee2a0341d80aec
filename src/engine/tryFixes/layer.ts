// Which layer a try is about, from a scan of the unchanged model: the layer built at a given
// line (in a notebook: a cell's line) or with a given name, or by default the first layer with a
// warning about its units.

import type { FixTarget } from '../fixes';
import type { CellRef, DiagnosticCode, LayerReport, LayerSummary, Report } from '../../shared/protocol';

const UNIT_CODES: readonly DiagnosticCode[] = ['dead-units', 'dying-units', 'saturated-units'];

export interface TriedLayer {
  name: string;
  /** In a notebook: the cell the layer is built in (the target's lines count in it). */
  cell?: CellRef;
  target: FixTarget;
  /** The unit diagnostic the fixes address. */
  code: DiagnosticCode;
}

export type LayerChoice = { ok: true; layer: TriedLayer } | { ok: false; message: string };

/** The code of the layer's unit diagnostic, else the one its counts (or its activation) call for. */
function codeFor(report: Report, layer: LayerReport, summary: LayerSummary): DiagnosticCode {
  const diagnosed = report.diagnostics.find((d) => d.layer === layer.name && UNIT_CODES.includes(d.code));
  if (diagnosed) return diagnosed.code;
  if (layer.dead > 0) return 'dead-units';
  if (layer.dying > 0) return 'dying-units';
  return layer.saturated > 0 || summary.family !== 'relu' ? 'saturated-units' : 'dead-units';
}

function tried(report: Report, model: readonly LayerSummary[], layer: LayerReport): TriedLayer | undefined {
  const summary = model.find((s) => s.name === layer.name);
  if (!summary || summary.family === null || layer.line < 1) return undefined;
  return {
    name: layer.name,
    ...(layer.cell ? { cell: layer.cell } : {}),
    target: {
      line: layer.line,
      column: Math.max(layer.column, 1),
      className: layer.className,
      activation: summary.activation,
      family: summary.family,
      ...(report.ranWith ? { framework: report.ranWith.framework } : {}),
      ...(layer.activationSite ? { activationSite: layer.activationSite } : {}),
    },
    code: codeFor(report, layer, summary),
  };
}

/** Which layer `--layer` names: the one built at a line (in a notebook: in a cell, counted from 1 as printed), or by its name. */
export type LayerSelector = { line: number; cell?: number } | { name: string };

/** Where a layer is built, as the text output writes it: `line 3`, or in a notebook `cell 4:3`. */
const place = (l: LayerReport): string => (l.cell ? `cell ${l.cell.index + 1}:${l.line}` : `line ${l.line}`);

const listing = (layers: readonly LayerReport[]): string =>
  layers
    .filter((l) => l.line > 0)
    .map((l) => `${l.name} (${place(l)})`)
    .join(', ') || 'none';

/** `at line 3`, `at cell 4:3`, `named dense`. */
export const describeSelector = (selector: LayerSelector): string => {
  if ('name' in selector) return `named ${selector.name}`;
  return selector.cell === undefined ? `at line ${selector.line}` : `at cell ${selector.cell}:${selector.line}`;
};

const noLayer = (report: Report, selector: LayerSelector) => ({
  ok: false as const,
  message: `No layer with measured units is ${'name' in selector ? '' : 'built '}${describeSelector(selector)}. Layers with units: ${listing(report.layers)}.`,
});

export type LayerSelection = { ok: true; layers: LayerReport[] } | { ok: false; message: string };

/**
 * The layers `selector` names (several when a helper builds them at one line), or why it names
 * none; a bare line that has layers in several of a notebook's cells names none: it is ambiguous.
 */
export function selectLayers(report: Report, selector: LayerSelector): LayerSelection {
  const layers = report.layers.filter((l) =>
    'name' in selector ? l.name === selector.name : l.line === selector.line && (selector.cell === undefined || l.cell?.index === selector.cell - 1),
  );
  const cells = [...new Set(layers.map((l) => l.cell?.index))];
  if (cells.length > 1 && !('name' in selector)) {
    const example = place(layers[0]).replace('cell ', '');
    return {
      ok: false,
      message: `Line ${selector.line} builds layers in ${cells.length} cells: ${listing(layers)}. Say which: --layer CELL:LINE (e.g. --layer ${example}) or the layer's name.`,
    };
  }
  return layers.length > 0 ? { ok: true, layers } : noLayer(report, selector);
}

/**
 * The layer to try fixes on. With `selector`: the monitored layer it names (the one with a
 * warning first, when a helper builds several). Without: the first layer with a warning about
 * its units. `model` is the scan's model summary (the `started` message).
 */
export function chooseLayer(report: Report, model: readonly LayerSummary[], selector?: LayerSelector): LayerChoice {
  if (selector !== undefined) {
    const selected = selectLayers(report, selector);
    if (!selected.ok) return selected;
    const { layers } = selected;
    const warned = layers.find((l) => report.diagnostics.some((d) => d.layer === l.name && d.severity === 'warning'));
    const chosen = tried(report, model, warned ?? layers[0]);
    return chosen ? { ok: true, layer: chosen } : noLayer(report, selector);
  }
  for (const d of report.diagnostics) {
    const layer = d.severity === 'warning' && UNIT_CODES.includes(d.code) ? report.layers.find((l) => l.name === d.layer) : undefined;
    const chosen = layer && tried(report, model, layer);
    if (chosen) return { ok: true, layer: chosen };
  }
  return { ok: false, message: 'No layer has a warning about its units: nothing to fix (name a layer by its line or its name to try fixes on it anyway).' };
}
