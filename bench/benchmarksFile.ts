// BENCHMARKS.md is shared: each suite owns only the text between its markers, and everything
// else in the file (other suites, hand-written sections) is kept as it is.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const HEADER = `# Benchmarks

Figures measured on this repository's code. A section between \`<!-- bench:NAME:begin -->\` and
\`<!-- bench:NAME:end -->\` is rewritten by \`npm run bench\`; everything outside the markers is kept.
`;

const markers = (id: string) => ({ begin: `<!-- bench:${id}:begin -->`, end: `<!-- bench:${id}:end -->` });

/** The file's text with the section `id` replaced (or appended when it has none yet). */
export function withSection(text: string, id: string, body: string): string {
  const { begin, end } = markers(id);
  const section = `${begin}\n${body.trim()}\n${end}`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  if (from >= 0 && to >= 0) return text.slice(0, from) + section + text.slice(to + end.length);
  return `${text.trimEnd()}\n\n${section}\n`;
}

export function writeSection(path: string, id: string, body: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : HEADER;
  writeFileSync(path, withSection(text, id, body));
}
