// Which layer a try is about, from a scan of the unchanged model: the layer built at a given
// line, or by default the first layer with a warning about its units.

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

const listing = (layers: readonly LayerReport[]): string =>
  layers
    .filter((l) => l.line > 0)
    .map((l) => `${l.name} (line ${l.line})`)
    .join(', ') || 'none';

/**
 * The layer to try fixes on. With `line`: the monitored layer built there (the one with a
 * warning first, when a helper builds several). Without: the first layer with a warning about
 * its units. `model` is the scan's model summary (the `started` message).
 */
export function chooseLayer(report: Report, model: readonly LayerSummary[], line?: number): LayerChoice {
  if (line !== undefined) {
    const atLine = report.layers.filter((l) => l.line === line);
    const warned = atLine.find((l) => report.diagnostics.some((d) => d.layer === l.name && d.severity === 'warning'));
    const layer = warned ?? atLine[0];
    const chosen = layer && tried(report, model, layer);
    return chosen
      ? { ok: true, layer: chosen }
      : { ok: false, message: `No layer with measured units is built at line ${line}. Layers with units: ${listing(report.layers)}.` };
  }
  for (const d of report.diagnostics) {
    const layer = d.severity === 'warning' && UNIT_CODES.includes(d.code) ? report.layers.find((l) => l.name === d.layer) : undefined;
    const chosen = layer && tried(report, model, layer);
    if (chosen) return { ok: true, layer: chosen };
  }
  return { ok: false, message: 'No layer has a warning about its units: nothing to fix (name a layer by its line to try fixes on it anyway).' };
}
