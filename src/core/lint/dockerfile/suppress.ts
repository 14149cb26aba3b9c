import type { Finding, RuleMeta } from '../types';
import type { ParsedDockerfile } from './model';

/** What one pragma suppresses. */
interface Pragma {
  /** undefined: every rule. */
  ids?: Set<string>;
  hadolint?: Set<string>;
  dockerfileUtils?: boolean;
}

export interface SuppressionIndex {
  isSuppressed(finding: Finding, meta: RuleMeta | undefined): boolean;
}

/** A file without pragmas: most files, whose findings then need no lookup each. */
const nothingSuppressed: SuppressionIndex = { isSuppressed: () => false };

const mlcIgnoreRe = /^mlc-ignore(-file)?(?:\s+(.*))?$/;
const hadolintRe = /^hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9,\s]+)/;
const dfuRe = /^dockerfile-utils\s*:\s*ignore\b/;

function ids(text: string | undefined): Set<string> | undefined {
  const body = (text ?? '').split(/\s--(?:\s|$)|^--(?:\s|$)/)[0]?.trim() ?? '';
  if (body === '') {
    return undefined;
  }
  return new Set(body.split(/[\s,]+/).filter((s) => s !== '').map((s) => s.toUpperCase()));
}

/**
 * Inline suppressions (§9.1) and migrated pragmas (§9.3): `# mlc-ignore`, `# mlc-ignore-file`,
 * `# hadolint ignore=` / `global ignore=`, `# dockerfile-utils: ignore` and `# check=skip=`.
 */
export function collectSuppressions(parsed: ParsedDockerfile, foreignPragmas = true): SuppressionIndex {
  const filePragmas: Pragma[] = [];
  const byInstruction = new Map<number, Pragma[]>();
  const instrs = parsed.instructions;
  const nextInstructionIndex = (line: number): number => {
    let lo = 0;
    let hi = instrs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((instrs[mid]?.startLine ?? 0) > line) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  };
  const attach = (line: number, p: Pragma): void => {
    const idx = nextInstructionIndex(line);
    if (idx < instrs.length) {
      const list = byInstruction.get(idx) ?? [];
      list.push(p);
      byInstruction.set(idx, list);
    }
  };
  for (const c of parsed.comments) {
    if (c.inContinuation) {
      continue;
    }
    const m = mlcIgnoreRe.exec(c.text);
    if (m) {
      const p: Pragma = {};
      const set = ids(m[2]);
      if (set) {
        p.ids = set;
      }
      if (m[1]) {
        filePragmas.push(p);
      } else {
        attach(c.line, p);
      }
      continue;
    }
    if (!foreignPragmas) {
      continue;
    }
    const h = hadolintRe.exec(c.text);
    if (h) {
      const codes = new Set((h[2] ?? '').split(/[\s,]+/).filter((s) => s !== '').map((s) => s.toUpperCase()));
      const p: Pragma = { ids: new Set(), hadolint: codes };
      if (h[1]) {
        filePragmas.push(p);
      } else {
        attach(c.line, p);
      }
      continue;
    }
    if (dfuRe.test(c.text)) {
      attach(c.line, { ids: new Set(), dockerfileUtils: true });
    }
  }
  let buildkitSkip: Set<string> | 'all' | undefined;
  if (foreignPragmas) {
    for (const d of parsed.directives) {
      if (d.name !== 'check') {
        continue;
      }
      const skip = /(?:^|;)\s*skip\s*=\s*([^;]*)/.exec(d.value)?.[1]?.trim();
      if (skip !== undefined) {
        buildkitSkip = skip.toLowerCase() === 'all' ? 'all' : new Set(skip.split(',').map((s) => s.trim()).filter((s) => s !== ''));
      }
    }
  }

  const matches = (p: Pragma, f: Finding, meta: RuleMeta | undefined): boolean => {
    if (p.ids === undefined) {
      return true;
    }
    if (p.ids.has(f.ruleId)) {
      return true;
    }
    if (p.hadolint && meta) {
      if (f.anchorCode !== undefined) {
        return p.hadolint.has(f.anchorCode);
      }
      return (meta.equivalents.hadolint ?? []).some((code) => p.hadolint?.has(code));
    }
    if (p.dockerfileUtils && meta) {
      return /^MLD0\d\d$/.test(meta.id) && (meta.equivalents.dockerfileUtils ?? []).length > 0;
    }
    return false;
  };

  if (filePragmas.length === 0 && byInstruction.size === 0 && buildkitSkip === undefined) {
    return nothingSuppressed;
  }
  return {
    isSuppressed(f, meta) {
      if (filePragmas.some((p) => matches(p, f, meta))) {
        return true;
      }
      if (buildkitSkip && meta) {
        const names = meta.equivalents.buildkit ?? [];
        if (names.length > 0 && (buildkitSkip === 'all' || names.some((n) => (buildkitSkip).has(n)))) {
          return true;
        }
      }
      const line = f.range.start.line;
      const idx = nextInstructionIndex(line) - 1;
      const instr = instrs[idx];
      if (!instr || line > instr.endLine) {
        return false;
      }
      return (byInstruction.get(idx) ?? []).some((p) => matches(p, f, meta));
    },
  };
}
