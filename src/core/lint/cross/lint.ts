import type { MlcConfig } from '../config';
import { emptyConfig, selectsObjects } from '../config';
import { clampRange, effectiveSeverity } from '../engine';
import { pathMatches } from '../glob';
import { crossRules } from '../rules/cross';
import type { Finding, RuleMeta } from '../types';
import { comparePositions } from '../types';
import type { YamlFile } from '../yaml/parse';
import type { KustomizationFile } from './kustomize-patches';
import type { WorkspaceModel } from './model';
import { workspaceModel } from './model';
import type { CrossFinding, CrossRule, RelatedLocation } from './rule';
import { workspaceSuppressions } from './suppressions';
import type { WorkspaceFile, WorkspaceFs } from './types';
import { compareRuleIds } from '../rule-order';
import { sharedMessage } from '../shared-message';

export interface WorkspaceLintOptions {
  config?: MlcConfig;
  fs?: WorkspaceFs;
  rules?: readonly CrossRule[];
  noInlineIgnores?: boolean;
  /** Workspace folders known to hold a kustomization (the CLI's walk found them): read whatever the search beside the files finds. */
  kustomizationDirs?: readonly string[];
  /** Patch and replacements files read and parsed already, by workspace path (see kustomizeFacts' `alreadyRead`). */
  kustomizationFiles?: (path: string) => KustomizationFile | undefined;
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

/** Line lengths without a trailing CR, from the line starts the parse already has (the text is not split). */
function yamlLineLengths(file: YamlFile): number[] {
  const starts = file.lineCounter.lineStarts;
  const text = file.text;
  const out = new Array<number>(starts.length);
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    let end = i + 1 < starts.length ? (starts[i + 1] as number) - 1 : text.length;
    if (end > start && text.charCodeAt(end - 1) === 13) {
      end--;
    }
    out[i] = end - start;
  }
  return out;
}

function lineLengthsOf(ws: WorkspaceModel, path: string): number[] | undefined {
  const dockerfile = ws.dockerfiles.get(path);
  if (dockerfile) {
    return dockerfile.parsed.lines.map((l) => l.replace(/\r$/, '').length);
  }
  const file = ws.yamlFiles.get(path);
  return file ? yamlLineLengths(file) : undefined;
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

/** The one word two messages differ in (`dev;` and `prod;` differ in `dev`/`prod`), or undefined. */
function oneWordApart(a: string, b: string): { at: number; words: [string, string]; tail: string } | undefined {
  const wa = a.split(' ');
  const wb = b.split(' ');
  if (wa.length !== wb.length) {
    return undefined;
  }
  const differ = wa.flatMap((w, i) => (w === wb[i] ? [] : [i]));
  if (differ.length !== 1) {
    return undefined;
  }
  const at = differ[0] as number;
  const [x, y] = [wa[at] as string, wb[at] as string];
  const tail = /[;:,.)]*$/.exec(x)?.[0] ?? '';
  return y.endsWith(tail) ? { at, words: [x.slice(0, x.length - tail.length), y.slice(0, y.length - tail.length)], tail } : undefined;
}

/**
 * One finding per rule and place: an object a kustomization builds into several namespaces is checked in
 * each, and a node several pods share (an Argo workflow's pod defaults, a YAML alias) in each pod. The same finding in another namespace (its message one word apart: `in namespace dev`, `in namespace
 * prod`) joins the first one's message (`in namespace dev, prod`); a different one stays.
 */
function withoutRepeats(findings: WorkspaceFinding[]): WorkspaceFinding[] {
  const firstAt = new Map<string, { finding: WorkspaceFinding; message: string; variants: string[]; at: number; tail: string }[]>();
  const out: WorkspaceFinding[] = [];
  for (const f of findings) {
    const place = `${f.ruleId}\0${f.path}\0${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`;
    const earlier = firstAt.get(place) ?? [];
    if (earlier.some((e) => e.message === f.message)) {
      continue;
    }
    let joined = false;
    for (const e of earlier) {
      const apart = oneWordApart(e.message, f.message);
      if (apart && (e.variants.length === 0 || apart.at === e.at)) {
        if (e.variants.length === 0) {
          e.variants.push(apart.words[0]);
          e.at = apart.at;
          e.tail = apart.tail;
        }
        if (!e.variants.includes(apart.words[1])) {
          e.variants.push(apart.words[1]);
        }
        const words = e.message.split(' ');
        words[e.at] = `${e.variants.join(', ')}${e.tail}`;
        e.finding.message = words.join(' ');
        joined = true;
        break;
      }
    }
    if (!joined) {
      earlier.push({ finding: f, message: f.message, variants: [], at: -1, tail: '' });
      firstAt.set(place, earlier);
      out.push(f);
    }
  }
  return out;
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
    ws = workspaceModel(files, config, options.fs, options.kustomizationDirs, options.kustomizationFiles);
  } catch (e) {
    return { findings: [], problems: [{ message: `internal error building the workspace model: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const metaById = new Map<string, RuleMeta>();
  const raw: WorkspaceFinding[] = [];
  const lineLengths = new Map<string, number[] | undefined>();
  const lineLengthsAt = (path: string): number[] | undefined => {
    if (!lineLengths.has(path)) {
      lineLengths.set(path, lineLengthsOf(ws, path));
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
        const lines = lineLengthsAt(f.path);
        if (!lines || ignoredByConfig(config, f, rule.meta.id)) {
          continue;
        }
        const out: WorkspaceFinding = { path: f.path, ruleId: rule.meta.id, severity, message: sharedMessage(f.message), range: clampRange(f.range, lines) };
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
  const suppressionsOf = workspaceSuppressions(ws);
  const unique = raw.length > 1 ? withoutRepeats(raw) : raw;
  const findings = options.noInlineIgnores ? unique : unique.filter((f) => !suppressionsOf(f.path)?.isSuppressed(f, metaById.get(f.ruleId)));
  findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || comparePositions(a.range.start, b.range.start) || compareRuleIds(a.ruleId, b.ruleId));
  return { findings, problems };
}
