import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MlcConfig, Threshold } from '../core/lint/config';
import { emptyConfig } from '../core/lint/config';
import { effectiveSeverity } from '../core/lint/engine';
import { writeJson } from '../core/lint/format/json';
import type { LintedFile } from '../core/lint/format/report';
import { toSarif } from '../core/lint/format/sarif';
import { writeText } from '../core/lint/format/text';
import { writeGithub } from '../core/lint/format/github';
import { foldersAbove, kustomizationFoldersNear, kustomizeBuildOf, kustomizeLayout, soleNamespace } from '../infra/lint/kustomize-layout';
import type { NamedContextsCache } from '../infra/lint/named-contexts';
import { composeTargetsFor, localImagesFor, namedContextsFor } from '../infra/lint/named-contexts';
import type { ComposeBuiltDockerfile } from '../infra/lint/compose-built-dockerfiles';
import { builtTargets } from '../infra/lint/compose-built-dockerfiles';
import { commonFolder, outermostFolders } from '../infra/fs/within';
import { repositoryRoot } from '../infra/lint/repository-root';
import type { ManifestSchemas } from '../core/lint/kubernetes/rule';
import { composeRules } from '../core/lint/rules/compose';
import { dockerfileRules } from '../core/lint/rules/dockerfile';
import { kubernetesRules } from '../core/lint/rules/kubernetes';
import type { RuleMeta, Severity } from '../core/lint/types';
import { severityRank } from '../core/lint/types';
import { mapBounded } from '../infra/fs/map-bounded';
import { printableLines } from '../core/lint/format/printable';
import { readTextFile } from '../infra/fs/read-text-file';
import { shareComposeExtends } from './lint-compose-extends';
import { discoverLintTargets } from '../infra/lint/discover';
import type { LoadedConfig } from '../infra/lint/load-config';
import { findConfigFile, loadConfigFile } from '../infra/lint/load-config';
import { crossRules } from '../core/lint/rules/cross';
import { leadingShare, mainThreadShare, worthWorkers } from './lint-batches';
import { prepareCrossPass } from './lint-cross-pass';
import { readStdinTarget, type StdinStream } from './lint-stdin';
import type { LintJob, LintJobResult } from './lint-file';
import { lintJob } from './lint-file';
import { defaultWorkerCount, LintWorkers, lintWorkerScript } from './lint-pool';
import { cliSchemas } from './lint-schemas';
import type { YamlFile } from '../core/lint/yaml/parse';
import { parseYaml } from '../core/lint/yaml/parse';
import { compareRuleIds } from '../core/lint/rule-order';
import type { Finding } from '../core/lint/types';
import type { FixTarget } from './lint-fix';
import { makeFixes } from './lint-fix';
import { shareHpaTargets } from './lint-hpa-targets';
import { shareDraClaims } from './lint-dra-claims';
import { shareKueueObjects } from './lint-kueue';
import { shareServingRuntimes } from './lint-serving-runtimes';
import { kustomizeFactFiles } from './lint-kustomize-facts';
import { isPatchFileName } from '../core/lint/kubernetes/patch-file-name';

type Writable = { write(text: string): unknown };
const mlk002Meta = (kubernetesRules.find((r) => r.meta.id === 'MLK002') as (typeof kubernetesRules)[number]).meta;
const formats = ['text', 'json', 'sarif', 'github'] as const;
/** Most bytes of one file read (linted, or read for the facts other files need). */
const maxFileBytes = 16 * 1024 * 1024;
type Format = (typeof formats)[number];

export interface LintArgs {
  paths: string[];
  /** `-` (or `--stdin`): lint what is piped into standard input too. */
  stdin: boolean;
  /** The name standard input is linted and reported as. */
  stdinFilename?: string;
  format: Format;
  config?: string;
  failureThreshold?: Threshold;
  minSeverity?: Severity;
  noInlineIgnores: boolean;
  /** `--fix` writes the quick fixes into the files; `--diff` prints them as a unified diff instead. */
  fix?: 'write' | 'diff';
}

export const lintUsage = `Usage: mlc lint [paths…] [options]

Lints Dockerfiles (Dockerfile, *.Dockerfile, Dockerfile.*, Containerfile), Kubernetes manifests
(YAML or JSON with apiVersion and kind; Helm templates are skipped) and Compose files (compose*.y*ml,
docker-compose*.y*ml, or YAML with top-level services); directories are searched recursively,
past node_modules, VCS folders, Python environments, tool caches and Jupyter checkpoints, following
symlinks only to regular files inside the repository (name a file to lint it anyway). A Dockerfile
that a Compose file found builds is linted whatever its name, when it lies in a folder searched.
A Dockerfile's final stage is the .mlc.yaml target, else the Compose build.target of the services
that build it (each stage they build, when they build several), else its last stage.
Cross-file rules (MLX) then check the files together, with the .dockerignore files and Dockerfiles
they reference (image map: .mlc.yaml images, Compose services with build and image) and the
kustomization files (kustomization.yaml, kustomization.yml, Kustomization) found or named.

Options:
  --format text|json|sarif|github   report format (default: text); github: annotations in GitHub Actions
  --config FILE                     use this .mlc.yaml instead of the nearest one
  --failure-threshold LEVEL         error|warning|info|hint (alias: style)|none: exit 1 when a finding is at or above it (default: error, or failOn)
  --min-severity LEVEL              error|warning|info|hint: lowest severity shown (default: info; lowered to the threshold)
  --no-inline-ignores               ignore inline and foreign pragmas (audit)
  --fix                             make the quick fixes of the findings shown in the files, then report what is left
  --diff                            print those fixes as a unified diff instead (nothing is written; exit 1 when
                                    there are any), e.g. \`mlc lint --diff | git apply\`
  -, --stdin                        lint standard input, e.g. \`helm template … | mlc lint -\`
  --stdin-filename NAME             name standard input is linted and reported as (default <stdin>): its kind comes
                                    from the name, else from the content (manifest, Compose file, else Dockerfile)

Exit codes: 0 clean, 1 findings at or above the threshold (--diff: fixes to make), 2 usage or I/O error.
Environment: MLC_LINT_WORKERS=N worker threads for runs over 50 files or 2 MB (default: none below
4 cores, else 3; 0 turns them off). The output is the same either way. MLC_LINT_TIMING=1 writes the
time of each phase to stderr.
`;

function level(value: string, allowNone: boolean): Threshold | undefined {
  const v = value === 'style' ? 'hint' : value;
  if (v === 'error' || v === 'warning' || v === 'info' || v === 'hint' || (allowNone && v === 'none')) {
    return v;
  }
  return undefined;
}

export function parseLintArgs(args: readonly string[]): LintArgs | { error: string } | { help: true } {
  const parsed: LintArgs = { paths: [], stdin: false, format: 'text', noInlineIgnores: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-h' || arg === '--help') {
      return { help: true };
    }
    if (arg === '--') {
      parsed.paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-' || arg === '--stdin') {
      parsed.stdin = true;
      continue;
    }
    if (!arg.startsWith('-')) {
      parsed.paths.push(arg);
      continue;
    }
    if (arg === '--no-inline-ignores') {
      parsed.noInlineIgnores = true;
      continue;
    }
    if (arg === '--fix' || arg === '--diff') {
      const mode = arg === '--fix' ? 'write' : 'diff';
      if (parsed.fix !== undefined && parsed.fix !== mode) {
        return { error: '--fix writes the fixes and --diff only shows them: choose one' };
      }
      parsed.fix = mode;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!['--format', '--config', '--failure-threshold', '--min-severity', '--stdin-filename'].includes(name)) {
      return { error: `unknown option "${arg}"` };
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') {
      return { error: `${name} needs a value` };
    }
    if (name === '--format') {
      if (!(formats as readonly string[]).includes(value)) {
        return { error: `--format must be one of ${formats.join(', ')}` };
      }
      parsed.format = value as Format;
    } else if (name === '--config') {
      parsed.config = value;
    } else if (name === '--stdin-filename') {
      parsed.stdinFilename = value;
    } else if (name === '--failure-threshold') {
      const t = level(value, true);
      if (!t) {
        return { error: '--failure-threshold must be one of error, warning, info, hint (style), none' };
      }
      parsed.failureThreshold = t;
    } else {
      const m = level(value, false);
      if (!m || m === 'none') {
        return { error: '--min-severity must be one of error, warning, info, hint' };
      }
      parsed.minSeverity = m;
    }
  }
  if (parsed.stdinFilename !== undefined && !parsed.stdin) {
    return { error: '--stdin-filename names standard input: add - (or --stdin)' };
  }
  if (parsed.fix === 'write' && parsed.stdin) {
    return { error: '--fix writes files, and standard input is none: use --diff to see its fixes' };
  }
  if (parsed.paths.length === 0 && !parsed.stdin) {
    parsed.paths.push('.');
  }
  return parsed;
}

/** The lines of a text (CRLF or LF); a plain split when there is no CR. */
function linesOf(text: string): string[] {
  return text.includes('\r') ? text.split(/\r?\n/) : text.split('\n');
}

/** A linted file whose source lines are split only when a report asks for them (SARIF fingerprints). */
function lintedFile(file: string, text: string): LintedFile {
  let lines: string[] | undefined;
  return {
    file,
    findings: [],
    get lines() {
      lines ??= linesOf(text);
      return lines;
    },
  };
}

function toPosixRelative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel === '' ? path.basename(file) : rel).split(path.sep).join('/');
}

interface FileNote {
  text: string;
  /** An error (the run exits 2), else an informational line written as is. */
  fails: boolean;
}

/** One discovered file: what to say about it and, when it could be read, what to lint. */
interface FileSlot {
  file: string;
  notes: FileNote[];
  shown?: string;
  job?: LintJob;
}

type SchemasFor = (kubernetesVersion: string | undefined) => Promise<ManifestSchemas | undefined>;

async function lintHere(job: LintJob, schemasFor: SchemasFor, parsed?: YamlFile): Promise<LintJobResult> {
  const schemas = job.schemaVersion !== undefined ? await schemasFor(job.schemaVersion) : undefined;
  return lintJob(job, schemas, parsed);
}

/**
 * Lints the jobs: when the run is big enough and workers were started, this thread lints a first
 * share (smaller than theirs: it also parses every Kubernetes file for the cross-file pass and runs that
 * pass) and the workers the rest (one contiguous share each), else this thread lints all. Texts with CR
 * line ends are left to the cross-file pass, which parses them itself.
 */
async function lintJobs(jobs: readonly LintJob[], slots: readonly FileSlot[], parsedYaml: Map<string, YamlFile>, schemasFor: SchemasFor, workers: LintWorkers | undefined): Promise<{ results: Promise<LintJobResult[]> }> {
  const files = slots.filter((s) => s.job).map((s) => s.file);
  const sizes = jobs.map((j) => j.text.length);
  const pool = workers && worthWorkers(sizes) ? workers : undefined;
  const ownShare = pool ? leadingShare(sizes, mainThreadShare(pool.count)) : jobs.length;
  const pooled = pool && ownShare < jobs.length ? pool.lint(jobs.slice(ownShare), (job) => lintHere(job, schemasFor)) : undefined;
  if (!pooled) {
    workers?.close();
  }
  const results: LintJobResult[] = [];
  for (const [i, job] of jobs.entries()) {
    // Parsed once here: the per-file rules (when linted here), MLK002 and the cross-file pass share it.
    const yaml = job.kind === 'kubernetes' ? (parsedYaml.get(files[i] as string) ?? parseYaml(job.text)) : undefined;
    if (yaml && !job.text.includes('\r')) {
      parsedYaml.set(files[i] as string, yaml);
    }
    if (i < ownShare || !pooled) {
      results.push(await lintHere(job, schemasFor, yaml));
    }
  }
  return { results: pooled ? pooled.results.then((rest) => [...results, ...rest]) : Promise.resolve(results) };
}

/** The folders of the paths linted: a folder itself, a file's folder. */
function pathFolders(paths: readonly string[], cwd: string): string[] {
  return [...new Set(paths.map((p) => {
    const abs = path.resolve(cwd, p);
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return path.dirname(abs);
    }
  }))];
}

/**
 * The folder kustomizations are read in: the repository around the paths linted, else the folder they
 * share. A kustomization's `resources: [../../..]` does not reach past it.
 */
function lintScope(folders: readonly string[], cwd: string): string {
  const common = commonFolder(folders) ?? cwd;
  return repositoryRoot(common) ?? common;
}

/** With MLC_LINT_TIMING=1, writes how long each phase of the run took to stderr (ESLint's TIMING=1 for us). */
function phaseTimer(err: Writable): (phase: string) => void {
  if (process.env.MLC_LINT_TIMING !== '1') {
    return () => undefined;
  }
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    err.write(`mlc lint: timing: ${phase} ${(now - last).toFixed(1)} ms\n`);
    last = now;
  };
}

/** Worker threads for this run, started before the files are found and read when a folder is to be searched. */
function startWorkers(paths: readonly string[], cwd: string, count: number): LintWorkers | undefined {
  const script = count > 0 ? lintWorkerScript() : undefined;
  if (script === undefined) {
    return undefined;
  }
  const searchesFolder = paths.some((p) => {
    try {
      return fs.statSync(path.resolve(cwd, p)).isDirectory();
    } catch {
      return false;
    }
  });
  return searchesFolder || paths.length > 50 ? new LintWorkers(count, script) : undefined;
}

function ruleMetaById(): Map<string, RuleMeta> {
  return new Map([...dockerfileRules, ...kubernetesRules, ...composeRules, ...crossRules].map((r) => [r.meta.id, r.meta]));
}

/** What fileSlots reads from the run. */
interface SlotInputs {
  cwd: string;
  files: readonly { path: string; kind: string }[];
  reads: readonly Awaited<ReturnType<typeof readTextFile>>[];
  noInlineIgnores: boolean;
  fix: LintArgs['fix'];
  configFor(dir: string): Promise<LoadedConfig | undefined>;
  schemasFor: SchemasFor;
  /** Filled in: the rules enabled for some file. */
  enabled: Map<string, RuleMeta>;
  patchFiles: ReadonlySet<string>;
  kustomize: Awaited<ReturnType<typeof kustomizeLayout>>;
  /** Starts the notes of the next file (the schemas' messages go to the file being prepared). */
  newNotes(): FileNote[];
  /** The repository (or the linted paths' common folder): bake and Compose files are read inside it only. */
  scope: string;
  /** The Dockerfiles the Compose files linted build, with their targets. */
  composeBuilds: readonly ComposeBuiltDockerfile[];
}

/**
 * A slot per file, in discovery order, with its lint job (config, schema version, kustomize facts).
 * A function of its own: its loop awaits per file, which would otherwise make all of runLintCommand
 * hot enough for the optimising compiler, a large compile for code that runs once.
 */
async function fileSlots(input: SlotInputs): Promise<{ slots: FileSlot[]; thresholdFromConfig: Threshold | undefined }> {
  const slots: FileSlot[] = [];
  const reportedConfigErrors = new Set<string>();
  const namedContextsCache: NamedContextsCache = new Map();
  let thresholdFromConfig: Threshold | undefined;
  for (const [index, { path: file, kind }] of input.files.entries()) {
    const notes = input.newNotes();
    const slot: FileSlot = { notes, file };
    slots.push(slot);
    const loaded = await input.configFor(path.dirname(file));
    if (loaded && !loaded.ok) {
      if (!reportedConfigErrors.has(loaded.file)) {
        reportedConfigErrors.add(loaded.file);
        notes.push({ text: `invalid config ${toPosixRelative(input.cwd, loaded.file)}: ${loaded.errors.join('; ')}`, fails: true });
      }
      continue;
    }
    const config: MlcConfig = loaded?.config ?? emptyConfig();
    thresholdFromConfig ??= config.failOn;
    const configRoot = loaded ? path.dirname(loaded.file) : input.cwd;
    const relToConfig = toPosixRelative(configRoot, file);
    const read = input.reads[index] as Awaited<ReturnType<typeof readTextFile>>;
    const shown = toPosixRelative(input.cwd, file);
    if (!read.ok) {
      notes.push({ text: `${shown}: ${read.message}`, fails: true });
      continue;
    }
    const lintKind = kind === 'kubernetes' || kind === 'compose' || kind === 'kustomization' ? kind : 'dockerfile';
    for (const rule of lintKind === 'compose' ? composeRules : lintKind === 'kubernetes' ? kubernetesRules : lintKind === 'kustomization' ? [] : dockerfileRules) {
      if (effectiveSeverity(rule.meta, config) !== undefined) {
        input.enabled.set(rule.meta.id, rule.meta);
      }
    }
    const job: LintJob = { kind: lintKind, text: read.text, config, path: relToConfig, noInlineIgnores: input.noInlineIgnores, ...(input.fix ? { fixes: true } : {}), ...(lintKind === 'kubernetes' && input.patchFiles.has(file) ? { kustomizePatch: true } : {}), ...(lintKind === 'kubernetes' && soleNamespace(input.kustomize.namespaces.get(file)) !== undefined ? { namespace: soleNamespace(input.kustomize.namespaces.get(file)) } : {}), ...(lintKind === 'kubernetes' ? { kustomizeBuild: kustomizeBuildOf(input.kustomize, file) } : {}) };
    if (lintKind === 'kubernetes' && effectiveSeverity(mlk002Meta, config) !== undefined) {
      const schemas = await input.schemasFor(config.kubernetesVersion);
      if (schemas) {
        job.schemaVersion = schemas.version;
      }
    }
    if (lintKind === 'dockerfile') {
      const contextSetting = config.dockerfiles[relToConfig]?.context;
      job.contextDir = contextSetting !== undefined ? path.resolve(configRoot, contextSetting) : path.dirname(file);
      const named = namedContextsFor(file, input.scope, namedContextsCache);
      if (named.length > 0) {
        job.namedContexts = named;
      }
      const localImages = localImagesFor(file, input.scope, namedContextsCache);
      if (localImages.length > 0) {
        job.localImages = localImages;
      }
      const targets = builtTargets(composeTargetsFor(file, input.scope, namedContextsCache), file, input.composeBuilds);
      if (targets) {
        job.targets = targets;
      }
    }
    Object.assign(slot, { shown, job });
  }
  return { slots, thresholdFromConfig };
}

/** `mlc lint`: returns the exit code (0 clean, 1 findings at or above the threshold, 2 usage or I/O error). */
export async function runLintCommand(args: string[], out: Writable, rawErr: Writable, options: { cwd?: string; workers?: number; stdin?: StdinStream } = {}): Promise<number> {
  // Paths and problems on standard error come from the repository too: no terminal control characters.
  const err: Writable = { write: (text: string) => rawErr.write(printableLines(text)) };
  const cwd = options.cwd ?? process.cwd();
  const parsed = parseLintArgs(args);
  if ('help' in parsed) {
    out.write(lintUsage);
    return 0;
  }
  if ('error' in parsed) {
    err.write(`mlc lint: ${parsed.error}\n\n${lintUsage}`);
    return 2;
  }
  let failed = false;
  const fail = (message: string): void => {
    failed = true;
    err.write(`mlc lint: ${message}\n`);
  };

  let fixedConfig: LoadedConfig | undefined;
  if (parsed.config !== undefined) {
    fixedConfig = await loadConfigFile(path.resolve(cwd, parsed.config));
    if (!fixedConfig.ok) {
      fail(`invalid config ${parsed.config}: ${fixedConfig.errors.join('; ')}`);
      return 2;
    }
  }
  const workers = startWorkers(parsed.paths, cwd, options.workers ?? defaultWorkerCount());
  const mark = phaseTimer(err);
  const discovery = parsed.paths.length > 0 ? await discoverLintTargets(parsed.paths, cwd) : { files: [], skipped: [], errors: [], kustomizationDirs: [] };
  if (parsed.stdin) {
    const piped = await readStdinTarget(options.stdin ?? process.stdin, cwd, parsed.stdinFilename);
    if ('error' in piped) {
      fail(piped.error);
    } else {
      // Piped text stands in for a file of the same name (unsaved content, as editors lint it).
      discovery.files = [...discovery.files.filter((f) => f.path !== piped.path), piped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    }
  }
  mark('discovery');
  discovery.errors.forEach(fail);
  for (const s of discovery.skipped) {
    err.write(`mlc lint: ${toPosixRelative(cwd, s.path)}: skipped: ${s.reason}\n`);
  }

  const configByFile = new Map<string, Promise<LoadedConfig | undefined>>();
  const configFor = (dir: string): Promise<LoadedConfig | undefined> => {
    if (fixedConfig) {
      return Promise.resolve(fixedConfig);
    }
    let p = configByFile.get(dir);
    if (!p) {
      p = findConfigFile(dir).then((f) => (f ? loadConfigFile(f) : undefined));
      configByFile.set(dir, p);
    }
    return p;
  };

  const linted: LintedFile[] = [];
  const parsedYaml = new Map<string, YamlFile>();
  // Messages are kept per file and written after linting, in discovery order, whichever thread linted.
  let notes: FileNote[] = [];
  const schemasFor = cliSchemas((message) => notes.push({ text: `mlc lint: ${message}\n`, fails: false }));
  const enabled = new Map<string, RuleMeta>();
  // Read ahead, a few files at a time (discovery already holds the YAML files it classified whole).
  const reads = await mapBounded(discovery.files, 16, (t) => (t.read ? Promise.resolve(t.read) : readTextFile(t.path, maxFileBytes)));
  const folders = pathFolders(parsed.paths, cwd);
  const scope = lintScope(folders, cwd);
  // Overlays beside what is linted (`overlays/prod` when only `base/` is asked for), as the editor finds them: looked
  // for around the outermost folders asked about, in one search that looks into each folder once (a pre-commit hook
  // names every changed file).
  const beside = discovery.files.some((t) => t.kind === 'kubernetes') ? await kustomizationFoldersNear(outermostFolders(folders).map((dir) => path.join(dir, '_')), scope) : [];
  const kustomize = await kustomizeLayout([...discovery.files.filter((t) => t.kind === 'kubernetes').flatMap((t) => foldersAbove(t.path)), ...discovery.kustomizationDirs, ...beside], { within: scope });
  const patchFiles = kustomize.patches;
  mark('reading');
  const { slots, thresholdFromConfig } = await fileSlots({ cwd, files: discovery.files, reads, noInlineIgnores: parsed.noInlineIgnores, fix: parsed.fix, configFor, schemasFor, enabled, patchFiles, kustomize, newNotes: () => (notes = []), scope, composeBuilds: discovery.composeBuilds ?? [] });

  const jobs = slots.flatMap((s) => (s.job ? [s.job] : []));
  // What the overlays linted build from outside the paths linted (their bases' files), read for facts only.
  const facts = kustomize.listedBy.size > 0 ? await kustomizeFactFiles({ linted: discovery.files.flatMap((t) => (t.kind === 'kubernetes' ? [t.path] : [])), discovered: new Set(discovery.files.map((t) => t.path)), layout: kustomize, scope, maxBytes: maxFileBytes, noInlineIgnores: parsed.noInlineIgnores, configFor }) : [];
  // Before the HPAs' GPU workloads are read: those objects are then built with their claimed GPUs.
  shareDraClaims(facts.length > 0 ? [...slots, ...facts] : slots, parsedYaml, kustomize.listedBy);
  shareKueueObjects(facts.length > 0 ? [...slots, ...facts] : slots, parsedYaml);
  shareServingRuntimes(facts.length > 0 ? [...slots, ...facts] : slots, parsedYaml);
  shareHpaTargets(facts.length > 0 ? [...slots, ...facts] : slots, parsedYaml, kustomize.listedBy);
  await shareComposeExtends(slots, scope);
  const entries = slots.flatMap((s) => (s.job && s.shown !== undefined ? [lintedFile(s.shown, s.job.text)] : []));
  const texts = new Map(slots.flatMap((s) => (s.job && !s.job.text.includes('\r') ? [[s.file, s.job.text] as const] : [])));
  linted.push(...entries);
  mark('configuration');
  const pending = await lintJobs(jobs, slots, parsedYaml, schemasFor, workers);
  mark('per-file pass on this thread');
  // The cross-file pass (MLX rules) runs here while workers (if any) lint; its findings merge in after theirs.
  // A patch holds only the fields it changes: its objects are the base's, which the cross-file rules see there.
  // Patches are not objects of their own: those a kustomization names, and files named as patches.
  const crossTargets = discovery.files.filter((t) => !patchFiles.has(t.path) && !(t.kind === 'kubernetes' && isPatchFileName(path.relative(scope, t.path).split(path.sep).join('/')))).map((t) => (kustomize.namespaces.has(t.path) ? { ...t, namespaces: kustomize.namespaces.get(t.path) } : t));
  const mergeCrossFindings = await prepareCrossPass({ cwd, folders, targets: crossTargets, linted, parsedYaml, texts, enabled, noInlineIgnores: parsed.noInlineIgnores, configFor, fail, kustomizationDirs: kustomize.kustomizations, kustomizationFiles: kustomize.patchAndReplacementFiles, facts: facts.map((f) => ({ path: f.file, text: f.job.text, ...(f.namespaces !== undefined ? { namespaces: f.namespaces } : {}) })) });
  mark('cross-file pass');
  const results = await pending.results;
  mark('waiting for workers');
  let next = 0;
  for (const slot of slots) {
    for (const note of slot.notes) {
      if (note.fails) {
        fail(note.text);
      } else {
        err.write(note.text);
      }
    }
    if (!slot.job || slot.shown === undefined) {
      continue;
    }
    const result = results[next] as LintJobResult;
    const entry = entries[next++] as LintedFile;
    for (const p of result.problems) {
      if (p.level === 'info' && slot.job.kind !== 'dockerfile') {
        err.write(`mlc lint: ${slot.shown}: ${p.message}\n`);
      } else {
        fail(`${slot.shown}: ${p.message}`);
      }
    }
    entry.findings = result.findings;
  }
  mergeCrossFindings?.();
  // The parse trees are done with: a collection during the report need not trace them.
  parsedYaml.clear();


  const threshold: Threshold = parsed.failureThreshold ?? thresholdFromConfig ?? 'error';
  let minSeverity: Severity = parsed.minSeverity ?? 'info';
  if (threshold !== 'none' && severityRank[threshold] > severityRank[minSeverity]) {
    minSeverity = threshold;
  }
  const shownSeverity = (x: Finding): boolean => severityRank[x.severity] <= severityRank[minSeverity];
  let hidden = 0;
  for (const f of linted) {
    const all = f.findings.length;
    f.findings = f.findings.filter(shownSeverity);
    hidden += all - f.findings.length;
  }
  const shown = linted;

  if (parsed.fix) {
    const linting = slots.filter((s) => s.job && s.shown !== undefined);
    const targets = linting.map((s, i): FixTarget => {
      const job = s.job as LintJob;
      const relint = async (text: string) => lintJob({ ...job, text }, job.schemaVersion !== undefined ? await schemasFor(job.schemaVersion) : undefined).findings.filter(shownSeverity);
      return { file: s.file, shown: s.shown as string, text: job.text, findings: (entries[i] as LintedFile).findings, relint };
    });
    const fixes = await makeFixes(targets, parsed.fix, out, err);
    if (failed || fixes.failed) {
      return 2;
    }
    if (parsed.fix === 'diff') {
      return fixes.made > 0 ? 1 : 0;
    }
    // What is left, at its new positions, in the report asked for.
    return runLintCommand(args.filter((a) => a !== '--fix'), out, rawErr, options);
  }

  if (parsed.format === 'json') {
    writeJson(shown, (piece) => out.write(piece));
  } else if (parsed.format === 'github') {
    writeGithub(shown, ruleMetaById(), (piece) => out.write(piece));
  } else if (parsed.format === 'sarif') {
    const rules = [...enabled.values()].sort((a, b) => compareRuleIds(a.id, b.id));
    const srcRoot = pathToFileURL(cwd.endsWith(path.sep) ? cwd : `${cwd}${path.sep}`).href;
    out.write(`${JSON.stringify(toSarif(shown, { version: process.env.MLC_VERSION ?? '0.0.0-dev', srcRoot, rules }), null, 2)}\n`);
  } else {
    writeText(shown, ruleMetaById(), (piece) => out.write(piece));
    const total = shown.reduce((n, f) => n + f.findings.length, 0);
    // A rule turned on whose severity is below the lowest shown (MLK202 is a hint) must not look silent.
    const below = hidden > 0 ? ` (${hidden} more below ${minSeverity}; --min-severity hint shows them)` : '';
    err.write(`mlc lint: ${linted.length} file(s) linted, ${total} finding(s)${below}\n`);
  }
  mark('report');
  if (failed) {
    return 2;
  }
  const failing = threshold !== 'none' && linted.some((f) => f.findings.some((x) => severityRank[x.severity] <= severityRank[threshold]));
  return failing ? 1 : 0;
}
