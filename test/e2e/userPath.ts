// The user's path in the browser, as a person would walk it in code-server.
import type { HostSuiteResults } from '../vscode/index';
import { startSession } from './harness';
import { paletteEntries } from './workbench';
import { exampleWorkspace, scanSettings } from './workspace';

export async function runUserPath(): Promise<HostSuiteResults> {
  const session = await startSession({ name: 'user-path', workspaceFiles: exampleWorkspace(), workspaceSettings: scanSettings, installExtension: true });
  try {
    const { page } = session;
    await session.open();
    await session.screenshot('workbench');
    const entries = await paletteEntries(page, 'Dying Neurons');
    await session.screenshot('palette');
    for (const title of ['Train and Scan', 'Show Activations']) {
      if (!entries.includes(`Dying Neurons: ${title}`)) throw new Error(`palette lacks "Dying Neurons: ${title}"; it lists ${JSON.stringify(entries)}`);
    }
    return { passed: ['user path: the palette lists the Dying Neurons commands'], failed: [], skipped: [], retried: [] };
  } finally {
    await session.close();
  }
}
