// Training progress on stderr: a live bar on a terminal, otherwise a line per check.

import { describeRun } from '../engine/ranWith';
import { LiveRun } from '../engine/liveRun';
import type { Thresholds, WorkerMessage } from '../shared/protocol';
import { checkLine, plural, progressLine, type ProgressState } from './format';
import { printable } from './printable';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Redraws the bar at most this often: a terminal does not need every batch. */
const REDRAW_MS = 100;
const CLEAR_LINE = '\r\x1b[2K';

export class ScanProgress {
  private run: LiveRun | null = null;
  private dead = 0;
  private units = 0;
  private bar: Omit<ProgressState, 'dead' | 'units'> | null = null;
  private lastDraw = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly thresholds: Thresholds,
  ) {}

  private get live(): boolean {
    return this.stream.isTTY === true;
  }

  message(m: WorkerMessage): void {
    switch (m.type) {
      case 'started':
        this.run = new LiveRun(m.file, this.thresholds);
        this.run.observe(m);
        this.units = m.model.reduce((sum, l) => sum + (l.family === null ? 0 : l.units), 0);
        this.print(
          printable(
            `${fitPrefix(m)}Training on ${describeRun(m) ?? m.backend}: ${plural(m.epochs, 'epoch')} of ${plural(m.batchesPerEpoch, 'batch', 'batches')}, ${plural(m.samples, 'sample')}\n`,
          ),
        );
        break;
      case 'units':
        this.run?.observe(m);
        this.dead = this.run?.dead() ?? 0;
        if (this.live) this.draw(true);
        else if (m.check.kind !== 'batch') this.print(checkLine(m.check.label, this.bar?.loss, this.dead, this.units));
        break;
      case 'progress':
        this.bar = { epoch: m.epoch, epochs: m.epochs, batch: m.batch, batches: m.batches, loss: m.loss };
        if (this.live) this.draw(m.batch === m.batches);
        break;
      case 'log':
        this.print(`${m.level === 'warn' ? 'warning: ' : ''}${printable(m.text)}\n`);
        break;
    }
  }

  /** What the worker and the user's script print. */
  output(text: string): void {
    this.print(text);
  }

  /** Removes the bar before the report is printed. */
  end(): void {
    if (this.live && this.bar) this.stream.write(CLEAR_LINE);
  }

  private print(text: string): void {
    if (!this.live || !this.bar) {
      this.stream.write(text);
      return;
    }
    // Text above the bar, which is redrawn under it.
    this.stream.write(CLEAR_LINE + (text.endsWith('\n') ? text : `${text}\n`));
    this.draw(true);
  }

  private draw(force: boolean): void {
    const now = Date.now();
    if (!this.bar || (!force && now - this.lastDraw < REDRAW_MS)) return;
    this.lastDraw = now;
    this.stream.write(CLEAR_LINE + progressLine({ ...this.bar, dead: this.dead, units: this.units }));
  }
}

/** `Fit 2: ` before a later fit's training line (a scan of several fits), with the repeats it counts. */
function fitPrefix(m: Extract<WorkerMessage, { type: 'started' }>): string {
  if (!m.fit) return '';
  const repeats = m.fit.repeats > 0 ? ` (${plural(m.fit.repeats, 'repeat')} counted, not scanned)` : '';
  return `Fit ${m.fit.index + 1}${repeats}: `;
}
