import type { KueueObjects } from './kueue';
import { kueueObjects, mayDeclareKueueObjects, mayUseKueueQueue, mergeKueueObjects } from './kueue';
import type { MlcConfig } from '../config';
import { emptyConfig, selectsObjects, settingsFromConfig } from '../config';
import { effectiveSeverity, metaIndex } from '../engine';
import { pathMatches } from '../glob';
import { kubernetesRules } from '../rules/kubernetes';
import type { Finding, InputProblem, RuleFinding } from '../types';
import { comparePositions } from '../types';
import { YamlView } from '../yaml/access';
import type { YamlFile } from '../yaml/parse';
import { parseYaml } from '../yaml/parse';
import { collectYamlSuppressions } from '../yaml/suppress';
import { foreignAnnotationSuppressions } from './annotations';
import type { KustomizeBuild } from './kustomize';
import type { KubeObject } from './model';
import { documentObject } from './document-object';
import type { DraGpuClaims } from './dra';
import { addDraGpuClaims } from './dra';
import { hpaTargetsOf, scaledByHpa as isScaled } from './hpa-targets';
import { isPatchFileName } from './patch-file-name';
import { embeddedObjectRuleIds, operatorExcludedRules, presetOverlayRules } from './operator-pods';
import { isTemplateObject, objectDocuments } from './list-items';
import type { KubernetesContext, KubernetesRule, ManifestSchemas } from './rule';
import { sharedMessage } from '../shared-message';

export interface ManifestLintOptions {
  config?: MlcConfig;
  /** `/`-separated path relative to the config root, for `ignore` entries. */
  path?: string;
  rules?: readonly KubernetesRule[];
  noInlineIgnores?: boolean;
  /** Bundled schemas for MLK002 (loaded by the caller; core does no I/O). */
  schemas?: ManifestSchemas;
  /** The text already parsed with parseYaml, so a caller that needs the parse too parses once. */
  parsed?: YamlFile;
  /** Quick fixes on findings (default true). Callers that never show them (the CLI) pass false, and rules skip building them. */
  fixes?: boolean;
  /**
   * Keep one string per distinct message across calls (see shared-message.ts): for callers that hold the
   * findings of many files, the CLI. Off by default: one document's findings gain nothing and pay a hash each.
   */
  shareMessages?: boolean;
  /**
   * The file is a Kustomize patch (named in a kustomization's `patches` or `patchesStrategicMerge`): it
   * holds only the fields it changes, the rest comes from the base. Only syntax, the schema (without
   * `required`) and MLK408 on the patch's own values are checked.
   */
  kustomizePatch?: boolean;
  /** The namespace a kustomization moves the file's objects to (its namespace transformer wins over theirs). */
  namespace?: string;
  /** What the kustomizations that build the file set on its objects (see KubernetesContext.kustomizeBuild). */
  kustomizeBuild?: KustomizeBuild;
  /** Objects the HPAs of other files scale (hpaTargetKey): the CLI reads every file's HPAs first. */
  hpaTargets?: ReadonlySet<string>;
  /** Objects of other files that request accelerators (gpuWorkloadKeysOf), for this file's HPAs (MLK310). */
  gpuWorkloads?: ReadonlySet<string>;
  /** The GPU claim templates and claims of the files around it (its folder, its kustomization's), for its pods' DRA claims. */
  draClaims?: DraGpuClaims;
  /** Kueue's flavors and queues of the other files the caller read (the file's own are read here), for MLK409. */
  kueue?: KueueObjects;
  /** KServe ServingRuntimes of the other files the caller read that mount /dev/shm (the file's own are read here), for MLK405. */
  shmRuntimes?: ReadonlySet<string>;
}

/** YAML errors after which the recovered tree no longer has the document's shape (the yaml package's codes and messages). */
function isStructuralError(issue: { code?: string; message: string }): boolean {
  return (
    issue.code === 'BAD_INDENT' ||
    issue.code === 'BLOCK_AS_IMPLICIT_KEY' ||
    issue.code === 'MULTILINE_IMPLICIT_KEY' ||
    /without - indicator|at the same column|Nested mappings are not allowed/.test(issue.message)
  );
}

/**
 * What a patch is checked for: syntax (MLK001), the schema without `required` (MLK002), and a memory volume sized
 * at least the memory limit of a container that mounts it when the patch sets both (MLK408 judges only the patch's own values).
 */
const patchRuleIds = new Set(['MLK001', 'MLK002', 'MLK408']);

export interface ManifestLintResult {
  findings: Finding[];
  /** Input problems; `level: 'info'` ones (skipped templates) are not errors. */
  problems: InputProblem[];
}

/** A rule that runs, with the severity it reports at. */
interface ActiveRule {
  rule: KubernetesRule;
  severity: Finding['severity'];
}

/**
 * Lints a Kubernetes manifest file (one or more YAML documents). Pure; never throws. Documents that
 * are Helm templates or alias bombs are skipped with an info problem; syntax errors are MLK001 findings.
 */
export function lintManifest(text: string, options: ManifestLintOptions = {}): ManifestLintResult {
  const file = options.parsed ?? parseYaml(text);
  if (file.problems.length > 0 && file.documents.length === 0) {
    return { findings: [], problems: file.problems };
  }
  if (options.draClaims) {
    addDraGpuClaims(file, options.draClaims);
  }
  // Kueue's flavors give the pods of the workloads they admit tolerations: this file's own, and the caller's.
  const kueue = mayUseKueueQueue(text) ? mergeKueueObjects([mayDeclareKueueObjects(text) ? kueueObjects(file) : undefined, options.kueue]) : undefined;
  const config = options.config ?? emptyConfig();
  const rules = options.rules ?? kubernetesRules;
  const settings = settingsFromConfig(config);
  const path = options.path;
  const patchByName = isPatchFileName(path);
  const onPath = (e: { paths?: string[] }) => e.paths === undefined || (path !== undefined && e.paths.some((g) => pathMatches(path, g)));
  const pathIgnores = config.ignore.filter((e) => !selectsObjects(e) && onPath(e));
  if (pathIgnores.some((e) => e.rules === undefined)) {
    return { findings: [], problems: [] };
  }
  const objectIgnores = config.ignore.filter((e) => selectsObjects(e) && onPath(e));
  const ignoredByConfig = new Set(pathIgnores.flatMap((e) => e.rules ?? []));
  const problems: InputProblem[] = [...file.problems];
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule.meta, config);
    if (severity !== undefined && !ignoredByConfig.has(rule.meta.id)) {
      active.push({ rule, severity });
    }
  }

  const templated = file.documents.filter((d) => d.skipped?.startsWith('a template'));
  if (templated.length > 0) {
    const all = templated.length === file.documents.length;
    problems.push({
      level: 'info',
      message: all ? 'skipped: the file is a Helm template (it contains "{{"); lint the rendered output (`helm template … | mlc lint --stdin`)' : `skipped ${templated.length} templated document(s) (they contain "{{"); lint the rendered output instead`,
    });
  }
  const fixes = options.fixes !== false;
  const share = options.shareMessages === true;
  const build = options.kustomizeBuild;
  const kustomizeBuild = build ? { selectors: build.selectors, images: new Set(build.images), renames: build.renames ?? [], ...(build.retags ? { retags: build.retags } : {}), replicas: build.replicas ?? [], ...(build.imagesReplaced ? { imagesReplaced: build.imagesReplaced } : {}), ...(build.patchedFields ? { patchedFields: build.patchedFields } : {}) } : undefined;
  const patchRules = active.filter((a) => patchRuleIds.has(a.rule.meta.id));
  const syntaxRules = active.filter((a) => a.rule.meta.id === 'MLK001');
  // The active rules less those an operator kind leaves out, once per kind and file.
  let withoutExcluded: Map<ReadonlySet<string>, ActiveRule[]> | undefined;
  const activeWithout = (excluded: ReadonlySet<string>): ActiveRule[] => {
    withoutExcluded ??= new Map();
    let left = withoutExcluded.get(excluded);
    if (!left) {
      left = active.filter((a) => !excluded.has(a.rule.meta.id));
      withoutExcluded.set(excluded, left);
    }
    return left;
  };
  let inFile: ReadonlySet<string> | undefined;
  // The rules run on an object embedded in another (a Katib trial's job), once per file.
  let embeddedRules: ActiveRule[] | undefined;
  const scaledByHpa = (obj: KubeObject): boolean => {
    inFile ??= new Set(hpaTargetsOf(file, options.namespace));
    return isScaled(inFile, obj) || (options.hpaTargets !== undefined && isScaled(options.hpaTargets, obj));
  };
  const raw: Finding[] = [];
  const objects: KubeObject[] = [];
  for (const document of objectDocuments(file)) {
    if (document.skipped !== undefined && !document.skipped.startsWith('a template')) {
      problems.push({ message: `document ${document.index + 1} (line ${document.startLine}): ${document.skipped}` });
    }
    if (document.skipped?.startsWith('a template')) {
      continue;
    }
    // The object the cross-file pass reads too (built once per parsed document).
    const object = document.skipped === undefined ? documentObject(file, document) : undefined;
    const view = object?.view ?? new YamlView(file, document);
    if (object) {
      if (options.namespace !== undefined) {
        object.namespace = options.namespace;
      }
      objects.push(object);
    }
    let ignoredHere: Set<string> | undefined;
    if (objectIgnores.length > 0) {
      const selected = objectIgnores.filter((e) => (e.kind === undefined || e.kind === object?.kind) && (e.namespace === undefined || e.namespace === object?.namespace) && (e.name === undefined || e.name === object?.name));
      if (selected.some((e) => e.rules === undefined)) {
        continue;
      }
      ignoredHere = new Set(selected.flatMap((e) => e.rules ?? []));
    }
    const patch = options.kustomizePatch === true || patchByName || (object !== undefined && isDeletePatch(object));
    const ctx: KubernetesContext = { file, document, view, object, settings, cluster: config.cluster, schemas: options.schemas, fixes, scaledByHpa, ...(path !== undefined ? { path } : {}), ...(patch ? { patch } : {}), ...(kustomizeBuild ? { kustomizeBuild } : {}), ...(options.gpuWorkloads ? { gpuWorkloads: options.gpuWorkloads } : {}), ...(kueue ? { kueue } : {}), ...(options.shmRuntimes ? { shmRuntimes: options.shmRuntimes } : {}) };
    const overlay = object ? presetOverlayRules(view, object.root, object.apiVersion, object.kind) : undefined;
    const excluded = object && !overlay ? operatorExcludedRules(view, object.root, object.apiVersion, object.kind) : undefined;
    // A broken structure (a list item or key at the wrong indentation) leaves a partly recovered tree of phantom
    // containers and fields under the wrong key: the syntax comes first. A slip inside one flow collection does not.
    const broken = document.issues.some(isStructuralError);
    const before = raw.length;
    runRules(ctx, broken ? syntaxRules : patch ? patchRules : overlay ? active.filter((a) => overlay.has(a.rule.meta.id)) : excluded ? activeWithout(excluded) : active, ignoredHere, share, raw, problems);
    if (isTemplateObject(document)) {
      dropParameterValueFindings(file, raw, before);
    }
    const embedded = object?.embedded;
    if (embedded && !broken && !patch) {
      embeddedRules ??= active.filter((a) => embeddedObjectRuleIds.has(a.rule.meta.id));
      runRules({ ...ctx, object: embedded }, embeddedRules, ignoredHere, share, raw, problems);
    }
    // The object outlives this loop (the cross-file pass reads it); the rules' memo need not.
    view.forgetDerived();
  }
  if (raw.length === 0) {
    return { findings: raw, problems };
  }
  const suppressions = options.noInlineIgnores ? undefined : collectYamlSuppressions(file, config.foreignPragmas ? foreignAnnotationSuppressions(objects) : []);
  return { findings: reported(raw, metaIndex(rules), suppressions), problems };
}

/*
 * The per-document work sits in functions of its own, apart from the once-per-file set-up above: the
 * hot loops are then small for the JIT to compile, and recompiling one does not recompile the rest.
 */

/** A strategic-merge `$patch: delete` document: it removes the object from the base, it creates nothing. */
function isDeletePatch(object: KubeObject): boolean {
  return object.view.text(object.root, '$patch') === 'delete';
}

/** Rules that judge a value's text (a label value, a port name): a Template parameter there is not yet the value. */
const valueFormatRuleIds = new Set(['MLK009', 'MLK010']);

/** The text of a one-line range (1-based lines and columns); undefined for a range over several lines. */
function rangeText(file: YamlFile, range: Finding['range']): string | undefined {
  return range.start.line === range.end.line ? file.lines[range.start.line - 1]?.slice(range.start.column - 1, range.end.column - 1) : undefined;
}

/**
 * Drops the findings of `raw[from…]` that value-format rules make on an OpenShift Template parameter (`${NAME}`,
 * `${{REPLICAS}}`): `oc process` puts the parameter's value there before the object is created.
 */
function dropParameterValueFindings(file: YamlFile, raw: Finding[], from: number): void {
  let kept = from;
  for (let i = from; i < raw.length; i++) {
    const f = raw[i] as Finding;
    if (!(valueFormatRuleIds.has(f.ruleId) && rangeText(file, f.range)?.includes('${') === true)) {
      raw[kept++] = f;
    }
  }
  raw.length = kept;
}

/** Up to this many findings of a rule on a document, repeats are found by comparing each with those before it. */
const maxScannedFindings = 32;

function findingKey(f: RuleFinding): string {
  return `${f.range.start.line}:${f.range.start.column}:${f.range.end.line}:${f.range.end.column}:${f.message}`;
}

function addedNew(keys: Set<string>, key: string): boolean {
  const before = keys.size;
  return keys.add(key).size > before;
}

/** Whether `found[i]` has the range and message of a finding before it (no key strings built: most have none). */
function repeatsEarlier(found: readonly RuleFinding[], i: number): boolean {
  const { start, end } = (found[i] as RuleFinding).range;
  for (let j = 0; j < i; j++) {
    const e = found[j] as RuleFinding;
    const r = e.range;
    if (r.start.line === start.line && r.start.column === start.column && r.end.line === end.line && r.end.column === end.column && e.message === (found[i] as RuleFinding).message) {
      return true;
    }
  }
  return false;
}

/** Runs the rules on one document, appending their findings to `raw` and rule crashes to `problems`. */
function runRules(ctx: KubernetesContext, active: readonly ActiveRule[], ignoredHere: Set<string> | undefined, share: boolean, raw: Finding[], problems: InputProblem[]): void {
  for (let r = 0; r < active.length; r++) {
    const { rule, severity } = active[r] as ActiveRule;
    if (ignoredHere?.has(rule.meta.id)) {
      continue;
    }
    try {
      const found = rule.check(ctx);
      const said = found.length > maxScannedFindings ? new Set<string>() : undefined;
      for (let i = 0; i < found.length; i++) {
        const f = found[i] as RuleFinding;
        // A node several pods share (a YAML alias, an Argo workflow's defaults) gives the same finding once.
        if (said ? !addedNew(said, findingKey(f)) : i > 0 && repeatsEarlier(found, i)) {
          continue;
        }
        const out: Finding = { ruleId: rule.meta.id, severity, message: share ? sharedMessage(f.message) : f.message, range: f.range };
        if (f.fix && ctx.fixes) {
          out.fix = f.fix;
        }
        raw.push(out);
      }
    } catch (e) {
      problems.push({ message: `internal error in rule ${rule.meta.id}: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
}

/** The findings that are reported: superseded and suppressed ones dropped, in position then rule order. */
function reported(raw: readonly Finding[], metaById: ReturnType<typeof metaIndex>, suppressions: ReturnType<typeof collectYamlSuppressions> | undefined): Finding[] {
  // A more specific rule supersedes a generic one on the same line.
  // Rule ID → lines on which it is superseded.
  const superseded = new Map<string, Set<number>>();
  for (const f of raw) {
    const ids = metaById.get(f.ruleId)?.supersedes;
    if (ids) {
      for (const id of ids) {
        let lines = superseded.get(id);
        if (!lines) {
          lines = new Set();
          superseded.set(id, lines);
        }
        lines.add(f.range.start.line);
      }
    }
  }
  const findings = raw.filter((f) => !(superseded.size > 0 && superseded.get(f.ruleId)?.has(f.range.start.line)) && !suppressions?.isSuppressed(f, metaById.get(f.ruleId)));
  // Rule IDs are ASCII (`MLK123`), so code-unit order equals locale order and is much cheaper.
  findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return findings;
}
