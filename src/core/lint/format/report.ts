import type { Finding } from '../types';
import { compareRuleIds } from '../rule-order';

/** Findings of one linted file; `file` is relative to the working directory with `/` separators. */
export interface LintedFile {
  file: string;
  findings: Finding[];
  /** Source lines (for SARIF fingerprints). */
  lines: string[];
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  severity: string;
  message: string;
}

/** The findings of the files with one name, in report order (`file` is the first of those files). */
export interface SortedFile {
  file: LintedFile;
  findings: readonly Finding[];
}

/**
 * Each rule ID's place in `localeCompare` order (IDs that compare equal share a place), so a sort
 * compares two numbers instead of comparing IDs tens of thousands of times.
 */
function ruleIdRanks(files: readonly LintedFile[]): Map<string, number> {
  const ids = new Set<string>();
  for (const file of files) {
    for (const finding of file.findings) {
      ids.add(finding.ruleId);
    }
  }
  const sorted = [...ids].sort(compareRuleIds);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((id, k) => {
    if (k > 0 && compareRuleIds(sorted[k - 1] as string, id) !== 0) {
      rank++;
    }
    ranks.set(id, rank);
  });
  return ranks;
}

/** Order within one file: line, column, rule ID (`localeCompare`, through the ranks). */
function findingOrder(files: readonly LintedFile[]): (a: Finding, b: Finding) => number {
  const ranks = ruleIdRanks(files);
  return (a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column || (ranks.get(a.ruleId) as number) - (ranks.get(b.ruleId) as number);
}

/**
 * Deterministic order: file, line, column, rule ID (`localeCompare`), else as given. The files are
 * sorted by name and each one's findings on their own: the same order as one stable sort of all the
 * findings, without an entry object per finding or a file-name comparison per pair.
 */
export function sortedFiles(files: readonly LintedFile[]): SortedFile[] {
  const byName = new Map<string, LintedFile[]>();
  for (const file of files) {
    const same = byName.get(file.file);
    if (same) {
      same.push(file);
    } else {
      byName.set(file.file, [file]);
    }
  }
  const order = findingOrder(files);
  const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.map((name) => {
    const same = byName.get(name) as LintedFile[];
    const findings = same.length === 1 ? [...(same[0] as LintedFile).findings] : same.flatMap((f) => f.findings);
    findings.sort(order);
    return { file: same[0] as LintedFile, findings };
  });
}

/** Every finding with its own file, in report order (SARIF reads each finding's source line from its file). */
export function sortedEntries(files: readonly LintedFile[]): { file: LintedFile; finding: Finding }[] {
  const order = findingOrder(files);
  const entries = files.flatMap((file) => file.findings.map((finding) => ({ file, finding })));
  entries.sort((a, b) => (a.file.file < b.file.file ? -1 : a.file.file > b.file.file ? 1 : 0) || order(a.finding, b.finding));
  return entries;
}
