// Real VS Code for tests: code-server on a free loopback port with scratch HOME/XDG dirs, the
// extension staged into a scratch extensions dir, and Debian's Chromium driving the workbench.
// Everything a session starts carries a marker in its environment, so teardown can prove that
// no process outlived it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '../..');
export const resultsRoot = path.join(repoRoot, 'test-results', 'e2e');
const scratchRoot = path.join(repoRoot, '.e2e');
const codeServerEntry = path.join(__dirname, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const chromiumPath = '/usr/bin/chromium';
const markerVariable = 'DYING_NEURONS_E2E_RUN';

const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-breakpad',
  '--disable-crash-reporter',
];

const baseUserSettings = {
  'workbench.startupEditor': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.commandCenter': false,
};

export interface SessionOptions {
  /** Names the scratch folder and the artifact folder (test-results/e2e/NAME). */
  name: string;
  /** Files to place in the workspace: workspace-relative path → repository-relative source. */
  workspaceFiles: Record<string, string>;
  /** Written to WORKSPACE/.vscode/settings.json. */
  workspaceSettings?: Record<string, unknown>;
  /**
   * The extension: loaded by the suite as a development extension, the build staged into the
   * extensions dir as if installed, or a .vsix installed with `code-server --install-extension`
   * (the path a user takes).
   */
  extension: 'development' | 'staged' | { vsix: string };
  /** Leave Workspace Trust on (the user is asked whether to trust the folder). */
  workspaceTrust?: boolean;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
}

export interface Session {
  readonly workspace: string;
  /** Where code-server keeps installed extensions. */
  readonly extensionsDir: string;
  readonly artifacts: string;
  readonly origin: string;
  readonly page: Page;
  /** Opens the workbench at `origin + query` (the folder is added unless the query names one). */
  open(query?: string): Promise<void>;
  /** Saves a screenshot as test-results/e2e/NAME/NN-step.png and returns its path. */
  screenshot(step: string): Promise<string>;
  close(): Promise<void>;
}

let sessionCounter = 0;
const liveSessions = new Set<() => void>();

/** Starts code-server and Chromium; the caller must `close()` (also done on process exit). */
/**
 * Runs `body`, then closes the session. A failed step stays the error reported: what closing finds
 * (processes that outlived the session) is added to it, never put in its place.
 */
export async function closingAfter<T>(session: Session, body: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await body();
  } catch (error) {
    const closing = await session.close().then(
      () => '',
      (e: unknown) => `; closing: ${e instanceof Error ? e.message : String(e)}`,
    );
    if (closing && error instanceof Error) error.message += closing;
    throw error;
  }
  await session.close();
  return result;
}

export async function startSession(options: SessionOptions): Promise<Session> {
  const runId = `${process.pid}-${++sessionCounter}`;
  const scratch = path.join(scratchRoot, `${options.name}-${runId}`);
  const artifacts = path.join(resultsRoot, options.name);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const dirs = makeScratchDirs(scratch);
  const env = { ...scratchEnvironment(dirs.home, runId), ...options.env };

  const workspace = path.join(scratch, 'workspace');
  stageWorkspace(workspace, options.workspaceFiles, options.workspaceSettings);
  writeJson(path.join(dirs.userData, 'User', 'settings.json'), baseUserSettings);
  if (options.extension === 'staged') stageExtension(dirs.extensions);
  else if (options.extension !== 'development') installVsix(options.extension.vsix, dirs, env, artifacts);

  let server: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let closed = false;
  const killSync = (): void => {
    if (server?.pid !== undefined && server.exitCode === null) signalGroup(server.pid, 'SIGKILL');
  };
  liveSessions.add(killSync);

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await context?.close().catch(() => undefined);
    if (server) await stopProcessGroup(server);
    liveSessions.delete(killSync);
    const survivors = killMarkedProcesses(runId);
    if (!process.env.DYING_NEURONS_E2E_KEEP) rmSync(scratch, { recursive: true, force: true });
    if (survivors.length > 0) throw new Error(`processes outlived the session and were killed: ${survivors.join(', ')}`);
  };

  try {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const args = [
      codeServerEntry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--user-data-dir',
      dirs.userData,
      '--extensions-dir',
      dirs.extensions,
      '--config',
      path.join(scratch, 'code-server.yaml'),
      ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
      workspace,
    ];
    writeFileSync(path.join(scratch, 'code-server.yaml'), 'auth: none\n');
    const log = createWriteStream(path.join(artifacts, 'code-server.log'));
    // Its own process group, so teardown reaches the extension host and the training worker too.
    server = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.pipe(log);
    server.stderr?.pipe(log);
    await waitForHealthz(origin, server);

    context = await chromium.launchPersistentContext(dirs.chromium, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      env,
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const browserLog = createWriteStream(path.join(artifacts, 'browser-console.log'));
    page.on('console', (message) => browserLog.write(`[${message.type()}] ${message.text()}\n`));
    page.on('pageerror', (error) => browserLog.write(`[pageerror] ${error.message}\n`));

    let shots = 0;
    return {
      workspace,
      extensionsDir: dirs.extensions,
      artifacts,
      origin,
      page,
      async open(query = `/?folder=${encodeURIComponent(workspace)}`) {
        await page.goto(origin + query);
        await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: 60_000 });
      },
      async screenshot(step) {
        const file = path.join(artifacts, `${String(++shots).padStart(2, '0')}-${step}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

// A test runner killed by a signal or an uncaught error still takes its servers down with it.
process.on('exit', () => liveSessions.forEach((kill) => kill()));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    liveSessions.forEach((kill) => kill());
    process.exit(130);
  });
}

function makeScratchDirs(scratch: string) {
  const dirs = {
    home: path.join(scratch, 'home'),
    userData: path.join(scratch, 'user-data'),
    extensions: path.join(scratch, 'extensions'),
    chromium: path.join(scratch, 'chromium'),
  };
  rmSync(scratch, { recursive: true, force: true });
  Object.values(dirs).forEach((dir) => mkdirSync(dir, { recursive: true }));
  return dirs;
}

/** HOME and the XDG dirs point into the scratch folder so nothing is written to the real home. */
function scratchEnvironment(home: string, runId: string): NodeJS.ProcessEnv {
  const xdg = (name: string): string => {
    const dir = path.join(home, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: xdg('.config'),
    XDG_DATA_HOME: xdg('.local/share'),
    XDG_CACHE_HOME: xdg('.cache'),
    XDG_RUNTIME_DIR: xdg('.runtime'),
    [markerVariable]: runId,
  };
  // Variables of an enclosing VS Code or Electron would confuse the one under test.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key === 'ELECTRON_RUN_AS_NODE') delete env[key];
  }
  return env;
}

export function stageWorkspace(workspace: string, files: Record<string, string>, settings?: Record<string, unknown>): void {
  for (const [target, source] of Object.entries(files)) {
    const to = path.join(workspace, target);
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(path.join(repoRoot, source), to);
  }
  if (settings) writeJson(path.join(workspace, '.vscode', 'settings.json'), settings);
}

interface ExtensionManifest {
  publisher: string;
  name: string;
  version: string;
}

/** The unpacked extension as `publisher.name-version`; its runtime node_modules is a link to the repo's. */
function stageExtension(extensionsDir: string): void {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as ExtensionManifest;
  const target = path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  for (const entry of ['package.json', 'dist', 'python', 'media', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
    const from = path.join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, path.join(target, entry), { recursive: true });
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(target, 'node_modules'), 'dir');
}

/** `code-server --install-extension FILE.vsix` into the session's dirs; its output goes to install-extension.log. */
function installVsix(vsix: string, dirs: { userData: string; extensions: string }, env: NodeJS.ProcessEnv, artifacts: string): void {
  const args = [codeServerEntry, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix];
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  writeFileSync(path.join(artifacts, 'install-extension.log'), output);
  if (result.status !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(
      `code-server --install-extension ${vsix} failed (${result.error?.message ?? `exit ${result.status}`}): ${output.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once GET /healthz answers 200; rejects if the server exits or 60 s pass. */
async function waitForHealthz(origin: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited with code ${server.exitCode} before it was ready`);
    if ((await httpStatus(`${origin}/healthz`)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${origin}/healthz within 60 s`);
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2_000, () => request.destroy());
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined) return;
  const exited = child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // Group members that ignored SIGTERM (or were slower than their parent) go too.
  signalGroup(child.pid, 'SIGKILL');
}

/** Kills every process whose environment carries this session's marker; returns what it found. */
function killMarkedProcesses(runId: string): string[] {
  const needle = `${markerVariable}=${runId}\0`;
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ: string;
    let command: string;
    try {
      environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
    } catch {
      continue;
    }
    if (!environ.includes(needle)) continue;
    found.push(`${pid} ${command.slice(0, 300)}`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited meanwhile.
    }
  }
  return found;
}
