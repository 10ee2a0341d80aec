// Try Fixes in VS Code: measures a layer's quick fixes (each in a training process of its own,
// on the editor's text or a notebook's current cells, in memory) under a cancellable progress
// notification, shows the ranked rows in the Activations panel, and applies a row's fixes as one
// WorkspaceEdit (in a notebook: on the layer's cell, the notebook left unsaved). The measured
// winner becomes the preferred quick fix of the layer's diagnostic. The file is not touched
// until the user applies a row.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { replacementBetween } from '../engine/fixes/text';
import { applyFixChain, winnerOf, type TriedLayer } from '../engine/tryFixes';
import type { FixId, TryResults } from '../shared/protocol';
import { selectRunner } from '../host/runners';
import { launchTryFixes, type TryFixesHandle, type TryOutcome } from '../host/tryFixes';
import { toWorkspaceEdit } from './codeActions';
import { COMMANDS } from './commandIds';
import type { ScanDiagnostics } from './diagnostics';
import { isFixable, targetOf, type FixableFinding } from './layerFixes';
import type { MeasuredFixes, MeasuredWinner } from './measuredFixes';
import { documentLanguage, fixDocuments, runSource, type FixDocument } from './notebooks';
import type { PanelSink } from './scanController';
import { readRunSettings, runnerConfig } from './settings';

export interface TryFixesDeps {
  /** The worker bundle (dist/worker.js). */
  workerPath: string;
  diagnostics: ScanDiagnostics;
  panel: PanelSink;
  /** Opens the Activations panel, where the results show. */
  showPanel(): void;
  output: vscode.LogOutputChannel;
}

export type LaunchTry = typeof launchTryFixes;

/** What a try ran on: the text and the layer, to apply its rows when the finding is gone. */
interface Tried {
  source: string;
  layer: TriedLayer;
}

const keyOf = (file: string, layer: string) => `${file}\n${layer}`;
const asUri = (arg: unknown): vscode.Uri | undefined => (arg instanceof vscode.Uri ? arg : undefined);
const done = (results: TryResults) => results.rows.filter((r) => r.status !== 'pending' && r.status !== 'running').length;

export class TryFixesController implements MeasuredFixes {
  /** The running try per file (a new try of the file stops it). */
  private readonly running = new Map<string, TryFixesHandle>();
  private readonly latest = new Map<string, TryResults>();
  private readonly tried = new Map<string, Tried>();
  private readonly winners = new Map<string, MeasuredWinner>();

  constructor(
    private readonly deps: TryFixesDeps,
    private readonly launch: LaunchTry = launchTryFixes,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.tryFixes, async (uri?: unknown, layer?: unknown) => {
        await this.tryFixes(asUri(uri), typeof layer === 'string' ? layer : undefined);
      }),
      new vscode.Disposable(() => this.running.forEach((handle) => handle.cancel())),
    ];
  }

  winnerFor(file: string, layer: string): MeasuredWinner | undefined {
    return this.winners.get(keyOf(file, layer));
  }

  /** The last results of a try on `file`, for a panel opened later. */
  latestResults(file: string): TryResults | undefined {
    return this.latest.get(file);
  }

  /** Tries the fixes of `layer` in `target` (default: the active editor, the finding at the cursor or its first). */
  async tryFixes(target?: vscode.Uri, layer?: string): Promise<TryOutcome | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        'Dying Neurons: Try Fixes trains your script, which is code from this workspace, so it is disabled in Restricted Mode.',
      );
      return undefined;
    }
    const editor = vscode.window.activeTextEditor;
    const given = target ?? editor?.document.uri;
    if (!given) {
      void vscode.window.showInformationMessage('Dying Neurons: open a scanned training script to try fixes on one of its layers.');
      return undefined;
    }
    // A cell's document (`vscode-notebook-cell:`) stands for its notebook.
    const file = given.fsPath;
    const uri = vscode.Uri.file(file);
    const documents = await fixDocuments(file);
    const cursor = editor && documents.some((d) => d.document === editor.document) ? { document: editor.document, at: editor.selection?.active } : undefined;
    const found = this.findingFor(documents, layer, cursor);
    if (!found || !documentLanguage(found.document)) {
      void vscode.window.showInformationMessage(
        `Dying Neurons: Try Fixes measures the fixes of a layer with a finding${layer ? ` (${layer})` : ''}; Train and Scan ${path.basename(file)} first (a finding whose layer was edited needs a re-scan).`,
      );
      return undefined;
    }
    const { finding, cell } = found;
    return this.run(uri, await runSource(file, documents), {
      name: finding.layer.name,
      ...(cell ? { cell } : {}),
      target: targetOf(finding),
      code: finding.report.code,
    });
  }

  /** Applies a row's fixes to the layer (in a notebook: to its cell) as one edit; false when they no longer apply. */
  async applyFixes(file: string, layer: string, fixes: FixId[]): Promise<boolean> {
    const documents = await fixDocuments(file);
    const found = this.findingFor(documents, layer, undefined);
    const tried = this.tried.get(file);
    // The finding's current place; else the try's own, while the text is still the one it tried.
    const unchanged = tried && tried.layer.name === layer && tried.source === (await runSource(file, documents));
    const at = found
      ? { document: found.document, target: targetOf(found.finding), code: found.finding.report.code }
      : unchanged
        ? { document: documents.find((d) => d.cell?.index === tried.layer.cell?.index)?.document, ...tried.layer }
        : undefined;
    const text = at?.document?.getText();
    const language = at?.document && documentLanguage(at.document);
    const candidate = at && text !== undefined && language ? applyFixChain(text, language, at.target, at.code, fixes) : undefined;
    if (!at?.document || text === undefined || !candidate) {
      void vscode.window.showInformationMessage(
        `Dying Neurons: those fixes no longer apply to ${layer} (its code changed since the try); re-scan or try again.`,
      );
      return false;
    }
    if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(at.document, [replacementBetween(text, candidate.source)])))) return false;
    await vscode.commands.executeCommand(COMMANDS.offerRescan, vscode.Uri.file(file), candidate.title);
    return true;
  }

  /** Cancels every running try; resolves once their workers are gone. */
  async stopAll(): Promise<void> {
    const handles = [...this.running.values()];
    handles.forEach((h) => h.cancel());
    await Promise.all(handles.map((h) => h.done));
  }

  /** The finding of `layer` (default: the one at the cursor, else the first) and the document it is in. */
  private findingFor(
    documents: readonly FixDocument[],
    layer: string | undefined,
    cursor: { document: vscode.TextDocument; at: vscode.Position | undefined } | undefined,
  ): (FixDocument & { finding: FixableFinding }) | undefined {
    const all = documents.flatMap((d) =>
      this.deps.diagnostics
        .findingsIn(d.document.uri)
        .filter(isFixable)
        .map((finding) => ({ ...d, finding })),
    );
    if (layer !== undefined) return all.find((f) => f.finding.layer.name === layer);
    const line = cursor?.at?.line;
    const contains = ({ document, finding: { span } }: FixDocument & { finding: FixableFinding }) =>
      document === cursor?.document && line !== undefined && span.start.line <= line && line <= span.end.line;
    return all.find(contains) ?? all[0];
  }

  private async run(uri: vscode.Uri, source: string, layer: TriedLayer): Promise<TryOutcome> {
    const file = uri.fsPath;
    this.running.get(file)?.cancel();
    const settings = readRunSettings(uri);
    const { options } = settings;
    this.tried.set(file, { source, layer });
    this.winners.delete(keyOf(file, layer.name));
    this.deps.showPanel();
    let report: (results: TryResults) => void = () => undefined;
    // The scan settings apply, but a try's runs are short: the try's own epoch budget.
    const handle = this.launch(
      { options: { ...options, epochs: undefined }, source, layer },
      {
        runner: selectRunner(options, runnerConfig(settings, this.deps.workerPath)),
        onUpdate: (results) => {
          this.latest.set(file, results);
          this.deps.panel.post({ type: 'tryResults', file, results });
          report(results);
        },
      },
    );
    this.running.set(file, handle);
    this.deps.output.info(`[${path.basename(file)}] trying the fixes of ${layer.name} (line ${layer.target.line})`);
    const title = `Dying Neurons: trying fixes on ${layer.name} (${path.basename(file)})`;
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => handle.cancel());
      let reported = 0;
      report = (results) => {
        const percent = (done(results) * 100) / Math.max(results.rows.length, 1);
        progress.report({ message: `${done(results)} of ${results.rows.length} runs measured`, increment: percent - reported });
        reported = percent;
      };
      return handle.done;
    });
    if (this.running.get(file) === handle) this.running.delete(file);
    await this.conclude(uri, layer, outcome);
    return outcome;
  }

  /** Remembers the winner and says what the try found. */
  private async conclude(uri: vscode.Uri, layer: TriedLayer, outcome: TryOutcome): Promise<void> {
    if (outcome.kind !== 'results') {
      const why = outcome.kind === 'no-layer' ? outcome.message : 'the unchanged model could not be scanned.';
      void vscode.window.showInformationMessage(`Dying Neurons: ${why}`);
      return;
    }
    const { results } = outcome;
    if (results.status === 'cancelled') return;
    const winner = winnerOf(results.rows);
    if (!winner) {
      void vscode.window.showInformationMessage(`Dying Neurons: no fix beat the unchanged model on ${layer.name} in the short runs.`);
      return;
    }
    this.winners.set(keyOf(uri.fsPath, layer.name), { fixes: winner.fixes, title: winner.title });
    const baseline = results.rows.find((r) => r.fixes.length === 0)?.flagged;
    const apply = 'Apply';
    const answer = await vscode.window.showInformationMessage(
      `Dying Neurons: measured best fix for ${layer.name}: ${winner.title} (${winner.flagged} dead, dying or saturated units${baseline === null || baseline === undefined ? '' : ` instead of ${baseline}`}).`,
      apply,
    );
    if (answer === apply) await this.applyFixes(uri.fsPath, layer.name, winner.fixes);
  }
}
