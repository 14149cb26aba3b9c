import { parse as parseYaml } from 'yaml';
import type { ClusterProfile } from './kubernetes/settings';
import { defaultClusterProfile } from './kubernetes/settings';
import type { LintSettings } from './rule';
import type { Severity } from './types';
import { severities } from './types';

export type RuleSetting = Severity | 'off' | 'on';
export type Threshold = Severity | 'none';

export interface IgnoreEntry {
  paths?: string[];
  /** Object selectors for Kubernetes manifests (§9.4); an entry with any of them applies to matching objects only. */
  kind?: string;
  namespace?: string;
  name?: string;
  rules?: string[];
  reason?: string;
}

/** The parts of `.mlc.yaml` (§9.4) the linter reads. Keys for other linters (cluster, compose, …) are kept as data. */
export interface MlcConfig {
  extends?: string;
  failOn?: Threshold;
  rules: Record<string, { severity?: RuleSetting; options?: Record<string, unknown> }>;
  ignore: IgnoreEntry[];
  buildArgs: Record<string, string>;
  trustedRegistries?: string[];
  /** Per Dockerfile (path relative to the config's folder): its build context, target stage and named build contexts (`--build-context`, bake `contexts`). */
  dockerfiles: Record<string, { context?: string; target?: string; contexts?: string[] }>;
  secrets: { allow: string[]; names: string[] };
  bakeWeights: boolean;
  cpuOnly: boolean;
  foreignPragmas: boolean;
  requireReasons: boolean;
  /** `cluster:` profile read by the Kubernetes GPU rules (§9.4). */
  cluster: ClusterProfile;
  /** `images:` image repository → workspace Dockerfile, for the cross-file rules (§1.4 image map). */
  images?: Record<string, string>;
  /** `generatedPaths:` globs of paths CI creates before the build (MLX002 skips them). */
  generatedPaths?: string[];
  /** `kubernetesVersion:` target minor (schema validation, MLK003/MLK004), e.g. "1.33". */
  kubernetesVersion?: string;
  /** `requiredMetadata:` labels and annotations every object must carry (MLK504). */
  requiredMetadata?: { labels?: string[]; annotations?: string[] };
  /** `labels:` the image label schema (MLD512). */
  labelSchema?: { schema?: Record<string, unknown>; strict?: boolean };
  /** `compose: { minVersion }`: the oldest Compose the project supports (MLC407). */
  composeMinVersion?: string;
}

export type ConfigResult = { ok: true; config: MlcConfig } | { ok: false; errors: string[] };

export function emptyConfig(): MlcConfig {
  return { rules: {}, ignore: [], buildArgs: {}, dockerfiles: {}, secrets: { allow: [], names: [] }, bakeWeights: false, cpuOnly: false, foreignPragmas: true, requireReasons: false, cluster: defaultClusterProfile() };
}

const knownTopLevel = new Set([
  'extends', 'failOn', 'kubernetesVersion', 'rules', 'ignore', 'images', 'dockerfiles', 'buildArgs', 'trustedRegistries', 'generatedPaths',
  'secrets', 'cluster', 'project', 'compose', 'ml', 'labels', 'requiredMetadata', 'requireReasons', 'compat',
]);
const ruleIdRe = /^ML[DKCX]\d{3}$/;
const thresholds: readonly string[] = [...severities, 'none'];
const ruleSettings: readonly string[] = [...severities, 'off', 'on'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringList(v: unknown, where: string, errors: string[]): string[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    errors.push(`${where} must be a list of strings`);
    return [];
  }
  return v as string[];
}

/** An ignore entry that selects Kubernetes objects (kind/namespace/name) rather than whole files. */
export function selectsObjects(e: IgnoreEntry): boolean {
  return e.kind !== undefined || e.namespace !== undefined || e.name !== undefined;
}

/** Reads `.mlc.yaml` text as YAML data (duplicate keys and alias bombs refused). */
export function readConfigYaml(text: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  try {
    return { ok: true, value: parseYaml(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false, logLevel: 'error' }) as unknown };
  } catch (e) {
    return { ok: false, errors: [`not valid YAML: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}`] };
  }
}

/** `extends`: the child's settings win; `ignore` lists are concatenated; mappings merge key by key. */
export function mergeConfigValues(parent: unknown, child: unknown): unknown {
  if (!isRecord(parent) || !isRecord(child)) {
    return child ?? parent;
  }
  const out: Record<string, unknown> = { ...parent };
  for (const [k, v] of Object.entries(child)) {
    const p = parent[k];
    if (k === 'ignore' && Array.isArray(p) && Array.isArray(v)) {
      out[k] = [...(p as unknown[]), ...(v as unknown[])];
    } else if (k !== 'extends' && isRecord(p) && isRecord(v)) {
      out[k] = mergeConfigValues(p, v);
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Parses `.mlc.yaml` text. Pure: never throws; an invalid file yields `ok: false` with every problem found. */
export function parseMlcConfig(text: string): ConfigResult {
  const read = readConfigYaml(text);
  return read.ok ? configFromValue(read.value) : read;
}

/** Validates YAML data as a config. */
export function configFromValue(doc: unknown): ConfigResult {
  const errors: string[] = [];
  const config = emptyConfig();
  if (doc === null || doc === undefined) {
    return { ok: true, config };
  }
  if (!isRecord(doc)) {
    return { ok: false, errors: ['the file must be a mapping of settings'] };
  }
  for (const key of Object.keys(doc)) {
    if (!knownTopLevel.has(key)) {
      errors.push(`unknown setting "${key}"`);
    }
  }
  if (doc.extends !== undefined) {
    if (typeof doc.extends === 'string') {
      config.extends = doc.extends;
    } else {
      errors.push('extends must be a path');
    }
  }
  if (doc.failOn !== undefined) {
    const v = doc.failOn === false ? 'none' : doc.failOn;
    if (typeof v === 'string' && thresholds.includes(v)) {
      config.failOn = v as Threshold;
    } else {
      errors.push(`failOn must be one of ${thresholds.join(', ')}`);
    }
  }
  if (doc.rules !== undefined) {
    if (!isRecord(doc.rules)) {
      errors.push('rules must be a mapping of rule IDs');
    } else {
      for (const [id, raw] of Object.entries(doc.rules)) {
        if (!ruleIdRe.test(id)) {
          errors.push(`rules: "${id}" is not a rule ID (e.g. MLD204)`);
          continue;
        }
        const value = raw === false ? 'off' : raw === true ? 'on' : raw;
        if (typeof value === 'string') {
          if (!ruleSettings.includes(value)) {
            errors.push(`rules.${id} must be one of ${ruleSettings.join(', ')}`);
            continue;
          }
          config.rules[id] = { severity: value as RuleSetting };
        } else if (isRecord(value)) {
          const entry: { severity?: RuleSetting; options?: Record<string, unknown> } = {};
          if (value.severity !== undefined) {
            if (typeof value.severity !== 'string' || !ruleSettings.includes(value.severity)) {
              errors.push(`rules.${id}.severity must be one of ${ruleSettings.join(', ')}`);
            } else {
              entry.severity = value.severity as RuleSetting;
            }
          }
          if (value.options !== undefined) {
            if (!isRecord(value.options)) {
              errors.push(`rules.${id}.options must be a mapping`);
            } else {
              entry.options = value.options;
            }
          }
          for (const k of Object.keys(value)) {
            if (k !== 'severity' && k !== 'options') {
              errors.push(`rules.${id}: unknown key "${k}"`);
            }
          }
          config.rules[id] = entry;
        } else {
          errors.push(`rules.${id} must be a severity or a mapping with severity/options`);
        }
      }
    }
  }
  if (doc.ignore !== undefined) {
    if (!Array.isArray(doc.ignore)) {
      errors.push('ignore must be a list');
    } else {
      doc.ignore.forEach((entry: unknown, n) => {
        if (!isRecord(entry)) {
          errors.push(`ignore[${n}] must be a mapping`);
          return;
        }
        const e: IgnoreEntry = {};
        if (entry.paths !== undefined) {
          e.paths = stringList(entry.paths, `ignore[${n}].paths`, errors);
        }
        if (entry.rules !== undefined) {
          e.rules = stringList(entry.rules, `ignore[${n}].rules`, errors);
        }
        if (typeof entry.reason === 'string') {
          e.reason = entry.reason;
        }
        for (const key of ['kind', 'namespace', 'name'] as const) {
          const v = entry[key];
          if (typeof v === 'string') {
            e[key] = v;
          } else if (v !== undefined) {
            errors.push(`ignore[${n}].${key} must be a string`);
          }
        }
        config.ignore.push(e);
      });
    }
  }
  if (doc.buildArgs !== undefined) {
    if (!isRecord(doc.buildArgs)) {
      errors.push('buildArgs must be a mapping');
    } else {
      for (const [k, v] of Object.entries(doc.buildArgs)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
          config.buildArgs[k] = String(v);
        } else {
          errors.push(`buildArgs.${k} must be a scalar`);
        }
      }
    }
  }
  if (doc.images !== undefined) {
    if (isRecord(doc.images) && Object.values(doc.images).every((v) => typeof v === 'string')) {
      config.images = doc.images as Record<string, string>;
    } else {
      errors.push('images must map image repositories to Dockerfile paths');
    }
  }
  if (doc.generatedPaths !== undefined) {
    config.generatedPaths = stringList(doc.generatedPaths, 'generatedPaths', errors);
  }
  if (doc.trustedRegistries !== undefined) {
    config.trustedRegistries = stringList(doc.trustedRegistries, 'trustedRegistries', errors);
  }
  if (doc.dockerfiles !== undefined) {
    if (!isRecord(doc.dockerfiles)) {
      errors.push('dockerfiles must be a mapping of paths');
    } else {
      for (const [path, v] of Object.entries(doc.dockerfiles)) {
        if (!isRecord(v)) {
          errors.push(`dockerfiles.${path} must be a mapping`);
          continue;
        }
        const entry: { context?: string; target?: string; contexts?: string[] } = {};
        if (typeof v.context === 'string') {
          entry.context = v.context;
        }
        if (typeof v.target === 'string') {
          entry.target = v.target;
        }
        if (v.contexts !== undefined) {
          // A list of names, or the mapping of names to sources that `--build-context` and bake take.
          entry.contexts = isRecord(v.contexts) ? Object.keys(v.contexts) : stringList(v.contexts, `dockerfiles.${path}.contexts`, errors);
        }
        config.dockerfiles[path] = entry;
      }
    }
  }
  if (doc.secrets !== undefined) {
    if (!isRecord(doc.secrets)) {
      errors.push('secrets must be a mapping');
    } else {
      config.secrets = { allow: stringList(doc.secrets.allow, 'secrets.allow', errors), names: stringList(doc.secrets.names, 'secrets.names', errors) };
    }
  }
  const bool = (section: string, key: string): boolean | undefined => {
    const s = doc[section];
    if (s === undefined) {
      return undefined;
    }
    if (!isRecord(s)) {
      errors.push(`${section} must be a mapping`);
      return undefined;
    }
    const v = s[key];
    if (v !== undefined && typeof v !== 'boolean') {
      errors.push(`${section}.${key} must be true or false`);
      return undefined;
    }
    return v;
  };
  config.bakeWeights = bool('ml', 'bakeWeights') ?? false;
  config.cpuOnly = bool('project', 'cpuOnly') ?? false;
  config.foreignPragmas = bool('compat', 'foreignPragmas') ?? true;
  if (doc.cluster !== undefined) {
    readCluster(doc.cluster, config.cluster, errors);
  }
  readProjectKeys(doc, config, errors);
  enableConfiguredRules(config);
  if (doc.requireReasons !== undefined) {
    if (typeof doc.requireReasons === 'boolean') {
      config.requireReasons = doc.requireReasons;
    } else {
      errors.push('requireReasons must be true or false');
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config };
}

function versionText(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
}

/** The top-level keys that feed rule options: kubernetesVersion, requiredMetadata, labels, compose. */
function readProjectKeys(doc: Record<string, unknown>, config: MlcConfig, errors: string[]): void {
  if (doc.kubernetesVersion !== undefined) {
    const v = versionText(doc.kubernetesVersion);
    if (v !== undefined && /^v?1\.\d+(?:\.\d+)?$/.test(v)) {
      config.kubernetesVersion = v.replace(/^v/, '').split('.').slice(0, 2).join('.');
    } else {
      errors.push('kubernetesVersion must be a Kubernetes minor such as "1.33"');
    }
  }
  const meta = doc.requiredMetadata;
  if (meta !== undefined) {
    if (!isRecord(meta)) {
      errors.push('requiredMetadata must be a mapping with labels and/or annotations');
    } else {
      const out: { labels?: string[]; annotations?: string[] } = {};
      for (const key of Object.keys(meta)) {
        if (key === 'labels' || key === 'annotations') {
          out[key] = stringList(meta[key], `requiredMetadata.${key}`, errors);
        } else {
          errors.push(`requiredMetadata: unknown key "${key}"`);
        }
      }
      config.requiredMetadata = out;
    }
  }
  const labels = doc.labels;
  if (labels !== undefined) {
    if (!isRecord(labels)) {
      errors.push('labels must be a mapping with schema and/or strict');
    } else {
      const out: { schema?: Record<string, unknown>; strict?: boolean } = {};
      for (const [key, v] of Object.entries(labels)) {
        if (key === 'schema' && isRecord(v)) {
          out.schema = v;
        } else if (key === 'strict' && typeof v === 'boolean') {
          out.strict = v;
        } else {
          errors.push(key === 'schema' ? 'labels.schema must map label names to types' : key === 'strict' ? 'labels.strict must be true or false' : `labels: unknown key "${key}"`);
        }
      }
      config.labelSchema = out;
    }
  }
  const compose = doc.compose;
  if (compose !== undefined) {
    if (!isRecord(compose)) {
      errors.push('compose must be a mapping');
    } else if (compose.minVersion !== undefined) {
      const v = versionText(compose.minVersion);
      if (v !== undefined) {
        config.composeMinVersion = v;
      } else {
        errors.push('compose.minVersion must be a version such as "2.30"');
      }
    }
  }
}

/** A key that only configures an off-by-default rule turns it on, unless `rules.<ID>` sets a severity. */
function enableConfiguredRules(config: MlcConfig): void {
  const wanted = [
    ['MLK504', (config.requiredMetadata?.labels?.length ?? 0) + (config.requiredMetadata?.annotations?.length ?? 0) > 0],
    ['MLD512', config.labelSchema?.schema !== undefined],
    ['MLC407', config.composeMinVersion !== undefined],
  ] as const;
  for (const [id, on] of wanted) {
    if (on && config.rules[id]?.severity === undefined) {
      config.rules[id] = { ...config.rules[id], severity: 'on' };
    }
  }
}

/** Top-level keys as the per-rule options the rules read; `rules.<ID>.options` set explicitly win. */
function projectRuleOptions(config: MlcConfig): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  if (config.kubernetesVersion !== undefined) {
    out.MLK003 = { kubernetesVersion: config.kubernetesVersion };
    out.MLK004 = { kubernetesVersion: config.kubernetesVersion };
  }
  if (config.requiredMetadata) {
    out.MLK504 = { ...config.requiredMetadata };
  }
  if (config.labelSchema) {
    out.MLD512 = { ...config.labelSchema };
  }
  if (config.composeMinVersion !== undefined) {
    out.MLC407 = { minVersion: config.composeMinVersion };
  }
  return out;
}

function readCluster(raw: unknown, cluster: ClusterProfile, errors: string[]): void {
  if (!isRecord(raw)) {
    errors.push('cluster must be a mapping');
    return;
  }
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'gpuTaintKey' || k === 'gpuRuntimeClass' || k === 'driverFloor') {
      if (typeof v === 'string' || (k === 'driverFloor' && typeof v === 'number')) {
        cluster[k] = String(v);
      } else {
        errors.push(`cluster.${k} must be a string`);
      }
    } else if (k === 'extendedResourceToleration' || k === 'gpuNodeAutoscaling' || k === 'kueue') {
      if (typeof v === 'boolean') {
        cluster[k] = v;
      } else {
        errors.push(`cluster.${k} must be true or false`);
      }
    } else if (k === 'modelLoadBudgetSeconds') {
      if (typeof v === 'number' && Number.isFinite(v) && v >= 0) {
        cluster[k] = v;
      } else {
        errors.push('cluster.modelLoadBudgetSeconds must be a number of seconds');
      }
    } else if (k === 'gpuProducts' || k === 'acceleratorResources' || k === 'exemptNamespaces') {
      cluster[k] = stringList(v, `cluster.${k}`, errors);
    } else {
      errors.push(`cluster: unknown key "${k}"`);
    }
  }
}

/** The settings rules read, from a parsed config. */
export function settingsFromConfig(config: MlcConfig): LintSettings {
  const ruleOptions = projectRuleOptions(config);
  for (const [id, r] of Object.entries(config.rules)) {
    if (r.options) {
      ruleOptions[id] = { ...ruleOptions[id], ...r.options };
    }
  }
  const settings: LintSettings = {
    ruleOptions,
    bakeWeights: config.bakeWeights,
    cpuOnly: config.cpuOnly,
    secretsAllow: config.secrets.allow,
    secretsNames: config.secrets.names,
  };
  if (config.trustedRegistries) {
    settings.trustedRegistries = config.trustedRegistries;
  }
  return settings;
}
