// Which runner scans a file: the TensorFlow.js worker for JS/TS, and for Python either the user's
// own interpreter or the Keras-to-TensorFlow.js translator — with a sentence saying why.

import type { FrameworkImport } from '../engine/pythonFrameworks';
import type { SourceRange } from '../shared/protocol';
import type { InterpreterMiss, PythonInterpreter, PythonPackage } from './pythonInterpreter';

export const RUNNER_CHOICES = ['auto', 'python', 'translate'] as const;
export type RunnerChoice = (typeof RUNNER_CHOICES)[number];

export type RunnerDecision =
  | { runner: 'tfjs' }
  | { runner: 'python'; interpreter: PythonInterpreter; why: string }
  | { runner: 'translate'; why: string | null }
  | { runner: null; code: 'python-not-found' | 'framework-missing' | 'unsupported'; message: string; at: SourceRange | null };

export interface RunnerInputs {
  choice: RunnerChoice;
  /** The script is Python (.py); otherwise it is a TensorFlow.js script. */
  python: boolean;
  /** What the script imports (empty for JS/TS). */
  imports: FrameworkImport[];
  interpreter: PythonInterpreter | InterpreterMiss;
  /** The interpreter was named (a flag, a setting): when it cannot run the script, that is an error, not a fallback. */
  named?: boolean;
}

const FRAMEWORK_NAMES: Record<PythonPackage, string> = {
  tensorflow: 'TensorFlow',
  keras: 'Keras',
  tf_keras: 'tf_keras',
  torch: 'PyTorch',
  jax: 'JAX',
};

const isInterpreter = (i: PythonInterpreter | InterpreterMiss): i is PythonInterpreter => 'executable' in i;

function describeMiss(miss: InterpreterMiss): string {
  return miss.tried.map((t) => `${t.command}: ${t.reason}`).join('; ');
}

const describe = (i: PythonInterpreter): string => `${i.command} (Python ${i.version}, ${i.executable})`;

/** The packages the script's imports need that the interpreter lacks, with the import that needs each. */
function missingPackages(interpreter: PythonInterpreter, imports: FrameworkImport[]): FrameworkImport[] {
  return imports.filter((imp) => interpreter.packages[imp.module as PythonPackage] === null);
}

function usesOnly(imports: FrameworkImport[], framework: FrameworkImport['framework']): boolean {
  return imports.every((imp) => imp.framework === framework);
}

export function chooseRunner({ choice, python, imports, interpreter, named = false }: RunnerInputs): RunnerDecision {
  if (!python) {
    if (choice === 'auto') return { runner: 'tfjs' };
    return { runner: null, code: 'unsupported', message: `--runner ${choice} is for Python scripts; this TensorFlow.js script runs in Node.js`, at: null };
  }
  const torch = imports.find((imp) => imp.framework === 'torch');
  if (choice === 'translate') {
    if (torch && usesOnly(imports, 'torch')) {
      return {
        runner: null,
        code: 'unsupported',
        message: 'The translator reads Keras scripts; a PyTorch script runs in your own Python (runner auto or python).',
        at: torch.at,
      };
    }
    return { runner: 'translate', why: null };
  }

  if (!isInterpreter(interpreter)) {
    const message = `No Python interpreter could run the script (${describeMiss(interpreter)}).`;
    if (choice === 'auto' && !torch && !named) return { runner: 'translate', why: `${message} The Keras script was translated to TensorFlow.js instead.` };
    const hint = ' Set dyingNeurons.pythonPath (or --python PATH) to the interpreter your project uses.';
    return { runner: null, code: 'python-not-found', message: message + hint, at: torch?.at ?? null };
  }

  const missing = missingPackages(interpreter, imports);
  if (missing.length === 0) {
    if (imports.length === 0 && choice === 'auto' && !hasAnyFramework(interpreter)) {
      return { runner: 'translate', why: `${describe(interpreter)} has neither TensorFlow/Keras nor PyTorch: the script was translated to TensorFlow.js.` };
    }
    const versions = imports.map((imp) => `${FRAMEWORK_NAMES[imp.module as PythonPackage]} ${interpreter.packages[imp.module as PythonPackage]}`);
    const uses = versions.length > 0 ? ` with ${versions.join(', ')}` : '';
    return { runner: 'python', interpreter, why: `Ran in ${describe(interpreter)}${uses}.` };
  }

  const first = missing[0];
  const names = missing.map((imp) => imp.module).join(', ');
  const message = `${describe(interpreter)} cannot import ${names}.`;
  if (choice === 'auto' && usesOnly(imports, 'keras') && !torch && !named) {
    return { runner: 'translate', why: `${message} The Keras script was translated to TensorFlow.js instead.` };
  }
  const install = first.framework === 'torch' ? 'pip install torch' : 'pip install tensorflow';
  return { runner: null, code: 'framework-missing', message: `${message} Install it there (${install}) or choose another interpreter.`, at: first.at };
}

function hasAnyFramework(interpreter: PythonInterpreter): boolean {
  const p = interpreter.packages;
  return p.keras !== null || p.tensorflow !== null || p.tf_keras !== null || p.torch !== null;
}
