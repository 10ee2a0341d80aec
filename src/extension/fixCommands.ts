// Fixes outside the lightbulb: "Fix All in File", the panel's fix buttons (by layer name), and
// the re-scan offer that follows every applied fix.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FixId, FixOffer } from '../shared/protocol';
import { fixAllAction, toWorkspaceEdit } from './codeActions';
import { COMMANDS } from './commandIds';
import type { ScanDiagnostics } from './diagnostics';
import { fixesForFinding, isFixable } from './layerFixes';
import { documentLanguage, findingDocuments } from './notebooks';

export class FixCommands {
  constructor(
    private readonly diagnostics: ScanDiagnostics,
    private readonly rescan: (uri: vscode.Uri) => unknown,
  ) {}

  register(): vscode.Disposable[] {
    return [
      vscode.commands.registerCommand(COMMANDS.offerRescan, (uri: vscode.Uri, applied: string) => this.offerRescan(uri, applied)),
      vscode.commands.registerCommand(COMMANDS.fixAllInFile, (uri?: vscode.Uri) => this.fixAllInFile(uri)),
    ];
  }

  async offerRescan(uri: vscode.Uri, applied: string): Promise<void> {
    const rescan = 'Re-scan';
    const answer = await vscode.window.showInformationMessage(
      `Dying Neurons: applied ${applied} in ${path.basename(uri.fsPath)}. Re-scan to measure the change?`,
      rescan,
    );
    if (answer === rescan) await this.rescan(uri);
  }

  /** Applies every finding's preferred fix in `target` (default: the active editor's file). */
  async fixAllInFile(target?: vscode.Uri): Promise<boolean> {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('Dying Neurons: open a scanned file to fix it.');
      return false;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const action = fixAllAction(document, this.diagnostics.findingsIn(uri));
    if (!action?.edit || !action.command) {
      void vscode.window.showInformationMessage(
        `Dying Neurons: nothing to fix in ${path.basename(uri.fsPath)} (findings whose layer was edited need a re-scan first).`,
      );
      return false;
    }
    if (!(await vscode.workspace.applyEdit(action.edit))) return false;
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    return true;
  }

  /** The fixes per layer name for the file's current findings (the panel's buttons); a notebook's are in its cells. */
  async offers(file: string): Promise<Record<string, FixOffer[]>> {
    const offers: [string, FixOffer[]][] = [];
    for (const uri of findingDocuments(file)) {
      const findings = this.diagnostics.findingsIn(uri).filter(isFixable);
      if (findings.length === 0) continue;
      const document = await vscode.workspace.openTextDocument(uri);
      const source = document.getText();
      for (const f of findings) {
        offers.push([f.layer.name, fixesForFinding(source, documentLanguage(document), f).map(({ id, title, preferred }) => ({ id, title, preferred }))]);
      }
    }
    return Object.fromEntries(offers);
  }

  /** Applies one fix to one layer of `file` (a panel button); false when it is no longer offered. */
  async applyFix(file: string, layer: string, fix: FixId): Promise<boolean> {
    const layerIn = (uri: vscode.Uri) => this.diagnostics.findingsIn(uri).find((f) => isFixable(f) && f.layer.name === layer);
    const uri = findingDocuments(file).find(layerIn) ?? vscode.Uri.file(file);
    const finding = layerIn(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    const chosen = finding && fixesForFinding(document.getText(), documentLanguage(document), finding).find((f) => f.id === fix);
    if (!chosen) {
      void vscode.window.showInformationMessage(`Dying Neurons: that fix is no longer offered for ${layer} (its code changed since the scan); re-scan first.`);
      return false;
    }
    if (!(await vscode.workspace.applyEdit(toWorkspaceEdit(document, chosen.edits)))) return false;
    await this.offerRescan(uri, chosen.title);
    return true;
  }
}
