// The extension side of the Activations panel (PanelHost): what a newly opened panel needs to
// catch up with the current run, and what the panel's buttons and links do.
import * as vscode from 'vscode';
import type { FixId, FixOffer, FromWebviewMessage, ToWebviewMessage, TryResults } from '../shared/protocol';
import { COMMANDS } from './commandIds';
import { documentUri } from './notebooks';
import type { FixCommands } from './fixCommands';
import type { PanelHost } from './panelHost';
import type { PanelSink, ScanController } from './scanController';

/** The try-fixes feature as the panel needs it: its last results, and applying a row. */
export interface TryFixesHost {
  latestResults(file: string): TryResults | undefined;
  applyFixes(file: string, layer: string, fixes: FixId[]): Promise<boolean>;
}

export class ActivationsHost implements PanelHost {
  /** The fix buttons of the file last scanned, per layer. */
  private offers: { file: string; fixes: Record<string, FixOffer[]> } | undefined;

  constructor(
    private readonly scans: ScanController,
    private readonly fixes: FixCommands,
    private readonly panel: PanelSink,
    private readonly tries?: TryFixesHost,
  ) {}

  replay(): ToWebviewMessage[] {
    const run = this.scans.currentRun;
    if (!run) return [];
    const worker = run.transcript().map((message): ToWebviewMessage => ({ type: 'worker', file: run.file, message }));
    const offers = this.offers?.file === run.file ? [{ type: 'fixes' as const, ...this.offers }] : [];
    const tried = this.tries?.latestResults(run.file);
    return [...worker, ...offers, ...(tried ? [{ type: 'tryResults' as const, file: run.file, results: tried }] : [])];
  }

  /** Recomputes the fix buttons of `file` (after a scan or a fix) and sends them to the panel. */
  async refreshFixes(file: string): Promise<void> {
    const fixes = await this.fixes.offers(file);
    this.offers = { file, fixes };
    this.panel.post({ type: 'fixes', file, fixes });
  }

  /**
   * Whether a panel's message may act on its file. The panel names files, but only those of the
   * runs it shows count (never any path a webview names): a scanned file; to reveal, also a file
   * where a run places a layer or a finding.
   */
  private accepts(message: FromWebviewMessage): boolean {
    if (message.type === 'ready') return true;
    return (message.type === 'reveal' ? this.scans.runPlacing(message.file) : this.scans.runOf(message.file)) !== undefined;
  }

  async handle(message: FromWebviewMessage): Promise<void> {
    if (!this.accepts(message)) return;
    switch (message.type) {
      case 'ready':
        return; // the panel asks replay() itself
      case 'applyFix':
        if (await this.fixes.applyFix(message.file, message.layer, message.fix)) await this.refreshFixes(message.file);
        return;
      case 'applyFixes':
        if (await this.tries?.applyFixes(message.file, message.layer, message.fixes)) await this.refreshFixes(message.file);
        return;
      case 'rescan':
        await this.scans.trainAndScan(vscode.Uri.file(message.file));
        return;
      case 'reveal': {
        const at = new vscode.Position(message.line - 1, message.column - 1);
        await vscode.window.showTextDocument(documentUri(message.file, message.cell), { selection: new vscode.Range(at, at) });
        return;
      }
      case 'tryFixes':
        await vscode.commands.executeCommand(COMMANDS.tryFixes, vscode.Uri.file(message.file), message.layer);
        return;
    }
  }
}
