// Numeric literals: reading them (with a sign) and writing a tenth of one cleanly.

import type { Doc, SyntaxNode } from './document';

/** The value of a numeric literal, optionally signed (`-1.0`); undefined for anything else. */
export function numberValue(doc: Doc, node: SyntaxNode): number | undefined {
  if (node.name === 'UnaryExpression') {
    const [sign, operand] = [node.firstChild, node.lastChild];
    const value = operand ? numberValue(doc, operand) : undefined;
    const op = sign ? doc.text(sign) : undefined;
    if (value === undefined || (op !== '-' && op !== '+')) return undefined;
    return op === '-' ? -value : value;
  }
  if (node.name !== 'Number') return undefined;
  const value = Number(doc.text(node).split('_').join(''));
  return Number.isFinite(value) ? value : undefined;
}

/** Drops binary noise: 0.1 * 3 → 0.3. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** A number as a literal: 0.0001, 1e-7. */
export function formatNumber(value: number): string {
  return String(clean(value));
}

/** A tenth of a literal, written in its notation: 0.5 → 0.05, 1e-3 → 1e-4, 3E-2 → 3E-3. */
export function tenthOf(literal: string, value: number): string {
  const tenth = clean(value / 10);
  const exponent = literal.includes('e') ? 'e' : literal.includes('E') ? 'E' : undefined;
  return exponent ? tenth.toExponential().replace('e', exponent).replace('+', '') : formatNumber(tenth);
}
