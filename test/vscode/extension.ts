// The extension under test as the suites see it: its manifest, its commands by title, activation.
import * as vscode from 'vscode';

export const EXTENSION_ID = 'dying-neurons.dying-neurons';

interface ContributedCommand {
  command: string;
  title: string;
  category?: string;
}

interface Manifest {
  contributes?: { commands?: ContributedCommand[] };
}

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  if (!found) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return found;
}

export function contributedCommands(): ContributedCommand[] {
  return (extension().packageJSON as Manifest).contributes?.commands ?? [];
}

/** The command id contributed with this title (e.g. "Train and Scan"). */
export function commandId(title: string): string {
  const found = contributedCommands().find((c) => c.title === title);
  if (!found) throw new Error(`no contributed command titled "${title}"`);
  return found.command;
}
