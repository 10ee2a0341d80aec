// Python literals and operators on the values the translator knows statically.

import type { SourceRange } from '../../shared/protocol';
import { arrayBinary } from './arrayMath';
import { dictContains } from './dicts';
import { known, num, unsupported, type Value } from './values';

/** Lists longer than this (e.g. from `[x] * n`) are refused. */
const MAX_LENGTH = 10_000;

/** The value of a Number token: underscores, radix prefixes and exponents as Python reads them. */
export function parseNumber(text: string, range: SourceRange): Value {
  const clean = text.split('_').join('').toLowerCase();
  if (clean.endsWith('j')) throw unsupported('complex numbers are not supported', range);
  const radix = clean.startsWith('0x') || clean.startsWith('0o') || clean.startsWith('0b');
  return num(Number(clean), radix || !(clean.includes('.') || clean.includes('e')));
}

/** The value of a String token: its prefix, quotes and the common escapes. */
export function parseString(text: string): string {
  let i = 0;
  while ('rRbBuU'.includes(text[i])) i++;
  const raw = text.slice(0, i).toLowerCase().includes('r');
  const quote = text.startsWith('"""', i) || text.startsWith("'''", i) ? text.slice(i, i + 3) : text[i];
  const body = text.slice(i + quote.length, text.length - quote.length);
  if (raw) return body;
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '\n': '' };
  let out = '';
  for (let k = 0; k < body.length; k++) {
    if (body[k] === '\\' && k + 1 < body.length && body[k + 1] in escapes) out += escapes[body[++k]];
    else out += body[k];
  }
  return out;
}

/** Python truthiness where it is known statically; null when it is not (an imported name may be any value). */
export function truth(value: Value): boolean | null {
  switch (value.kind) {
    case 'bool':
      return value.value;
    case 'number':
      return value.value !== 0;
    case 'string':
      return value.value !== '';
    case 'none':
      return false;
    case 'sequence':
      return value.items.length > 0;
    case 'dict':
      return value.entries.size > 0;
    case 'function':
    case 'callbackClass':
    case 'model':
    case 'layer':
      return true;
    default:
      return null;
  }
}

/** `left op right` for numbers, strings, sequences and numpy arrays (arrayMath.ts); `text` is the expression. */
export function binary(leftValue: Value, op: string, rightValue: Value, text: string, range: SourceRange): Value {
  const l = known(leftValue);
  const r = known(rightValue);
  if (l.kind === 'number' && r.kind === 'number') return arithmetic(l.value, op, r.value, l.integer && r.integer, range);
  const onArrays = l.kind === 'array' || r.kind === 'array' ? arrayBinary(l, op, r, range) : null;
  if (onArrays) return onArrays;
  if (r.kind === 'dict' && (op === 'in' || op === 'not in')) return { kind: 'bool', value: dictContains(r, l, range) === (op === 'in') };
  const comparison = compare(l, op, r);
  if (comparison !== null) return { kind: 'bool', value: comparison };
  if (op === '+' && l.kind === 'sequence' && r.kind === 'sequence' && l.tuple === r.tuple) return { ...l, items: [...l.items, ...r.items] };
  if (op === '+' && l.kind === 'string' && r.kind === 'string') return { kind: 'string', value: l.value + r.value };
  if (op === '*' && l.kind === 'sequence' && r.kind === 'number' && r.integer && l.items.length * r.value <= MAX_LENGTH) {
    return { ...l, items: Array.from({ length: Math.max(0, r.value) }, () => l.items).flat() };
  }
  const hint =
    l.kind === 'array' || r.kind === 'array' ? ' (the scan follows + - * / between arrays and numbers, ** by a number, and arrays compared with a number)' : '';
  throw unsupported(`'${text}' is not supported${hint}`, range);
}

function arithmetic(a: number, op: string, b: number, integers: boolean, range: SourceRange): Value {
  if (b === 0 && (op === '/' || op === '//' || op === '%')) throw unsupported('division by zero', range);
  switch (op) {
    case '+':
      return num(a + b, integers);
    case '-':
      return num(a - b, integers);
    case '*':
      return num(a * b, integers);
    case '/':
      return num(a / b, false);
    case '//':
      return num(Math.floor(a / b), integers);
    case '%':
      return num(((a % b) + b) % b, integers);
    case '**':
      return num(a ** b, integers && b >= 0);
    default: {
      const result = compare(num(a, integers), op, num(b, integers));
      if (result === null) throw unsupported(`the operator ${op} is not supported`, range);
      return { kind: 'bool', value: result };
    }
  }
}

/** Comparisons of numbers, strings, booleans and None; null when not statically known. */
function compare(l: Value, op: string, r: Value): boolean | null {
  const scalar = (v: Value) => (v.kind === 'number' || v.kind === 'string' || v.kind === 'bool' ? v.value : v.kind === 'none' ? null : undefined);
  const a = scalar(l);
  const b = scalar(r);
  if (op === 'in' || op === 'not in') {
    if (r.kind !== 'sequence' || a === undefined) return null;
    const found = r.items.some((item) => scalar(item) === a);
    return op === 'in' ? found : !found;
  }
  if (a === undefined || b === undefined) return null;
  const ordered = a !== null && b !== null;
  switch (op) {
    case '==':
    case 'is':
      return a === b;
    case '!=':
    case 'is not':
      return a !== b;
    case '<':
      return ordered ? a < b : null;
    case '>':
      return ordered ? a > b : null;
    case '<=':
      return ordered ? a <= b : null;
    case '>=':
      return ordered ? a >= b : null;
    default:
      return null;
  }
}
