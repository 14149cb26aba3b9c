import * as path from 'node:path';
import { emptyConfig } from '../core/lint/config';
import { lintWorkspace } from '../core/lint/cross/lint';
import type { KustomizationFile } from '../core/lint/cross/kustomize-patches';
import type { WorkspaceFile, WorkspaceFs } from '../core/lint/cross/types';
import { effectiveSeverity } from '../core/lint/engine';
import type { LintedFile } from '../core/lint/format/report';
import { crossRules } from '../core/lint/rules/cross';
import type { Finding, RuleMeta } from '../core/lint/types';
import { isComposeFileName } from '../core/lint/yaml/classify';
import type { LoadedConfig } from '../infra/lint/load-config';
import { repositoryRoot } from '../infra/lint/repository-root';
import { kustomizationFilesUnder } from '../infra/lint/kustomization-files';
import { fsWorkspaceView } from '../infra/lint/workspace-view';
import { commonFolder, isWithin } from '../infra/fs/within';
import type { YamlFile } from '../core/lint/yaml/parse';

export interface CrossPassInput {
  cwd: string;
  /** What discovery found (absolute paths). */
  targets: readonly { path: string; kind: string; namespaces?: readonly (string | undefined)[] }[];
  /** The per-file results so far; cross-file findings are merged into them (or added for referenced files). */
  linted: LintedFile[];
  /** Kubernetes files the per-file pass already parsed, by absolute path. */
  parsedYaml?: ReadonlyMap<string, YamlFile>;
  /** Texts without CR the per-file pass read, by absolute path (else each is rebuilt from its lines). */
  texts?: ReadonlyMap<string, string>;
  enabled: Map<string, RuleMeta>;
  noInlineIgnores: boolean;
  /** Folders (absolute) whose kustomization the per-file pass read: the cross-file pass reads them too. */
  kustomizationDirs?: readonly string[];
  /** Patch and replacements files the kustomize layout read and parsed, by absolute path: not read again. */
  kustomizationFiles?: ReadonlyMap<string, KustomizationFile>;
  /** Manifests read for facts only (what the kustomizations linted build from elsewhere): in the model, never reported on. */
  facts?: readonly { path: string; text: string; namespaces?: readonly (string | undefined)[] }[];
  /**
   * The folders the paths asked about (absolute): a directory argument itself, a file argument's folder. Outside a
   * repository, the root holds them too: `mlc lint proj` reads proj/docker/docker-compose.yml's `context: ..` inside proj.
   */
  folders?: readonly string[];
  configFor(dir: string): Promise<LoadedConfig | undefined>;
  fail(message: string): void;
}

function posix(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

/** The view, reading the files `alreadyRead` gives from memory. */
function withKustomizationFiles(view: WorkspaceFs, alreadyRead: ((rel: string) => KustomizationFile | undefined) | undefined): WorkspaceFs {
  return alreadyRead ? { stat: (rel) => view.stat(rel), list: (rel) => view.list(rel), read: (rel) => alreadyRead(rel)?.text ?? view.read(rel) } : view;
}

/**
 * The cross-file pass of `mlc lint` (MLX rules) over the files the per-file pass linted. The
 * workspace root is the nearest `.mlc.yaml`'s folder above them (config paths are relative to it),
 * else the repository root, else the common folder of theirs and of the folders asked about.
 *
 * Runs the cross-file rules and returns what merges their findings into `input.linted` (and reports
 * their problems), so the rules can run while the per-file findings are still being computed
 * elsewhere: the entries of `input.linted` must exist already, their findings filled in before the merge.
 */
export async function prepareCrossPass(input: CrossPassInput): Promise<(() => void) | undefined> {
  const byShown = new Map(input.linted.map((f) => [f.file, f]));
  const texts = input.targets
    .map((t) => ({ ...t, linted: byShown.get(posix(input.cwd, t.path) || path.basename(t.path)) }))
    .filter((t) => t.linted !== undefined);
  if (texts.length === 0) {
    return undefined;
  }
  const base = commonFolder(texts.map((t) => path.dirname(t.path))) as string;
  const loaded = await input.configFor(base);
  if (loaded && !loaded.ok) {
    return undefined; // already reported by the per-file pass
  }
  const configDir = loaded ? path.dirname(loaded.file) : undefined;
  const root = configDir !== undefined && isWithin(path.relative(configDir, base)) ? configDir : (repositoryRoot(base) ?? commonFolder([base, ...(input.folders ?? [])]) ?? base);
  const files: WorkspaceFile[] = texts.map((t) => ({
    path: posix(root, t.path),
    kind: t.kind === 'dockerfile' || t.kind === 'kustomization' ? t.kind : t.kind === 'compose' || isComposeFileName(path.basename(t.path)) ? 'compose' : 'kubernetes',
    text: input.texts?.get(t.path) ?? (t.linted as LintedFile).lines.join('\n'),
    ...(input.parsedYaml?.has(t.path) ? { parsed: input.parsedYaml.get(t.path) } : {}),
    ...(t.namespaces !== undefined ? { namespaces: t.namespaces } : {}),
  }));
  const factPaths = new Set<string>();
  for (const f of input.facts ?? []) {
    const rel = posix(root, f.path);
    if (isWithin(rel, '/')) {
      factPaths.add(rel);
      files.push({ path: rel, kind: 'kubernetes', text: f.text, ...(input.parsedYaml?.has(f.path) ? { parsed: input.parsedYaml.get(f.path) } : {}), ...(f.namespaces !== undefined ? { namespaces: f.namespaces } : {}) });
    }
  }
  const alreadyRead = input.kustomizationFiles && kustomizationFilesUnder(root, input.kustomizationFiles);
  const view = withKustomizationFiles(fsWorkspaceView(root), alreadyRead);
  const kustomizationDirs = (input.kustomizationDirs ?? []).map((d) => posix(root, d)).filter((rel) => isWithin(rel, '/'));
  const result = lintWorkspace(files, { ...(loaded ? { config: loaded.config } : {}), fs: view, noInlineIgnores: input.noInlineIgnores, kustomizationDirs, ...(alreadyRead ? { kustomizationFiles: alreadyRead } : {}) });
  // Findings come many to a file: each workspace path is turned into its shown path once.
  const shownPaths = new Map<string, string>();
  const shownOf = (rel: string): string => {
    let shown = shownPaths.get(rel);
    if (shown === undefined) {
      shown = posix(input.cwd, path.join(root, rel));
      shownPaths.set(rel, shown);
    }
    return shown;
  };
  return () => {
    result.problems.forEach((p) => input.fail(`cross-file rules: ${p.message}`));
    for (const rule of crossRules) {
      if (effectiveSeverity(rule.meta, loaded?.config ?? emptyConfig()) !== undefined) {
        input.enabled.set(rule.meta.id, rule.meta);
      }
    }
    for (const f of result.findings) {
      const rel = f.path;
      if (factPaths.has(rel)) {
        continue;
      }
      const finding: Finding = { ruleId: f.ruleId, severity: f.severity, message: f.message, range: f.range, ...(f.fix ? { fix: f.fix } : {}) };
      if (f.related) {
        finding.related = { file: shownOf(f.related.file), range: f.related.range, message: f.related.message };
      }
      const shown = shownOf(rel);
      let entry = byShown.get(shown);
      if (!entry) {
        entry = { file: shown, findings: [], lines: (view.read(rel) ?? '').split(/\r?\n/) };
        byShown.set(shown, entry);
        input.linted.push(entry);
      }
      entry.findings.push(finding);
    }
  };
}
