import type { MlcConfig } from '../config';
import { emptyConfig, selectsObjects } from '../config';
import type { SuppressionIndex } from '../dockerfile/suppress';
import { collectSuppressions } from '../dockerfile/suppress';
import { clampRange, effectiveSeverity } from '../engine';
import { pathMatches } from '../glob';
import { foreignAnnotationSuppressions } from '../kubernetes/annotations';
import { crossRules } from '../rules/cross';
import type { Finding, RuleMeta } from '../types';
import { comparePositions } from '../types';
import { collectYamlSuppressions } from '../yaml/suppress';
import type { WorkspaceModel } from './model';
import { workspaceModel } from './model';
import { objectsInFile } from './kube';
import type { CrossFinding, CrossRule, RelatedLocation } from './rule';
import type { WorkspaceFile, WorkspaceFs } from './types';

export interface WorkspaceLintOptions {
  config?: MlcConfig;
  fs?: WorkspaceFs;
  rules?: readonly CrossRule[];
  noInlineIgnores?: boolean;
}

export interface WorkspaceFinding extends Finding {
  /** The workspace-relative file the finding is in. */
  path: string;
  related?: RelatedLocation;
}

export interface WorkspaceLintResult {
  findings: WorkspaceFinding[];
  problems: { message: string }[];
}

function linesOf(ws: WorkspaceModel, path: string): string[] | undefined {
  return ws.dockerfiles.get(path)?.parsed.lines ?? ws.yamlFiles.get(path)?.text.split('\n');
}

function suppressionsOf(ws: WorkspaceModel, path: string): SuppressionIndex | undefined {
  const dockerfile = ws.dockerfiles.get(path);
  if (dockerfile) {
    return collectSuppressions(dockerfile.parsed, ws.config.foreignPragmas);
  }
  const file = ws.yamlFiles.get(path);
  if (!file) {
    return undefined;
  }
  const objects = objectsInFile(ws, path).map((o) => o.obj);
  return collectYamlSuppressions(file, ws.config.foreignPragmas ? foreignAnnotationSuppressions(objects) : []);
}

function ignoredByConfig(config: MlcConfig, f: CrossFinding, ruleId: string): boolean {
  return config.ignore.some((e) => {
    if (e.paths !== undefined && !e.paths.some((g) => pathMatches(f.path, g))) {
      return false;
    }
    if (e.rules !== undefined && !e.rules.includes(ruleId)) {
      return false;
    }
    if (!selectsObjects(e)) {
      return true;
    }
    const o = f.object;
    return o !== undefined && (e.kind === undefined || e.kind === o.kind) && (e.namespace === undefined || e.namespace === o.namespace) && (e.name === undefined || e.name === o.name);
  });
}

/**
 * The cross-file pass (MLX rules, §5) over an in-memory set of workspace files and an optional
 * read-only view of the disk. Pure; never throws: unparseable files are left out of the model.
 */
export function lintWorkspace(files: readonly WorkspaceFile[], options: WorkspaceLintOptions = {}): WorkspaceLintResult {
  const config = options.config ?? emptyConfig();
  const problems: { message: string }[] = [];
  let ws: WorkspaceModel;
  try {
    ws = workspaceModel(files, config, options.fs);
  } catch (e) {
    return { findings: [], problems: [{ message: `internal error building the workspace model: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const metaById = new Map<string, RuleMeta>();
  const raw: WorkspaceFinding[] = [];
  const lineLengths = new Map<string, number[] | undefined>();
  const lineLengthsOf = (path: string): number[] | undefined => {
    if (!lineLengths.has(path)) {
      lineLengths.set(path, linesOf(ws, path)?.map((l) => l.replace(/\r$/, '').length));
    }
    return lineLengths.get(path);
  };
  for (const rule of options.rules ?? crossRules) {
    metaById.set(rule.meta.id, rule.meta);
    const severity = effectiveSeverity(rule.meta, config);
    if (severity === undefined) {
      continue;
    }
    try {
      for (const f of rule.check(ws)) {
        const lines = lineLengthsOf(f.path);
        if (!lines || ignoredByConfig(config, f, rule.meta.id)) {
          continue;
        }
        const out: WorkspaceFinding = { path: f.path, ruleId: rule.meta.id, severity, message: f.message, range: clampRange(f.range, lines) };
        if (f.fix) {
          out.fix = f.fix;
        }
        if (f.related) {
          out.related = f.related;
        }
        raw.push(out);
      }
    } catch (e) {
      problems.push({ message: `internal error in rule ${rule.meta.id}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const suppressions = new Map<string, SuppressionIndex | undefined>();
  const findings = options.noInlineIgnores
    ? raw
    : raw.filter((f) => {
        if (!suppressions.has(f.path)) {
          suppressions.set(f.path, suppressionsOf(ws, f.path));
        }
        return !suppressions.get(f.path)?.isSuppressed(f, metaById.get(f.ruleId));
      });
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || comparePositions(a.range.start, b.range.start) || a.ruleId.localeCompare(b.ruleId));
  return { findings, problems };
}
