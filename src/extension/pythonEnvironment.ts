// The interpreter the Python extension has chosen for a file (its active environment), through the
// extension's published API. Without the Python extension, or when it has no answer, undefined: the
// scan then tries python3 and python on PATH.
import { PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';

export const PYTHON_EXTENSION_ID = 'ms-python.python';

/** The executable of the Python extension's active environment for `file`; undefined when there is none to ask. */
export async function activeInterpreter(file: vscode.Uri): Promise<string | undefined> {
  // Checked first: PythonExtension.api() would throw (and log) without it.
  if (!vscode.extensions.getExtension(PYTHON_EXTENSION_ID)) return undefined;
  try {
    const environments = (await PythonExtension.api()).environments;
    const active = environments.getActiveEnvironmentPath(file);
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath ?? (active.path || undefined);
  } catch {
    return undefined; // An extension that fails to activate or to answer is not the user's problem here.
  }
}
