// The Activations panel: validates what the extension posts, feeds the run model, redraws what
// changed once per animation frame, and keeps its state in vscode.setState for reloads.
import { parseToWebviewMessage, type FromWebviewMessage } from '../shared/protocol';
import { Chart } from './chart';
import { lossSeries } from './chartData';
import { lossOptions } from './chartOptions';
import { h } from './dom';
import { Header } from './header';
import { LayerTable } from './layerTable';
import { LayerView } from './layerView';
import { attentionLayer, layerCounts, RunModel, type Change, type LayerTrack, type PanelRun } from './runModel';
import { parseSavedState, runMessages, type PanelUi, type SavedState } from './savedState';
import { observeTheme, readPalette, type Palette } from './theme';
import { measure } from './timing';
import { TryFixesView } from './tryFixesView';
import type { VsCodeApi } from './vscodeApi';

/** Data is saved at most this often while a run streams (the UI state is saved at once)… */
const SAVE_DELAY_MS = 1000;
/** …when the page is idle, or after this long at the latest. */
const SAVE_IDLE_TIMEOUT_MS = 2000;

/** Input that means the user has taken over: from then on the panel scrolls only when asked. */
const USER_INPUT = ['wheel', 'pointerdown', 'keydown', 'touchstart'] as const;

/** What the detail view shows now, to tell a full redraw from an update. */
interface Shown {
  run: PanelRun;
  track: LayerTrack;
  palette: Palette;
}

export class Panel {
  private readonly model = new RunModel();
  private ui: PanelUi = { file: null, layer: null, deadFirst: false };
  private palette: Palette;
  private pending: Change[] = [];
  private frame = 0;
  private shown: Shown | null = null;
  private lossShown: { run: PanelRun; version: number; palette: Palette } | null = null;
  private saved: SavedState['messages'] = [];
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Until the user scrolls, clicks or types, the layer that needs attention is kept in view. */
  private follow = true;

  private readonly header: Header;
  private readonly table: LayerTable;
  private readonly tryFixes: TryFixesView;
  private readonly loss = new Chart('Loss and metrics', 220);
  private readonly layerView = new LayerView((deadFirst) => this.choose({ ...this.ui, deadFirst }));
  private readonly content: HTMLElement;

  constructor(private readonly root: HTMLElement, private readonly api: VsCodeApi) {
    this.palette = readPalette();
    this.header = new Header({ post: (m) => this.post(m), chooseFile: (f) => this.choose({ ...this.ui, file: f, layer: null }) }, this.model);
    this.table = new LayerTable({ post: (m) => this.post(m), select: (layer) => this.choose({ ...this.ui, layer }) });
    this.tryFixes = new TryFixesView((m) => this.post(m));
    this.content = h(
      'main',
      { class: 'content empty' },
      h('section', { class: 'layers', 'aria-label': 'Layers' }, h('h3', {}, 'Layers'), this.table.element),
      this.tryFixes.element,
      this.layerView.element,
      h('section', { class: 'training', 'aria-label': 'Training' }, this.loss.element),
    );
    this.root.replaceChildren(this.header.element, this.content);
  }

  start(): void {
    const saved = parseSavedState(this.api.getState());
    if (saved !== undefined) {
      for (const m of saved.messages) this.pending.push(this.model.apply(m));
      this.ui = saved.ui;
      this.layerView.setDeadFirst(saved.ui.deadFirst);
      if (this.ui.file !== null && this.model.runs.has(this.ui.file)) this.model.current = this.ui.file;
      this.saved = saved.messages;
    }
    window.addEventListener('message', (e: MessageEvent<unknown>) => this.receive(e.data));
    const takeOver = (): void => {
      this.follow = false;
      for (const type of USER_INPUT) window.removeEventListener(type, takeOver, true);
    };
    for (const type of USER_INPUT) window.addEventListener(type, takeOver, { capture: true, passive: true });
    observeTheme(() => {
      this.palette = readPalette();
      this.schedule();
    });
    this.render();
    this.post({ type: 'ready' });
  }

  private receive(data: unknown): void {
    const start = performance.now();
    const message = parseToWebviewMessage(data);
    if (message === undefined) {
      console.warn('Dying Neurons: ignored a message that is not in the protocol', data);
      return;
    }
    const change = this.model.apply(message);
    // A new run takes over the panel.
    if (change.reset) this.ui = { ...this.ui, file: change.file, layer: this.ui.file === change.file ? this.ui.layer : null };
    this.pending.push(change);
    measure('dn:ingest', start);
    this.schedule();
    this.scheduleSave(change.final);
  }

  private post(message: FromWebviewMessage): void {
    this.api.postMessage(message);
  }

  private choose(ui: PanelUi): void {
    this.ui = ui;
    if (ui.file !== null) this.model.current = ui.file;
    this.saveUi();
    this.schedule();
  }

  private schedule(): void {
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const start = performance.now();
    const changes = this.pending;
    this.pending = [];
    const run = this.model.run(this.ui.file ?? this.model.current);
    this.header.render(run);
    // Collapsed rather than display:none, so the charts and the heatmap can measure their width.
    this.content.classList.toggle('empty', run === undefined);
    if (run !== undefined) {
      const track = this.selectedTrack(run);
      const rowsRebuilt = this.table.render(run, track?.name ?? null);
      this.tryFixes.render(run.tryResults);
      this.renderLoss(run);
      const layerShown = this.renderLayer(run, track, changes.filter((c) => c.file === run.file).flatMap((c) => c.checks));
      // Only what can move the layer view calls for a look at the layout (it costs one).
      const moved = rowsRebuilt || layerShown || changes.some((c) => c.reset || c.final);
      if (this.follow && moved && track !== undefined && track === attentionLayer(run)) this.revealLayer();
    }
    measure('dn:render', start);
  }

  /**
   * The chosen layer, else the first that needs attention, else the one with the largest share
   * of dead, dying and saturated units.
   */
  private selectedTrack(run: PanelRun): LayerTrack | undefined {
    const chosen = run.layers.find((t) => t.name === this.ui.layer) ?? attentionLayer(run);
    if (chosen !== undefined) return chosen;
    const bad = (t: LayerTrack): number => {
      const c = layerCounts(run, t);
      return (c.dead + c.dying + c.saturated) / Math.max(1, t.units);
    };
    return run.layers.reduce<LayerTrack | undefined>((best, t) => (best === undefined || bad(t) > bad(best) ? t : best), undefined);
  }

  /** Scrolls the layer view up to the header when its heatmap is not all in sight. */
  private revealLayer(): void {
    const top = this.header.element.getBoundingClientRect().bottom;
    const heatmap = this.layerView.heatmapElement.getBoundingClientRect();
    if (heatmap.top >= top && heatmap.bottom <= window.innerHeight) return;
    window.scrollBy(0, this.layerView.element.getBoundingClientRect().top - top);
  }

  private renderLoss(run: PanelRun): void {
    const s = this.lossShown;
    if (s !== null && s.run === run && s.version === run.version && s.palette === this.palette) return;
    this.lossShown = { run, version: run.version, palette: this.palette };
    const { metricNames, data } = lossSeries(run);
    this.loss.render(JSON.stringify(metricNames), lossOptions(metricNames), data, this.palette);
  }

  /** Shows `track` in the layer view; true when it was drawn from scratch. */
  private renderLayer(run: PanelRun, track: LayerTrack | undefined, checks: number[]): boolean {
    this.layerView.element.hidden = track === undefined;
    if (track === undefined) {
      this.shown = null;
      return false;
    }
    const s = this.shown;
    if (s === null || s.run !== run || s.track !== track || s.palette !== this.palette) {
      this.shown = { run, track, palette: this.palette };
      this.layerView.show(run, track, this.palette);
      return true;
    }
    if (checks.length > 0 || run.report !== null) this.layerView.update(run, track, this.palette, checks);
    return false;
  }

  private scheduleSave(now: boolean): void {
    if (now) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.save();
    } else {
      this.saveTimer ??= setTimeout(() => {
        requestIdleCallback(() => {
          this.saveTimer = undefined;
          this.save();
        }, { timeout: SAVE_IDLE_TIMEOUT_MS });
      }, SAVE_DELAY_MS);
    }
  }

  private save(): void {
    const start = performance.now();
    this.saved = [...this.model.runs.values()].flatMap((run) => runMessages(run));
    this.saveUi();
    measure('dn:save', start);
  }

  private saveUi(): void {
    const state: SavedState = { v: 1, ui: this.ui, messages: this.saved };
    this.api.setState(state);
  }
}
