// `value[...]`: items of tuples and lists, and the numpy indexing the scan follows on arrays
// (slices of samples, new axes, one sample, boolean masks).

import type { SourceRange } from '../../shared/protocol';
import type { Evaluator } from './args';
import { arrayIndex, indexFirst } from './arrayMath';
import { expandDims, sliceSamples } from './arrays';
import { dictItem } from './dicts';
import { children, type SyntaxNode } from './source';
import { describe, known, tuple, unsupported, type ArrayValue, type Value } from './values';

type SubscriptItem = { kind: 'index'; value: Value } | { kind: 'slice'; start: number | null; end: number | null; step: number | null };

/** Evaluates `node` (a subscript MemberExpression) given its evaluated object. */
export function subscript(ev: Evaluator, object: Value, node: SyntaxNode): Value {
  const v = known(object);
  const items = subscriptItems(ev, node);
  const range = ev.source.rangeOf(node);
  if (v.kind === 'sequence' && items.length === 1) {
    const [item] = items;
    if (item.kind === 'index' && item.value.kind === 'number' && item.value.integer) {
      const i = item.value.value < 0 ? item.value.value + v.items.length : item.value.value;
      if (i >= 0 && i < v.items.length) return v.items[i];
      throw unsupported(`index ${item.value.value} is out of range`, range);
    }
    if (item.kind === 'slice' && item.step === null) {
      const n = v.items.length;
      const clamp = (b: number | null, d: number) => (b === null ? d : Math.min(n, Math.max(0, b < 0 ? b + n : b)));
      return { ...v, items: v.items.slice(clamp(item.start, 0), clamp(item.end, n)) };
    }
  }
  if (v.kind === 'dict' && items.every((i) => i.kind === 'index')) {
    const keys = items.map((i) => (i as { value: Value }).value);
    return dictItem(v, keys.length === 1 ? keys[0] : tuple(keys), range);
  }
  if (v.kind === 'array' && items.length === 1 && items[0].kind === 'index') {
    const index = items[0].value;
    if (index.kind === 'array') return arrayIndex(v.array, index.array, ev.source.textOf(node), range);
    if (index.kind === 'number' && index.integer) return indexFirst(v.array, index.value, range);
  }
  if (v.kind === 'array') return arraySubscript(v.array, items, range);
  throw unsupported(`'${ev.source.textOf(node)}' is not supported`, range);
}

/** `x[:1000]`, `x[-1000:]`, `x[..., None]`, `x[:, :, :, np.newaxis]`. */
function arraySubscript(array: ArrayValue, items: SubscriptItem[], range: SourceRange): Value {
  let current: ArrayValue = array;
  const rank = array.shape.length;
  const consumed = items.filter((i) => i.kind === 'slice' || (i.value.kind !== 'none' && i.value.kind !== 'ellipsis')).length;
  let inAxis = 0;
  let outAxis = 0;
  const next = (v: Value): ArrayValue => (v as Extract<Value, { kind: 'array' }>).array;
  for (const item of items) {
    if (item.kind === 'index' && item.value.kind === 'ellipsis') {
      inAxis += rank - consumed;
      outAxis += rank - consumed;
    } else if (item.kind === 'index' && item.value.kind === 'none') {
      current = next(expandDims(current, outAxis++, range));
    } else if (item.kind === 'slice' && item.step === null && (inAxis === 0 || (item.start === null && item.end === null))) {
      if (inAxis === 0 && (item.start !== null || item.end !== null)) current = next(sliceSamples(current, item.start, item.end, range));
      inAxis++;
      outAxis++;
    } else {
      throw unsupported('the scan follows slices of samples (x[:n], x[n:]), new axes (x[..., None]), x[i] and x[y < 5] only', range);
    }
  }
  return { kind: 'array', array: current };
}

/** The comma-separated items between the brackets: indices and `start:end:step` slices. */
function subscriptItems(ev: Evaluator, node: SyntaxNode): SubscriptItem[] {
  const items: SubscriptItem[] = [];
  let parts: (SyntaxNode | null)[] = [null];
  let colons = 0;
  const evaluate = (n: SyntaxNode) => known(ev.lenient(n));
  const bound = (n: SyntaxNode | null): number | null => {
    if (!n) return null;
    const v = evaluate(n);
    if (v.kind === 'none') return null;
    if (v.kind === 'number' && v.integer) return v.value;
    throw unsupported(`slice bounds must be integers, got ${describe(v)}`, ev.source.rangeOf(n));
  };
  const finish = () => {
    if (colons === 0) {
      if (parts[0]) items.push({ kind: 'index', value: evaluate(parts[0]) });
    } else {
      const step = bound(parts[2] ?? null);
      items.push({ kind: 'slice', start: bound(parts[0]), end: bound(parts[1] ?? null), step: step === 1 ? null : step });
    }
    parts = [null];
    colons = 0;
  };
  const all = children(node);
  for (const c of all.slice(all.findIndex((p) => p.name === '[') + 1)) {
    if (c.name === ']') break;
    if (c.name === ',') finish();
    else if (c.name === ':') parts[++colons] = null;
    else parts[colons] = c;
  }
  finish();
  return items;
}
