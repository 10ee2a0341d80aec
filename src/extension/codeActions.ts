// Quick fixes for the scan's diagnostics (code-actions-sample style): one CodeAction per engine
// fix, its edits in one WorkspaceEdit, `isPreferred` on the engine's best; a stale finding
// offers a re-scan instead. "Fix all in file" is a source action.
import * as vscode from 'vscode';
import type { FixResult, TextEdit } from '../engine/fixes';
import { fixAll } from '../engine/fixes/fixAll';
import { replacementBetween } from '../engine/fixes/text';
import { applyFixChain } from '../engine/tryFixes';
import { SCRIPT_EXTENSIONS } from '../shared/protocol';
import { DIAGNOSTIC_SOURCE, type Finding, type ScanDiagnostics } from './diagnostics';
import { COMMANDS } from './commandIds';
import { fixAllItems, fixesForFinding, isFixable, targetOf, type FixableFinding } from './layerFixes';
import { documentLanguage } from './notebooks';
import type { MeasuredFixes } from './measuredFixes';

/** Wraps engine edits (offsets into the document's text) in one WorkspaceEdit: one undo. */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return edit;
}

/** Runs after a fix is applied: offers to re-scan the file to measure it. */
const offerRescanCommand = (document: vscode.TextDocument, applied: string): vscode.Command => ({
  command: COMMANDS.offerRescan,
  title: 'Offer a re-scan',
  arguments: [document.uri, applied],
});

export class NeuronCodeActions implements vscode.CodeActionProvider {
  static readonly fixAllKind = vscode.CodeActionKind.SourceFixAll.append('dyingNeurons');
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, NeuronCodeActions.fixAllKind];

  /** With `measured` (Try Fixes), a measured winner is the preferred fix, and "Try fixes…" is offered. */
  constructor(
    private readonly diagnostics: ScanDiagnostics,
    private readonly measured?: MeasuredFixes,
  ) {}

  static register(diagnostics: ScanDiagnostics, measured: MeasuredFixes): vscode.Disposable[] {
    return [
      vscode.languages.registerCodeActionsProvider(
        [
          { scheme: 'file', pattern: `**/*{${SCRIPT_EXTENSIONS.join(',')}}` },
          { scheme: 'vscode-notebook-cell', language: 'python' },
        ],
        new NeuronCodeActions(diagnostics, measured),
        { providedCodeActionKinds: NeuronCodeActions.providedCodeActionKinds },
      ),
    ];
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const quickFixes =
      !context.only || context.only.intersects(vscode.CodeActionKind.QuickFix)
        ? context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE).flatMap((d) => this.quickFixes(document, d))
        : [];
    return [...quickFixes, ...this.fixAllActions(document, context)];
  }

  private quickFixes(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const finding = this.diagnostics.findingFor(document.uri, diagnostic);
    if (!finding) return [];
    if (finding.stale) {
      const action = new vscode.CodeAction('Re-scan to refresh this finding', vscode.CodeActionKind.QuickFix);
      action.command = { command: COMMANDS.rescan, title: 'Re-scan', arguments: [document.uri] };
      action.diagnostics = [diagnostic];
      return [action];
    }
    const fixes = fixesForFinding(document.getText(), documentLanguage(document), finding);
    const actions = fixes.map((fix) => this.fixAction(document, diagnostic, fix));
    const measurable = this.measured && isFixable(finding);
    return measurable ? this.withMeasurements(document, diagnostic, finding, fixes, actions) : actions;
  }

  /**
   * The measured winner of a try becomes the preferred fix (a pair of fixes is an action of its
   * own, first), and "Try fixes…" comes last.
   */
  private withMeasurements(
    document: vscode.TextDocument,
    diagnostic: vscode.Diagnostic,
    finding: FixableFinding,
    fixes: readonly FixResult[],
    actions: vscode.CodeAction[],
  ): vscode.CodeAction[] {
    const layer = finding.layer.name;
    const winner = this.measured?.winnerFor(document.uri.fsPath, layer);
    let best = winner?.fixes.length === 1 ? actions[fixes.findIndex((f) => f.id === winner.fixes[0])] : undefined;
    const language = documentLanguage(document);
    if (winner && winner.fixes.length > 1 && language) {
      const text = document.getText();
      const pair = applyFixChain(text, language, targetOf(finding), finding.report.code, winner.fixes);
      if (pair) {
        best = new vscode.CodeAction(pair.title, vscode.CodeActionKind.QuickFix);
        best.edit = toWorkspaceEdit(document, [replacementBetween(text, pair.source)]);
        best.diagnostics = [diagnostic];
        best.command = offerRescanCommand(document, pair.title);
        actions.unshift(best);
      }
    }
    if (best) {
      actions.forEach((a) => (a.isPreferred = a === best));
      best.title = `${best.title} (measured best)`;
    }
    const trial = new vscode.CodeAction(`Try fixes for ${layer}… (measure)`, vscode.CodeActionKind.QuickFix);
    // A cell's try is its notebook's (the cell's document has the notebook's path).
    trial.command = { command: COMMANDS.tryFixes, title: 'Try Fixes', arguments: [vscode.Uri.file(document.uri.fsPath), layer] };
    trial.diagnostics = [diagnostic];
    return [...actions, trial];
  }

  private fixAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, fix: FixResult): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    action.edit = toWorkspaceEdit(document, fix.edits);
    action.diagnostics = [diagnostic];
    action.isPreferred = fix.preferred;
    action.command = offerRescanCommand(document, fix.title);
    return action;
  }

  /**
   * Only when asked for by kind (Source Action…, Fix All) and invoked by the user: `source.fixAll`
   * also runs on save with `editor.codeActionsOnSave`, and these fixes change the model.
   */
  private fixAllActions(document: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const requested = context.only?.contains(NeuronCodeActions.fixAllKind) ?? false;
    if (context.triggerKind !== vscode.CodeActionTriggerKind.Invoke || !requested) return [];
    const action = fixAllAction(document, this.diagnostics.findingsIn(document.uri));
    return action ? [action] : [];
  }
}

/** "Fix all": every finding's preferred fix in one edit; undefined when there is nothing to fix. */
export function fixAllAction(document: vscode.TextDocument, findings: readonly Finding[]): vscode.CodeAction | undefined {
  const language = documentLanguage(document);
  if (!language || !findings.some(isFixable)) return undefined;
  const source = document.getText();
  const { text, applied } = fixAll(source, language, fixAllItems(findings));
  if (applied.length === 0) return undefined;
  const count = `${applied.length} fix${applied.length === 1 ? '' : 'es'}`;
  const action = new vscode.CodeAction(`Dying Neurons: fix all in file (${count})`, NeuronCodeActions.fixAllKind);
  action.edit = toWorkspaceEdit(document, [replacementBetween(source, text)]);
  action.command = offerRescanCommand(document, applied.map((a) => `${a.layer}: ${a.fix.title}`).join('; '));
  return action;
}
