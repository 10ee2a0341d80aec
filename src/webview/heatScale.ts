// Heatmap cell colours: activation rate on a ramp from the editor background to the "healthy"
// colour; dead, dying and saturated units in their own colours so they cannot be missed.
import { mix, packPixel } from './colors';
import { DEAD, DYING, SATURATED } from './runModel';
import type { Palette } from './theme';

export interface HeatScale {
  /** No data for this check yet. */
  empty: number;
  dead: number;
  dying: number;
  saturated: number;
  /** Healthy units by activation rate, RAMP_STEPS entries. */
  ramp: Uint32Array;
}

export const RAMP_STEPS = 256;
/** The ramp starts this far from the background so a rarely active unit is still visible. */
const RAMP_FLOOR = 0.15;

/** Position on the ramp for an activation rate; the square root spreads out low rates. */
export function rampPosition(rate: number): number {
  const r = Math.min(1, Math.max(0, rate));
  return RAMP_FLOOR + (1 - RAMP_FLOOR) * Math.sqrt(r);
}

export function heatScale(p: Palette): HeatScale {
  const ramp = new Uint32Array(RAMP_STEPS);
  for (let i = 0; i < RAMP_STEPS; i++) ramp[i] = packPixel(mix(p.background, p.healthy, rampPosition(i / (RAMP_STEPS - 1))));
  return {
    empty: packPixel(p.background),
    dead: packPixel(p.dead),
    dying: packPixel(p.dying),
    saturated: packPixel(p.saturated),
    ramp,
  };
}

export function cellPixel(scale: HeatScale, state: number, rate: number): number {
  if (state === DEAD) return scale.dead;
  if (state === DYING) return scale.dying;
  if (state === SATURATED) return scale.saturated;
  const r = rate <= 0 ? 0 : rate >= 1 ? 1 : rate;
  return scale.ramp[Math.round(r * (RAMP_STEPS - 1))];
}
