import type { Node } from 'yaml';
import type { Range } from '../types';
import type { YamlFile } from '../yaml/parse';

/** A character a host name is made of: a host written in a URL or a word ends at anything else. */
const hostCharRe = /[a-z0-9.-]/i;

function rangeAt(file: YamlFile, from: number, to: number): Range {
  const s = file.lineCounter.linePos(from);
  const e = file.lineCounter.linePos(to);
  return { start: { line: s.line, column: s.col }, end: { line: e.line, column: e.col } };
}

/** Whether the host found at `i` of `source` stands whole: no host character before it or after it (a final dot aside). */
function standsWhole(source: string, i: number, length: number): boolean {
  const before = source[i - 1];
  const after = source[i + length];
  const next = source[i + length + 1];
  const endsHere = after === undefined || !hostCharRe.test(after) || (after === '.' && (next === undefined || !hostCharRe.test(next)));
  return (before === undefined || !hostCharRe.test(before)) && endsHere;
}

/**
 * Where the (lowercased) `host` stands whole in the source of the scalar `node`, as written (any case): in a URL
 * (`http://host:8000/`), a `host:port` or a word. Each occurrence gives the range of its first `labelLength`
 * characters (the Service name of `svc.ns.svc`). None where the source writes it otherwise (escapes, folding).
 */
export function hostLabelRanges(file: YamlFile, node: Node, host: string, labelLength: number): Range[] {
  const r = node.range;
  if (!r || host === '') {
    return [];
  }
  const source = file.text.slice(r[0], r[1]);
  const lower = source.toLowerCase();
  const text = lower.length === source.length ? lower : source;
  const out: Range[] = [];
  for (let i = text.indexOf(host); i !== -1; i = text.indexOf(host, i + host.length)) {
    if (standsWhole(text, i, host.length)) {
      out.push(rangeAt(file, r[0] + i, r[0] + i + labelLength));
    }
  }
  return out;
}
