// Imported names, spelled canonically: `tf.keras.layers.Dense`, `tensorflow.keras.layers.Dense`
// and `keras.layers.Dense` are all the path keras.layers.Dense.

import { isLayerClass } from './layers';
import { isInitializerName, isRegularizerName } from './objects';
import { isOptimizerName } from './training';

/** TensorFlow 2 modules that are Keras's under another name (`tf.optimizers` is `tf.keras.optimizers`). */
const TF_KERAS_ALIASES = new Set(['initializers', 'optimizers', 'losses', 'metrics', 'regularizers']);

export function canonical(path: string[]): string[] {
  if (path[0] === 'tensorflow' && path[1] === 'keras') return ['keras', ...path.slice(2)];
  if (path[0] === 'tensorflow' && TF_KERAS_ALIASES.has(path[1])) return ['keras', ...path.slice(1)];
  if (path[0] === 'tensorflow' && path[1] === 'python' && path[2] === 'keras') return ['keras', ...path.slice(3)];
  if (path[0] === 'tf_keras') return ['keras', ...path.slice(1)];
  if (path[0] === 'keras' && path[1] === 'src') return ['keras', ...path.slice(2)];
  return path;
}

/** Python builtins the translator evaluates or refuses by name. */
export const BUILTINS = new Set([
  'range',
  'len',
  'int',
  'float',
  'bool',
  'str',
  'print',
  'list',
  'tuple',
  'enumerate',
  'zip',
  'abs',
  'min',
  'max',
  'round',
  'sum',
  'open',
  'isinstance',
  'type',
  'dict',
  'set',
  'sorted',
  'map',
  'filter',
  'input',
  'exit',
  'quit',
  'super',
  'iter',
  'next',
  'getattr',
  'setattr',
  'vars',
  'globals',
  'locals',
  'eval',
  'exec',
  'format',
  'repr',
]);

/** Whether `from <module> import *` brings in `name` the translator knows (Keras names only). */
/**
 * The other names every Python 3.11 module sees (builtins, module attributes; IPython's display
 * and get_ipython in notebooks): the scan does not follow them, but they are never a NameError.
 */
export const PYTHON_GLOBALS = new Set([
  'ArithmeticError',
  'AssertionError',
  'AttributeError',
  'BaseException',
  'BaseExceptionGroup',
  'BlockingIOError',
  'BrokenPipeError',
  'BufferError',
  'BytesWarning',
  'ChildProcessError',
  'ConnectionAbortedError',
  'ConnectionError',
  'ConnectionRefusedError',
  'ConnectionResetError',
  'DeprecationWarning',
  'EOFError',
  'Ellipsis',
  'EncodingWarning',
  'EnvironmentError',
  'Exception',
  'ExceptionGroup',
  'FileExistsError',
  'FileNotFoundError',
  'FloatingPointError',
  'FutureWarning',
  'GeneratorExit',
  'IOError',
  'ImportError',
  'ImportWarning',
  'IndentationError',
  'IndexError',
  'InterruptedError',
  'IsADirectoryError',
  'KeyError',
  'KeyboardInterrupt',
  'LookupError',
  'MemoryError',
  'ModuleNotFoundError',
  'NameError',
  'NotADirectoryError',
  'NotImplemented',
  'NotImplementedError',
  'OSError',
  'OverflowError',
  'PendingDeprecationWarning',
  'PermissionError',
  'ProcessLookupError',
  'RecursionError',
  'ReferenceError',
  'ResourceWarning',
  'RuntimeError',
  'RuntimeWarning',
  'StopAsyncIteration',
  'StopIteration',
  'SyntaxError',
  'SyntaxWarning',
  'SystemError',
  'SystemExit',
  'TabError',
  'TimeoutError',
  'TypeError',
  'UnboundLocalError',
  'UnicodeDecodeError',
  'UnicodeEncodeError',
  'UnicodeError',
  'UnicodeTranslateError',
  'UnicodeWarning',
  'UserWarning',
  'ValueError',
  'Warning',
  'ZeroDivisionError',
  '__build_class__',
  '__builtins__',
  '__debug__',
  '__doc__',
  '__file__',
  '__import__',
  '__loader__',
  '__name__',
  '__package__',
  '__spec__',
  'aiter',
  'all',
  'anext',
  'any',
  'ascii',
  'bin',
  'breakpoint',
  'bytearray',
  'bytes',
  'callable',
  'chr',
  'classmethod',
  'compile',
  'complex',
  'copyright',
  'credits',
  'delattr',
  'dir',
  'divmod',
  'frozenset',
  'hasattr',
  'hash',
  'help',
  'hex',
  'id',
  'issubclass',
  'license',
  'memoryview',
  'object',
  'oct',
  'ord',
  'pow',
  'property',
  'reversed',
  'slice',
  'staticmethod',
  'display',
  'get_ipython',
]);

export function starImported(module: string[], name: string): boolean {
  const [root, group] = module;
  if (root !== 'keras') return false;
  switch (group) {
    case undefined:
      return [
        'Sequential',
        'Model',
        'Input',
        'layers',
        'models',
        'optimizers',
        'losses',
        'initializers',
        'regularizers',
        'activations',
        'datasets',
        'utils',
        'callbacks',
        'metrics',
      ].includes(name);
    case 'layers':
      return isLayerClass(name) || name === 'Input' || name === 'InputLayer';
    case 'models':
      return name === 'Sequential' || name === 'Model';
    case 'optimizers':
      return isOptimizerName(name);
    case 'initializers':
      return isInitializerName(name);
    case 'regularizers':
      return isRegularizerName(name);
    default:
      return false;
  }
}
