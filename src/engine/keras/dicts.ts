// Python dicts, as scripts keep hyperparameters and settings in them: literals, dict(...),
// d[k], d[k] = v, get / keys / values / items / update / pop / copy, len(d), k in d, for k in d.

import type { SourceRange } from '../../shared/protocol';
import { ScanError } from '../errors';
import type { ScriptContext } from './context';
import { callArguments, children, type SyntaxNode } from './source';
import { describe, known, NONE, PythonRaises, tuple, unsupported, type DictValue, type Value } from './values';

/** Python's key equality (1, 1.0 and True are one key); null for a value that is not a hashable constant. */
function keyOf(v: Value): string | null {
  switch (v.kind) {
    case 'number':
      return `n${v.value}`;
    case 'bool':
      return `n${Number(v.value)}`;
    case 'string':
      return `s${v.value}`;
    case 'none':
      return 'None';
    case 'sequence': {
      const keys = v.tuple ? v.items.map(keyOf) : [null];
      return keys.includes(null) ? null : `t${JSON.stringify(keys)}`;
    }
    default:
      return null;
  }
}

function hashable(key: Value, range: SourceRange): string {
  const k = keyOf(known(key));
  if (k === null) throw unsupported(`${describe(key)} as a dict key is not followed (numbers, strings, None and tuples of them are)`, range);
  return k;
}

const empty = (): DictValue => ({ kind: 'dict', entries: new Map() });

export function setItem(dict: DictValue, key: Value, value: Value, range: SourceRange): void {
  dict.entries.set(hashable(key, range), { key, value });
}

/** `{k: v, **other}`: keys as written, values evaluated leniently (an unsupported value errs where used). */
export function dictLiteral(it: ScriptContext, node: SyntaxNode): Value {
  const dict = empty();
  const parts = children(node).filter((c) => !['{', '}', ','].includes(c.name));
  for (let i = 0; i < parts.length;) {
    if (parts[i].name === '**') {
      const other = known(it.evaluate(parts[i + 1]));
      if (other.kind !== 'dict') throw unsupported(`** of ${describe(other)} is not followed (a dict is)`, it.source.rangeOf(parts[i + 1]));
      for (const [k, entry] of other.entries) dict.entries.set(k, entry);
      i += 2;
    } else {
      setItem(dict, it.evaluate(parts[i]), it.lenient(parts[i + 2]), it.source.rangeOf(parts[i]));
      i += 3;
    }
  }
  return dict;
}

/** `d[key]`; a missing key is Python's KeyError, which stops the script. */
export function dictItem(dict: DictValue, key: Value, range: SourceRange): Value {
  const entry = dict.entries.get(hashable(key, range));
  if (!entry) throw new PythonRaises(new ScanError('script-error', `KeyError: ${describe(key)}`, range));
  return entry.value;
}

export function dictContains(dict: DictValue, key: Value, range: SourceRange): boolean {
  return dict.entries.has(hashable(key, range));
}

/** What `for k in d` and `list(d)` see: the keys in insertion order. */
export const dictKeys = (dict: DictValue): Value[] => [...dict.entries.values()].map((e) => e.key);

/** `dict(a=1, b=2)`, `dict(other)`, `dict(pairs, a=1)`. */
export function dictCall(it: ScriptContext, node: SyntaxNode): Value {
  const args = callArguments(it.source, node.lastChild!);
  const range = it.source.rangeOf(node);
  if (args.unpacked || args.positional.length > 1) throw unsupported('dict(): a mapping or a list of pairs, and keyword arguments, are followed', range);
  const dict = empty();
  if (args.positional.length === 1) {
    const from = known(it.evaluate(args.positional[0]));
    if (from.kind === 'dict') for (const [k, entry] of from.entries) dict.entries.set(k, entry);
    else {
      for (const pair of it.iterate(from, args.positional[0])) {
        if (pair.kind !== 'sequence' || pair.items.length !== 2) throw unsupported(`dict(): ${describe(pair)} is not a (key, value) pair`, range);
        setItem(dict, pair.items[0], pair.items[1], range);
      }
    }
  }
  for (const [name, { value }] of args.keywords) setItem(dict, { kind: 'string', value: name }, it.lenient(value), range);
  return dict;
}

/** A dict's methods; null for one the scan does not follow. */
export function dictMethod(it: ScriptContext, dict: DictValue, method: string, node: SyntaxNode): Value | null {
  const args = callArguments(it.source, node.lastChild!);
  const range = it.source.rangeOf(node);
  const positional = () => {
    if (args.unpacked || args.keywords.size > 0) throw unsupported(`${method}(): only positional arguments are followed`, range);
    return args.positional.map((n) => it.lenient(n));
  };
  switch (method) {
    case 'keys':
    case 'values':
    case 'items': {
      const entries = [...dict.entries.values()];
      const items = entries.map((e) => (method === 'keys' ? e.key : method === 'values' ? e.value : tuple([e.key, e.value])));
      return { kind: 'sequence', tuple: false, items };
    }
    case 'get':
    case 'pop': {
      const [key, fallback] = positional();
      if (!key) throw unsupported(`${method}() needs a key`, range);
      const k = hashable(key, range);
      const entry = dict.entries.get(k);
      if (!entry && fallback === undefined && method === 'pop') return dictItem(dict, key, range);
      if (method === 'pop') dict.entries.delete(k);
      return entry?.value ?? fallback ?? NONE;
    }
    case 'copy':
      return { kind: 'dict', entries: new Map(dict.entries) };
    case 'update': {
      const other = dictCall(it, node) as DictValue;
      for (const [k, entry] of other.entries) dict.entries.set(k, entry);
      return NONE;
    }
    default:
      return null;
  }
}
