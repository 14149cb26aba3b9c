import type { MlcConfig } from '../config';
import { emptyConfig, selectsObjects, settingsFromConfig } from '../config';
import { effectiveSeverity } from '../engine';
import { pathMatches } from '../glob';
import { composeRules } from '../rules/compose';
import type { Finding, InputProblem, RuleMeta } from '../types';
import { comparePositions } from '../types';
import { YamlView } from '../yaml/access';
import { parseYaml } from '../yaml/parse';
import { collectYamlSuppressions } from '../yaml/suppress';
import { composeModel, isOverrideFile } from './model';
import type { ExtendsFiles } from './extends-files';
import { extendsBaseLookup, extendsFileServices, maxExtendsFileChars, overrideServiceLookup, overrideServiceNames } from './extends-files';
import { collapseSharedFindings } from './shared-findings';
import { fixReachesSharedNode, sharedBlocks } from './shared-node-fixes';
import { maxSchemaChars } from './schema';
import type { ComposeRule } from './rule';
import { compareRuleIds } from '../rule-order';
import { sharedMessage } from '../shared-message';
import type { LintSettings } from '../rule';
import { isSecretName } from '../rules/dockerfile/secrets';
import type { DotEnv } from './interpolate';
import type { BuiltDockerfiles } from './built-dockerfiles';
import { parseDotenv } from './dotenv';
import type { VariantFiles } from './variant-services';
import { variantServiceLookup } from './variant-services';

export interface ComposeLintOptions {
  config?: MlcConfig;
  /** `/`-separated path relative to the config root, for `ignore` entries. */
  path?: string;
  rules?: readonly ComposeRule[];
  noInlineIgnores?: boolean;
  /**
   * Keep one string per distinct message across calls (see shared-message.ts): for callers that hold the
   * findings of many files, the CLI. Off by default: one document's findings gain nothing and pay a hash each.
   */
  shareMessages?: boolean;
  /**
   * The text of the other Compose files this one's services extend, by the path written under `extends: {file: …}`,
   * as the caller read them (see extendsFileNames). A service extending a file not given here is taken as a fragment.
   */
  extendsFiles?: ExtendsFiles;
  /**
   * The text of the override file `docker compose` merges over this one without `-f` (see defaultOverrideFor), as the
   * caller read it: the services are judged as merged with it. Ignored for a file that is itself an override file.
   */
  overrideFile?: string;
  /**
   * The text of the main Compose file a variant file is run with (see variantBaseFor), as the caller read it: services
   * of this file may depend on its services.
   */
  baseFile?: string;
  /**
   * The services of the project that includes this file (another file's `include:`, see includingProject): Compose
   * loads included files into one model, so this file's services may depend on them.
   */
  projectServices?: readonly string[];
  /**
   * The text of the project's `.env` file (beside the file), as the caller read it: Compose interpolates `${VAR}` with
   * its values unless the shell sets them, so they are judged as the project ships them.
   */
  envFile?: string;
  /**
   * The text of the Dockerfiles the file's services build (`build:`), by their path relative to the file's folder as
   * builtDockerfileNames gives them, as the caller read them: what the images set (HOME, HF_HOME, USER) is judged too.
   */
  builtDockerfiles?: BuiltDockerfiles;
  /**
   * The volumes declared by the files this one includes (`include:`) and those they include, as the caller read them
   * (see includedVolumes): given only when every included file was read, as Compose copies their volumes in.
   */
  includedVolumes?: readonly string[];
  /**
   * The text of the variant files beside this main file (`docker-compose.gpu.yml`, see variantNamesFor), by file name,
   * as the caller read them: a GPU one of them gives a service is not reported missing here. Ignored for an override file.
   */
  variantFiles?: VariantFiles;
}

export interface ComposeLintResult {
  findings: Finding[];
  problems: InputProblem[];
}

/**
 * Lints a Compose file. Pure; never throws. Binary, oversized, alias-bomb and too-deep input is
 * reported as a problem; syntax errors are MLC001 findings.
 */
export function lintCompose(text: string, options: ComposeLintOptions = {}): ComposeLintResult {
  const file = parseYaml(text);
  if (file.problems.length > 0 && file.documents.length === 0) {
    return { findings: [], problems: file.problems };
  }
  const config = options.config ?? emptyConfig();
  const rules = options.rules ?? composeRules;
  const settings = settingsFromConfig(config);
  const path = options.path;
  // Kind/namespace/name selectors pick Kubernetes objects: they never select a Compose file.
  const pathIgnores = config.ignore.filter((e) => !selectsObjects(e) && (e.paths === undefined || (path !== undefined && e.paths.some((g) => pathMatches(path, g)))));
  if (pathIgnores.some((e) => e.rules === undefined)) {
    return { findings: [], problems: [] };
  }
  const ignoredByConfig = new Set(pathIgnores.flatMap((e) => e.rules ?? []));
  const problems: InputProblem[] = [...file.problems];
  const active: { rule: ComposeRule; severity: Finding['severity'] }[] = [];
  const metaById = new Map<string, RuleMeta>();
  for (const rule of rules) {
    metaById.set(rule.meta.id, rule.meta);
    const severity = effectiveSeverity(rule.meta, config);
    if (severity !== undefined && !ignoredByConfig.has(rule.meta.id)) {
      active.push({ rule, severity });
    }
  }
  if (text.length > maxSchemaChars && active.some((a) => a.rule.meta.id === 'MLC002')) {
    problems.push({ level: 'info', message: `schema validation (MLC002) skipped: the file is larger than ${maxSchemaChars / 1024 / 1024} MB` });
  }
  const raw: Finding[] = [];
  const serviceNames = new Set<string>();
  const override = isOverrideFile(path);
  const env = options.envFile !== undefined ? usableEnv(options.envFile, settings) : undefined;
  const modelOptions = {
    override,
    ...(env ? { env } : {}),
    ...(options.extendsFiles && options.extendsFiles.size > 0 ? { extendsBase: extendsBaseLookup(options.extendsFiles) } : {}),
    ...(options.overrideFile !== undefined && !override ? { overrideOf: overrideServiceLookup(options.overrideFile), overrideServices: overrideServiceNames(options.overrideFile) } : {}),
    ...(options.baseFile !== undefined ? { variantBaseOf: overrideServiceLookup(options.baseFile) } : {}),
    ...(options.baseFile !== undefined || options.projectServices !== undefined ? { baseServices: [...(options.baseFile !== undefined ? overrideServiceNames(options.baseFile) : []), ...(options.projectServices ?? [])] } : {}),
  };
  const extendsServices = options.extendsFiles && options.extendsFiles.size > 0 ? extendsFileServices(options.extendsFiles) : undefined;
  const variantServices = options.variantFiles && options.variantFiles.size > 0 && !override ? variantServiceLookup(options.variantFiles) : undefined;
  for (const document of file.documents) {
    if (document.skipped !== undefined) {
      problems.push({ message: `document ${document.index + 1} (line ${document.startLine}): ${document.skipped}` });
      continue;
    }
    const view = new YamlView(file, document);
    const compose = composeModel(view, modelOptions);
    compose?.services.forEach((s) => serviceNames.add(s.name));
    const ctx = { file, document, view, settings, ...(compose ? { compose } : {}), ...(path !== undefined ? { path } : {}), ...(extendsServices ? { extendsServices } : {}), ...(options.builtDockerfiles && options.builtDockerfiles.size > 0 ? { builtDockerfiles: options.builtDockerfiles } : {}), ...(options.includedVolumes ? { includedVolumes: options.includedVolumes } : {}), ...(variantServices ? { variantServices } : {}) };
    let shared: ReturnType<typeof sharedBlocks> | undefined;
    for (const { rule, severity } of active) {
      try {
        for (const f of rule.check(ctx)) {
          const fix = f.fix && !fixReachesSharedNode(f.fix, f.range.start.line, (shared ??= sharedBlocks(view))) ? f.fix : undefined;
          raw.push({ ruleId: rule.meta.id, severity, message: options.shareMessages === true ? sharedMessage(f.message) : f.message, range: f.range, ...(fix ? { fix } : {}) });
        }
      } catch (e) {
        problems.push({ message: `internal error in rule ${rule.meta.id}: ${e instanceof Error ? e.message : String(e)}` });
      }
    }
  }
  const superseded = new Set<string>();
  for (const f of raw) {
    for (const id of metaById.get(f.ruleId)?.supersedes ?? []) {
      superseded.add(`${id}@${f.range.start.line}`);
    }
  }
  const suppressions = options.noInlineIgnores ? undefined : collectYamlSuppressions(file);
  const findings = collapseSharedFindings(raw, serviceNames).filter((f) => !superseded.has(`${f.ruleId}@${f.range.start.line}`) && !suppressions?.isSuppressed(f, metaById.get(f.ruleId)));
  findings.sort((a, b) => comparePositions(a.range.start, b.range.start) || compareRuleIds(a.ruleId, b.ruleId));
  return { findings, problems };
}

/** The `.env` variables rules may read: a value whose name looks secret is withheld (known to be set, not shown). */
function usableEnv(text: string, settings: LintSettings): DotEnv | undefined {
  const vocab = { allow: settings.secretsAllow, names: settings.secretsNames };
  const env = text.length <= maxExtendsFileChars ? parseDotenv(text) : undefined;
  return env && new Map([...env].map(([name, value]) => [name, isSecretName(name, vocab) ? undefined : value]));
}
