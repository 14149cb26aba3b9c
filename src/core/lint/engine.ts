import type { MlcConfig } from './config';
import { emptyConfig, selectsObjects, settingsFromConfig } from './config';
import { localImagesOf } from './dockerfile/local-images';
import { parseDockerfile } from './dockerfile/parse';
import { mergeTargetRuns, modelsForTargets } from './dockerfile/target-runs';
import { collectSuppressions } from './dockerfile/suppress';
import { pathMatches } from './glob';
import { lengthsOfLines } from './line-lengths';
import type { BuildContextView, DockerfileContext, DockerfileRule } from './rule';
import { dockerfileRules } from './rules/dockerfile';
import type { Finding, InputProblem, Position, Range, RuleMeta, Severity } from './types';
import { comparePositions } from './types';
import { sharedMessage } from './shared-message';

/** Inputs larger than this are refused with a clear problem instead of being linted. */
/**
 * Past this a Dockerfile is refused with a problem. Real ones are kilobytes; the cap bounds memory. At
 * their most costly (every line a `RUN apt-get install x`: five findings a line, and the cross-file
 * pass parses the file again) 8 MB held 0.9 GB live and 16 MB 2.1 GB, which aborted `mlc lint` under
 * a 2 GB heap (the default on an 8 GB machine) and would take an extension host down with it.
 */
export const maxDockerfileChars = 4 * 1024 * 1024;

export interface LintOptions {
  config?: MlcConfig;
  /** `/`-separated path relative to the config root, for `ignore` entries and `dockerfiles.<path>`. */
  path?: string;
  buildContext?: BuildContextView;
  /** Named build contexts the build passes besides `.mlc.yaml`'s (found in bake files and Compose `additional_contexts`). */
  namedContexts?: readonly string[];
  /** Images that Compose files around the Dockerfile build and tag (`image:` beside `build:`): a FROM of one is not pulled. */
  localImages?: readonly string[];
  /**
   * The stages that Compose services build from this file (`build.target`; undefined for a build of the last stage),
   * used when `.mlc.yaml` sets no target. Builds of different stages each ship theirs: the file is then linted once
   * per stage and the findings merged (mergeTargetRuns), so a stage no build produces is judged by none of them.
   */
  targets?: readonly (string | undefined)[];
  /** Overrides the rule registry (tests). */
  rules?: readonly DockerfileRule[];
  /** `--no-inline-ignores`: audit mode. */
  noInlineIgnores?: boolean;
  /** Quick fixes on findings (default true). The CLI, which never shows them, passes false: findings then keep none. */
  fixes?: boolean;
  /**
   * Keep one string per distinct message across calls (see shared-message.ts): for callers that hold the
   * findings of many files, the CLI. Off by default: one document's findings gain nothing and pay a hash each.
   */
  shareMessages?: boolean;
}

export interface LintResult {
  findings: Finding[];
  problems: InputProblem[];
}

/** Keeps a range inside the text: a rule's mapped range may end past a line (a joining newline, an unterminated heredoc). */
export function clampRange(range: Range, lineLengths: readonly number[]): Range {
  if (isInside(range.start, lineLengths) && isInside(range.end, lineLengths) && comparePositions(range.end, range.start) >= 0) {
    return range;
  }
  const start = clampPosition(range.start, lineLengths);
  const end = clampPosition(range.end, lineLengths);
  return comparePositions(end, start) < 0 ? { start, end: start } : { start, end };
}

/* Plain functions rather than closures in clampRange: it runs once per finding. */
function isInside(p: Position, lineLengths: readonly number[]): boolean {
  return p.line >= 1 && p.line <= Math.max(1, lineLengths.length) && p.column >= 1 && p.column <= (lineLengths[p.line - 1] ?? 0) + 1;
}

function clampPosition(p: Position, lineLengths: readonly number[]): Position {
  const line = Math.min(Math.max(1, p.line), Math.max(1, lineLengths.length));
  const column = Math.min(Math.max(1, p.column), (lineLengths[line - 1] ?? 0) + 1);
  return { line, column };
}

/** The effective severity of a rule under a config, or undefined when it is off. */
export function effectiveSeverity(meta: RuleMeta, config: MlcConfig): Severity | undefined {
  const setting = config.rules[meta.id]?.severity;
  if (setting === 'off') {
    return undefined;
  }
  if (setting === undefined) {
    return meta.enabledByDefault ? meta.severity : undefined;
  }
  return setting === 'on' ? meta.severity : setting;
}

const metaIndexes = new WeakMap<readonly { meta: RuleMeta }[], Map<string, RuleMeta>>();

/** Rule metadata by ID, built once per rule list (Dockerfile, Kubernetes… rules alike). */
export function metaIndex(rules: readonly { meta: RuleMeta }[]): Map<string, RuleMeta> {
  let index = metaIndexes.get(rules);
  if (!index) {
    index = new Map(rules.map((r) => [r.meta.id, r.meta]));
    metaIndexes.set(rules, index);
  }
  return index;
}

export function lintDockerfile(text: string, options: LintOptions = {}): LintResult {
  if (text.length > maxDockerfileChars) {
    return { findings: [], problems: [{ message: `the file has ${text.length} characters, more than the ${maxDockerfileChars} a Dockerfile may have here; not linted` }] };
  }
  if (text.includes('\0')) {
    return { findings: [], problems: [{ message: 'the file contains NUL bytes: binary content, not a Dockerfile; not linted' }] };
  }
  const config = options.config ?? emptyConfig();
  const rules = options.rules ?? dockerfileRules;
  const settings = settingsFromConfig(config);
  const path = options.path;
  const settingsOfFile = path !== undefined ? config.dockerfiles[path] : undefined;
  const target = settingsOfFile?.target;
  // Built only when some are given: this runs on every keystroke's lint.
  const namedContexts = settingsOfFile?.contexts !== undefined || options.namedContexts !== undefined ? [...(settingsOfFile?.contexts ?? []), ...(options.namedContexts ?? [])] : undefined;
  const parsed = parseDockerfile(text);
  const models = modelsForTargets(parsed, target !== undefined ? [target] : (options.targets ?? []), { buildArgs: config.buildArgs, ...(namedContexts !== undefined && namedContexts.length > 0 ? { namedContexts } : {}) });
  const localImages = options.localImages !== undefined && options.localImages.length > 0 ? localImagesOf(options.localImages) : undefined;
  const context: Omit<DockerfileContext, 'model'> = { settings, ...(options.buildContext ? { buildContext: options.buildContext } : {}), ...(path !== undefined ? { path } : {}), ...(localImages ? { localImages } : {}) };

  const pathIgnores = config.ignore.filter((e) => !selectsObjects(e)).filter((e) => e.paths === undefined || (path !== undefined && e.paths.some((g) => pathMatches(path, g))));
  if (pathIgnores.some((e) => e.rules === undefined)) {
    return { findings: [], problems: [] };
  }
  // Loops rather than flatMap, which V8 runs far slower: this runs on every keystroke's lint.
  const ignoredByConfig = new Set<string>();
  for (const e of pathIgnores) {
    for (const id of e.rules ?? []) {
      ignoredByConfig.add(id);
    }
  }
  const enabled = enabledRules(rules, config);
  const plan = ignoredByConfig.size === 0 ? enabled : enabled.filter((r) => !ignoredByConfig.has(r.id));
  const run: RuleRun = { plan, lineLengths: lengthsOfLines(text), fixes: options.fixes !== false, share: options.shareMessages === true };
  const runs = models.map((model) => ({ model, ...runRules({ ...context, model }, run) }));
  const raw = runs.length === 1 ? (runs[0] as (typeof runs)[number]).findings : mergeTargetRuns(runs);
  const byMessage = new Map<string, InputProblem>();
  for (const r of runs) {
    for (const p of r.problems) {
      byMessage.set(p.message, p);
    }
  }
  const problems = [...byMessage.values()];
  const metaById = metaIndex(rules);

  const suppressions = options.noInlineIgnores ? undefined : collectSuppressions(parsed, config.foreignPragmas);
  const findings = suppressions ? raw.filter((f) => !suppressions.isSuppressed(f, metaById.get(f.ruleId))) : raw;
  // Rule IDs are ASCII (`MLD123`), so code-unit order equals locale order and is much cheaper.
  findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { findings, problems };
}

/** A rule the config leaves on, with what runRules reads of it per finding: objects of one shape, read in a hot loop. */
interface EnabledRule {
  id: string;
  severity: Severity;
  supersedes: readonly string[] | undefined;
  rule: DockerfileRule;
}

/** The enabled rules of the registry when no config sets any rule (the usual case), kept per rule list. */
const defaultPlans = new WeakMap<readonly DockerfileRule[], readonly EnabledRule[]>();

/** The rules the config leaves on, in registry order, with their severities: looked up once per rule list, not per rule and lint. */
function enabledRules(rules: readonly DockerfileRule[], config: MlcConfig): readonly EnabledRule[] {
  if (!setsAnyRule(config)) {
    let plan = defaultPlans.get(rules);
    if (plan === undefined) {
      plan = planRules(rules, config);
      defaultPlans.set(rules, plan);
    }
    return plan;
  }
  return planRules(rules, config);
}

function setsAnyRule(config: MlcConfig): boolean {
  for (const id in config.rules) {
    if (Object.prototype.hasOwnProperty.call(config.rules, id)) {
      return true;
    }
  }
  return false;
}

function planRules(rules: readonly DockerfileRule[], config: MlcConfig): EnabledRule[] {
  const plan: EnabledRule[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule.meta, config);
    if (severity !== undefined) {
      plan.push({ id: rule.meta.id, severity, supersedes: rule.meta.supersedes, rule });
    }
  }
  return plan;
}

/** What runRules needs besides the model: the same for every built stage of a file. */
interface RuleRun {
  /** The rules to run, those the config or an `ignore` entry turns off left out. */
  plan: readonly EnabledRule[];
  lineLengths: readonly number[];
  fixes: boolean;
  share: boolean;
}

/** The enabled rules' findings on one model of the file, less those a more specific rule supersedes on the same line. */
function runRules(ctx: DockerfileContext, run: RuleRun): { findings: Finding[]; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const raw: Finding[] = [];
  const superseded = new Set<string>();
  for (const { id, severity, supersedes, rule } of run.plan) {
    try {
      for (const f of rule.check(ctx)) {
        const out: Finding = { ruleId: id, severity, message: run.share ? sharedMessage(f.message) : f.message, range: clampRange(f.range, run.lineLengths) };
        if (supersedes !== undefined) {
          for (const supersededId of supersedes) {
            superseded.add(`${supersededId}@${out.range.start.line}`);
          }
        }
        if (f.fix && run.fixes) {
          out.fix = f.fix;
        }
        if (f.anchorCode) {
          out.anchorCode = f.anchorCode;
        }
        raw.push(out);
      }
    } catch (e) {
      problems.push({ message: `internal error in rule ${id}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const findings = superseded.size === 0 ? raw : raw.filter((f) => !superseded.has(`${f.ruleId}@${f.range.start.line}`));
  return { findings, problems };
}
