// Quick fixes for the scan's diagnostics (code-actions-sample style): one CodeAction per engine
// fix, its edits in one WorkspaceEdit, `isPreferred` on the engine's best; a stale finding
// offers a re-scan instead. "Fix all in file" is a source action.
import * as vscode from 'vscode';
import type { FixResult, TextEdit } from '../engine/fixes';
import { DIAGNOSTIC_SOURCE, type Finding, type ScanDiagnostics } from './diagnostics';
import { COMMANDS } from './commandIds';
import { fixAll, fixesForFinding, isFixable, replacementBetween } from './layerFixes';

/** Wraps engine edits (offsets into the document's text) in one WorkspaceEdit: one undo. */
export function toWorkspaceEdit(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  return edit;
}

/** Runs after a fix is applied: offers to re-scan the file to measure it. */
export const offerRescanCommand = (document: vscode.TextDocument, applied: string): vscode.Command => ({
  command: COMMANDS.offerRescan,
  title: 'Offer a re-scan',
  arguments: [document.uri, applied],
});

export class NeuronCodeActions implements vscode.CodeActionProvider {
  static readonly fixAllKind = vscode.CodeActionKind.SourceFixAll.append('dyingNeurons');
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, NeuronCodeActions.fixAllKind];

  constructor(private readonly diagnostics: ScanDiagnostics) {}

  static register(diagnostics: ScanDiagnostics): vscode.Disposable[] {
    return [
      vscode.languages.registerCodeActionsProvider(
        { scheme: 'file', pattern: '**/*.{py,js,mjs,cjs,ts,mts}' },
        new NeuronCodeActions(diagnostics),
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
    return fixesForFinding(document.getText(), document.fileName, finding).map((fix) => this.fixAction(document, diagnostic, fix));
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
  if (!findings.some(isFixable)) return undefined;
  const source = document.getText();
  const { text, applied } = fixAll(source, document.fileName, findings);
  if (applied.length === 0) return undefined;
  const count = `${applied.length} fix${applied.length === 1 ? '' : 'es'}`;
  const action = new vscode.CodeAction(`Dying Neurons: fix all in file (${count})`, NeuronCodeActions.fixAllKind);
  action.edit = toWorkspaceEdit(document, [replacementBetween(source, text)]);
  action.command = offerRescanCommand(document, applied.map((a) => `${a.layer}: ${a.fix.title}`).join('; '));
  return action;
}
