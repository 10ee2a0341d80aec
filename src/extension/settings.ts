// The `dyingNeurons.*` settings (declared in package.json `contributes.configuration`) as the
// options of a scan. Every setting is resource-scoped: read for the scanned file.
import * as vscode from 'vscode';
import type { RunnerConfig } from '../host/runners';
import {
  BACKEND_CHOICES,
  DEFAULT_PROBE,
  DEFAULT_SEED,
  DEFAULT_THRESHOLDS,
  RUNNER_CHOICES,
  type BackendChoice,
  type RunnerChoice,
  type ScanOptions,
  type Thresholds,
} from '../shared/protocol';
import { activeInterpreter } from './pythonEnvironment';

const SETTINGS_SECTION = 'dyingNeurons';

/** The part of a WorkspaceConfiguration this module reads. */
export interface SettingsReader {
  get<T>(key: string): T | undefined;
}

export interface RunSettings {
  options: ScanOptions;
  /** A Node.js executable to run the worker with; undefined: VS Code's own. */
  nodePath: string | undefined;
  /** The workspace folder of the file: where a Python script runs. */
  cwd?: string;
  /** The Python extension's interpreter for the file (asked only when the scan runs Python without a named one). */
  suggestInterpreter?: () => Promise<string | undefined>;
}

function numberSetting(config: SettingsReader, key: string, fallback: number, valid: (n: number) => boolean): number {
  const value = config.get<unknown>(key);
  return typeof value === 'number' && valid(value) ? value : fallback;
}

const isFraction = (n: number): boolean => n >= 0 && n <= 1;
const isPositiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;

function thresholdsFrom(config: SettingsReader): Thresholds {
  const read = (k: keyof Thresholds) => numberSetting(config, `thresholds.${k}`, DEFAULT_THRESHOLDS[k], isFraction);
  return {
    dyingRate: read('dyingRate'),
    tau: read('tau'),
    saturationDerivative: read('saturationDerivative'),
    saturatedFraction: read('saturatedFraction'),
    warnFraction: read('warnFraction'),
  };
}

/** Scan options for `file` from settings; out-of-range values fall back to the defaults. */
export function runSettingsFrom(config: SettingsReader, file: string): RunSettings {
  const epochs = numberSetting(config, 'epochs', 0, isPositiveInt);
  const samples = numberSetting(config, 'samples', 0, isPositiveInt);
  const maxFits = numberSetting(config, 'maxFits', 0, isPositiveInt);
  const backend = config.get<BackendChoice>('backend');
  const nodePath = config.get<string>('nodePath')?.trim();
  const pythonPath = config.get<string>('pythonPath')?.trim();
  const runner = config.get<RunnerChoice>('runner');
  return {
    options: {
      file,
      ...(epochs > 0 ? { epochs } : {}),
      ...(samples > 0 ? { samples } : {}),
      ...(maxFits > 0 ? { maxFits } : {}),
      probe: numberSetting(config, 'probeSize', DEFAULT_PROBE, isPositiveInt),
      seed: numberSetting(config, 'seed', DEFAULT_SEED, Number.isInteger),
      backend: backend && BACKEND_CHOICES.includes(backend) ? backend : 'auto',
      thresholds: thresholdsFrom(config),
      ...(runner && runner !== 'auto' && RUNNER_CHOICES.includes(runner) ? { runner } : {}),
      ...(pythonPath ? { python: pythonPath } : {}),
    },
    nodePath: nodePath ? nodePath : undefined,
  };
}

/** How the runner of a scan with these settings starts (src/host/runners.ts picks the runner). */
export function runnerConfig(settings: RunSettings, workerPath: string): RunnerConfig {
  return {
    workerPath,
    execPath: settings.nodePath ?? process.execPath,
    ...(settings.cwd ? { cwd: settings.cwd } : {}),
    ...(settings.suggestInterpreter ? { suggestInterpreter: settings.suggestInterpreter } : {}),
  };
}

/**
 * Settings for `file`; a Python script runs from its workspace folder, as the Python extension's
 * Run Python File does, in dyingNeurons.pythonPath, else the Python extension's active environment.
 */
export function readRunSettings(file: vscode.Uri): RunSettings {
  const settings = {
    ...runSettingsFrom(vscode.workspace.getConfiguration(SETTINGS_SECTION, file), file.fsPath),
    suggestInterpreter: () => activeInterpreter(file),
  };
  const folder = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath;
  return folder ? { ...settings, cwd: folder } : settings;
}
