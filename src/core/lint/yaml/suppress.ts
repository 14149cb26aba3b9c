import type { Node } from 'yaml';
import { isMap, isPair, isSeq } from 'yaml';
import type { Finding, RuleMeta } from '../types';
import { startOf, valueEndOf } from '../../schemas/node-range';
import type { YamlFile } from './parse';

/** What one `# mlc-ignore` comment covers: line span (1-based, inclusive) and IDs (undefined: every rule). */
interface Span {
  from: number;
  to: number;
  ids?: Set<string>;
}

/** An object-level suppression from another linter's annotation (§9.3), keyed by document. */
export interface ForeignSuppression {
  from: number;
  to: number;
  /** Suppresses findings of rules whose metadata satisfies this predicate. */
  matches(meta: RuleMeta): boolean;
}

export interface YamlSuppressionIndex {
  isSuppressed(finding: Finding, meta: RuleMeta | undefined): boolean;
}

const pragmaRe = /(?:^|\s)#\s*mlc-ignore(-file|-document)?(?=\s|$)(.*)$/;

function ids(text: string): Set<string> | undefined {
  const body = (text.split(/\s--(?:\s|$)|^--(?:\s|$)/)[0] ?? '').trim();
  if (body === '') {
    return undefined;
  }
  return new Set(body.split(/[\s,]+/).filter((s) => s !== '').map((s) => s.toUpperCase()));
}

/** Mapping entries and sequence items: [first line, last line], keyed by first line, outermost kept. */
function entrySpans(file: YamlFile): Map<number, number> {
  const out = new Map<number, number>();
  const lc = file.lineCounter;
  const note = (startOffset: number | undefined, endOffset: number | undefined): void => {
    if (startOffset === undefined || endOffset === undefined) {
      return;
    }
    const from = lc.linePos(startOffset).line;
    const to = lc.linePos(Math.max(startOffset, endOffset - 1)).line;
    const known = out.get(from);
    if (known === undefined || known < to) {
      out.set(from, to);
    }
  };
  const stack: { node: unknown; depth: number }[] = file.documents.filter((d) => d.skipped === undefined).map((d) => ({ node: d.doc.contents, depth: 0 }));
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (depth > 500) {
      continue;
    }
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p)) {
          continue;
        }
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        note(startOf(k), valueEndOf(v) ?? valueEndOf(k));
        stack.push({ node: v, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      for (const item of node.items as (Node | null)[]) {
        note(startOf(item), valueEndOf(item));
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return out;
}

/**
 * `# mlc-ignore [IDs] [-- reason]` (own line: the next entry and its subtree; trailing: the entry on
 * that line), `# mlc-ignore-document`, `# mlc-ignore-file` (§9.2), plus object-level foreign pragmas.
 */
export function collectYamlSuppressions(file: YamlFile, foreign: readonly ForeignSuppression[] = []): YamlSuppressionIndex {
  const spans: Span[] = [];
  const fileIds: (Set<string> | undefined)[] = [];
  let entries: Map<number, number> | undefined;
  const docOf = (line: number) => file.documents.find((d) => d.startLine <= line && line <= d.endLine);
  // Most files have no pragma at all: one search of the text instead of one per line.
  const lines = file.text.includes('mlc-ignore') ? file.lines : [];
  lines.forEach((raw, k) => {
    if (!raw.includes('mlc-ignore')) {
      return;
    }
    const m = pragmaRe.exec(raw);
    if (!m) {
      return;
    }
    const line = k + 1;
    const set = ids(m[2] ?? '');
    if (m[1] === '-file') {
      fileIds.push(set);
      return;
    }
    if (m[1] === '-document') {
      const d = docOf(line) ?? file.documents.find((x) => x.startLine > line);
      if (d) {
        spans.push({ from: d.startLine, to: d.endLine, ...(set ? { ids: set } : {}) });
      }
      return;
    }
    entries ??= entrySpans(file);
    const ownLine = /^\s*#/.test(raw);
    let target = line;
    if (ownLine) {
      target = line + 1;
      while (target <= file.lines.length && /^\s*(?:#.*)?\r?$/.test(file.lines[target - 1] ?? '')) {
        target++;
      }
    }
    const to = entries.get(target) ?? target;
    spans.push({ from: target, to, ...(set ? { ids: set } : {}) });
  });
  if (fileIds.length === 0 && spans.length === 0 && foreign.length === 0) {
    return nothingSuppressed;
  }
  return {
    isSuppressed(f, meta) {
      const line = f.range.start.line;
      for (const s of fileIds) {
        if (s === undefined || s.has(f.ruleId)) {
          return true;
        }
      }
      for (const s of spans) {
        if (s.from <= line && line <= s.to && (s.ids === undefined || s.ids.has(f.ruleId))) {
          return true;
        }
      }
      if (meta !== undefined) {
        for (const s of foreign) {
          if (s.from <= line && line <= s.to && s.matches(meta)) {
            return true;
          }
        }
      }
      return false;
    },
  };
}

const nothingSuppressed: YamlSuppressionIndex = { isSuppressed: () => false };
