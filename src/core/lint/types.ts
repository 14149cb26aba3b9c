/** Shared types of the linter. Positions are 1-based; `end` is exclusive; columns count UTF-16 code units. */
export interface Position {
  line: number;
  column: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const severities: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
export const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export type Family = 'correctness' | 'security' | 'reproducibility' | 'performance' | 'ml' | 'style';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

/** Equivalent rule codes in other linters, used for pragma mapping and docs. */
export interface Equivalents {
  hadolint?: string[];
  buildkit?: string[];
  dockerfileUtils?: string[];
  /** kube-linter check names (annotation `ignore-check.kube-linter.io/<check>`). */
  kubeLinter?: string[];
  /** kube-score check names (annotation `kube-score/ignore`). */
  kubeScore?: string[];
  /** Polaris check IDs (annotation `polaris.fairwinds.com/<check>-exempt`). */
  polaris?: string[];
}

export interface RuleMeta {
  id: string;
  name: string;
  family: Family;
  severity: Severity;
  enabledByDefault: boolean;
  fixable: boolean;
  /** ML-specific or ML-aware (ML+) rule. */
  ml: boolean;
  /** Rule IDs this rule takes precedence over on the same instruction. */
  supersedes?: string[];
  equivalents: Equivalents;
  /** One sentence: what the rule reports. */
  description: string;
}

/** What a rule reports; the engine adds the rule ID and the effective severity. */
export interface RuleFinding {
  range: Range;
  message: string;
  fix?: Fix;
  /** The anchor-linter code this finding corresponds to, for merged rules (e.g. DL3018 for apk). */
  anchorCode?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
  fix?: Fix;
  anchorCode?: string;
  /** Cross-file findings: the other file involved (SARIF relatedLocations); `file` is shown like the finding's own file. */
  related?: { file: string; range: Range; message: string };
}

/** A problem with the input as a whole (binary, too large): reported instead of findings. */
export interface InputProblem {
  message: string;
  /** `info`: the input was deliberately skipped (a Helm template), not an error. Unset means an error. */
  level?: 'info';
}

export function rangeOf(startLine: number, startColumn: number, endLine: number, endColumn: number): Range {
  return { start: { line: startLine, column: startColumn }, end: { line: endLine, column: endColumn } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}
