// Colours for the canvas views, read from VS Code's theme variables. VS Code switches themes by
// changing the body's class (vscode-light / vscode-dark / vscode-high-contrast) and the
// variables on <html>; we watch both and re-read.
import { over, parseColor, type Rgba } from './colors';

export interface Palette {
  foreground: Rgba;
  background: Rgba;
  grid: Rgba;
  dead: Rgba;
  dying: Rgba;
  saturated: Rgba;
  healthy: Rgba;
  /** Line colours for loss and metrics, in order. */
  series: Rgba[];
  fontFamily: string;
}

// [variable, fallback (VS Code's default dark theme)] per role.
const ROLES = {
  foreground: ['--vscode-editor-foreground', '#cccccc'],
  background: ['--vscode-editor-background', '#1f1f1f'],
  grid: ['--vscode-charts-lines', 'rgba(204, 204, 204, 0.5)'],
  dead: ['--vscode-charts-red', '#f14c4c'],
  dying: ['--vscode-charts-orange', '#d18616'],
  saturated: ['--vscode-charts-purple', '#b180d7'],
  healthy: ['--vscode-charts-blue', '#3794ff'],
  yellow: ['--vscode-charts-yellow', '#cca700'],
  green: ['--vscode-charts-green', '#89d185'],
} as const;

type Role = keyof typeof ROLES;

/** Normalises any CSS colour through a canvas (which resolves names, hsl(), etc.). */
function makeResolver(): (css: string) => Rgba | undefined {
  const ctx = document.createElement('canvas').getContext('2d');
  return (css) => {
    if (ctx === null || css === '') return undefined;
    ctx.fillStyle = '#00000000';
    ctx.fillStyle = css;
    return parseColor(String(ctx.fillStyle));
  };
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const resolve = makeResolver();
  const raw = (role: Role): Rgba => {
    const [name, fallback] = ROLES[role];
    return resolve(style.getPropertyValue(name)) ?? (parseColor(fallback) as Rgba);
  };
  const background = over(raw('background'), [255, 255, 255, 255]);
  // Colours with alpha are composited over the background: canvas pixels are opaque.
  const role = (r: Role): Rgba => over(raw(r), background);
  return {
    foreground: role('foreground'),
    background,
    grid: role('grid'),
    dead: role('dead'),
    dying: role('dying'),
    saturated: role('saturated'),
    healthy: role('healthy'),
    series: [role('yellow'), role('green'), role('healthy'), role('saturated'), role('dying')],
    fontFamily: style.getPropertyValue('--vscode-font-family').trim() || 'sans-serif',
  };
}

/** Calls `onChange` (once per frame at most) when the theme changes; returns a stop function. */
export function observeTheme(onChange: () => void): () => void {
  let pending = false;
  const observer = new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
