import type { MlcConfig } from '../config';
import { parseDockerfile } from '../dockerfile/parse';
import type { ParsedDockerfile } from '../dockerfile/model';
import type { DockerfileModel } from '../dockerfile/semantic';
import { modelFromParsed } from '../dockerfile/semantic';
import { maxDockerfileChars } from '../engine';
import { documentObject } from '../kubernetes/document-object';
import { objectDocuments } from '../kubernetes/list-items';
import type { KubeObject } from '../kubernetes/model';
import type { YamlFile } from '../yaml/parse';
import { parseYaml } from '../yaml/parse';
import type { ComposeModel, ComposeService, ComposeValue } from './compose';
import { composeModel, extendedBuild } from './compose';
import type { IgnoreFile } from './dockerignore';
import { parseIgnoreFile } from './dockerignore';
import { imageKey } from './image-key';
import type { Labels } from './kube';
import type { FileBuild, KustomizeFacts, PatchedPort } from './kustomize';
import { affixedNames, kustomizeFacts, patchTargets } from './kustomize';
import type { KustomizationFile } from './kustomize-patches';
import { dirOf, joinPath } from './paths';
import type { WorkspaceFile, WorkspaceFs } from './types';

export interface DockerfileEntry {
  path: string;
  parsed: ParsedDockerfile;
  model: DockerfileModel;
  /** Build context directory; undefined when it lies outside the workspace or is remote. */
  context?: string;
  /** The effective ignore file (`<Dockerfile>.dockerignore` first, then the context's `.dockerignore`). */
  ignore?: IgnoreFile;
  /** Neither Compose nor `.mlc.yaml` names the context: it is assumed to be the Dockerfile's folder. */
  defaultContext: boolean;
}

export interface ObjectEntry {
  path: string;
  file: YamlFile;
  obj: KubeObject;
  /** `metadata.namespace`, or `default`. */
  namespace: string;
  /** What the kustomizations that build it into this namespace add (labels, patched ports); unset: nothing. */
  kustomized?: KustomizedExtras;
  /** The names those kustomizations give it besides its own (`namePrefix`, `nameSuffix`); unset: none. */
  aliases?: readonly string[];
  /** Every build that makes it gives it one of `aliases`: it never goes by its own name in the cluster. */
  alwaysRenamed?: true;
  /** A build that makes it builds on a remote base too: the objects applied with it are not all in scope. */
  withRemoteBase?: true;
}

/** What kustomizations add to an object beyond its manifest (see cross/kustomize). */
export interface KustomizedExtras {
  /** Added to `metadata.labels`. */
  labels: Labels;
  /** Added to its pod templates' labels. */
  podLabels: Labels;
  /** Set over its selectors' labels (Service `spec.selector`, a `matchLabels` that is written). */
  selectorLabels: Labels;
  /** Container ports patches declare for it. */
  ports: PatchedPort[];
  /** A patch edits its ports or containers in a way not read. */
  opaquePorts: boolean;
  /** Field paths `replacements` write into it (`spec.scaleTargetRef.name`): what the manifest says there is not what is applied. */
  replaced: string[];
}

export interface ComposeEntry {
  path: string;
  file: YamlFile;
  compose: ComposeModel;
}

/** Where a Compose service's build points, resolved against the workspace. */
export interface ComposeBuildRef {
  entry: ComposeEntry;
  service: ComposeService;
  /** Context directory; undefined when remote or outside the workspace. */
  context?: string;
  /** Dockerfile path; undefined when unknown (remote context, inline Dockerfile, interpolation). */
  dockerfile?: string;
}

export interface WorkspaceModel {
  config: MlcConfig;
  fs?: WorkspaceFs;
  dockerfiles: Map<string, DockerfileEntry>;
  objects: ObjectEntry[];
  compose: ComposeEntry[];
  builds: ComposeBuildRef[];
  /** The YAML files parsed: manifests, Compose files and kustomizations. */
  yamlFiles: Map<string, YamlFile>;
  /** Image repository key → Dockerfile path (§1.4 image map). */
  imageMap: Map<string, string>;
  /** What the kustomizations around the manifests do (read through `fs`); unset: none, or no `fs`. */
  kustomize?: KustomizeFacts;
}

/** A base in another file whose own base is in a further file is followed this many files deep, no deeper. */
const maxExtendsHops = 4;

const remoteContextRe = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

function composeBuilds(entry: ComposeEntry): ComposeBuildRef[] {
  const out: ComposeBuildRef[] = [];
  for (const service of entry.compose.services) {
    const build = service.build;
    if (!build) {
      continue;
    }
    const ref: ComposeBuildRef = { entry, service };
    const ctx = build.context;
    if (!(ctx && (ctx.interpolated || remoteContextRe.test(ctx.value)))) {
      // A base's paths in another file are relative to that file's folder, as Compose reads them.
      const context = joinPath(dirOf(ctx?.path ?? build.path ?? entry.path), ctx?.value ?? '.');
      if (context !== undefined) {
        ref.context = context;
        const df = build.dockerfile;
        if (!build.inline && !(df && df.interpolated)) {
          const dockerfile = joinPath(context, df?.value ?? 'Dockerfile');
          if (dockerfile !== undefined) {
            ref.dockerfile = dockerfile;
          }
        }
      }
    }
    out.push(ref);
  }
  return out;
}

/** A value of the Compose file `path`, marked as written there unless it already names its file. */
function writtenIn<T extends ComposeValue>(value: T | undefined, path: string): T | undefined {
  return value && value.path === undefined ? { ...value, path } : value;
}

/**
 * Folds into each service that extends a service of another Compose file in the model (`extends: {file, service}`)
 * that base's build and image, its own values first; the base's own such bases first, at most maxExtendsHops files.
 * A base file outside the model (not linted, or missing) adds nothing.
 */
function withOtherFileBases(entries: readonly ComposeEntry[]): void {
  let byPath: Map<string, ComposeEntry> | undefined;
  const done = new Set<ComposeService>();
  const fold = (entry: ComposeEntry, s: ComposeService, hops: number): void => {
    const file = s.extendsFile;
    if (done.has(s) || !file || s.extendsService === undefined || file.interpolated || hops > maxExtendsHops) {
      return;
    }
    done.add(s);
    byPath ??= new Map(entries.map((e) => [e.path, e]));
    const basePath = joinPath(dirOf(file.path ?? entry.path), file.value);
    const baseEntry = basePath !== undefined ? byPath.get(basePath) : undefined;
    const base = baseEntry?.compose.services.find((b) => b.name === s.extendsService);
    if (!baseEntry || !base || base === s) {
      return;
    }
    fold(baseEntry, base, hops + 1);
    const baseBuild = base.build ? { ...base.build, ...(base.build.path === undefined ? { path: baseEntry.path } : {}) } : undefined;
    if (baseBuild) {
      const context = writtenIn(baseBuild.context, baseEntry.path);
      const dockerfile = writtenIn(baseBuild.dockerfile, baseEntry.path);
      const target = writtenIn(baseBuild.target, baseEntry.path);
      Object.assign(baseBuild, context ? { context } : {}, dockerfile ? { dockerfile } : {}, target ? { target } : {});
    }
    const build = extendedBuild(s.build, baseBuild);
    const image = s.image ?? writtenIn(base.image, baseEntry.path);
    if (build) {
      s.build = build;
    }
    if (image) {
      s.image = image;
    }
  };
  for (const entry of entries) {
    for (const s of entry.compose.services) {
      if (s.extendsFile) {
        fold(entry, s, 0);
      }
    }
  }
}

/** Parsed ignore files by path (undefined: none there), read once per model: Dockerfiles of one context share theirs. */
type IgnoreFiles = Map<string, IgnoreFile | undefined>;

function ignoreFileAt(fs: WorkspaceFs, path: string, known: IgnoreFiles): IgnoreFile | undefined {
  if (!known.has(path)) {
    const text = fs.read(path);
    known.set(path, text !== undefined ? parseIgnoreFile(path, text) : undefined);
  }
  return known.get(path);
}

function effectiveIgnore(fs: WorkspaceFs | undefined, dockerfile: string, context: string | undefined, known: IgnoreFiles): IgnoreFile | undefined {
  if (!fs || context === undefined) {
    return undefined;
  }
  for (const candidate of [`${dockerfile}.dockerignore`, joinPath(context, '.dockerignore')]) {
    const ignore = candidate !== undefined ? ignoreFileAt(fs, candidate, known) : undefined;
    if (ignore) {
      return ignore;
    }
  }
  return undefined;
}

/** The view with each directory listed once: rules ask for the same folders again and again within one pass. */
function listedOnce(fs: WorkspaceFs): WorkspaceFs {
  const listings = new Map<string, string[]>();
  return {
    stat: (path) => fs.stat(path),
    read: (path) => fs.read(path),
    list(dir) {
      let names = listings.get(dir);
      if (!names) {
        names = fs.list(dir);
        listings.set(dir, names);
      }
      return [...names];
    },
  };
}

/** The builds that put `obj` in `namespace`. */
function buildsInto(builds: readonly FileBuild[], obj: KubeObject, namespace: string): FileBuild[] {
  return builds.filter((b) => (b.namespace ?? obj.namespace ?? 'default') === namespace);
}

/** What `builds` (those that put `obj` in one namespace) add to it; undefined when nothing. */
function kustomizedExtras(builds: readonly FileBuild[], obj: KubeObject): KustomizedExtras | undefined {
  const out: KustomizedExtras = { labels: new Map(), podLabels: new Map(), selectorLabels: new Map(), ports: [], opaquePorts: false, replaced: [] };
  for (const b of builds) {
    b.labels.forEach((v, k) => out.labels.set(k, v));
    b.podLabels.forEach((v, k) => out.podLabels.set(k, v));
    b.selectorLabels.forEach((v, k) => out.selectorLabels.set(k, v));
    for (const p of b.patches) {
      if (patchTargets(p, b, obj.kind, obj.name)) {
        p.labels.forEach((v, k) => out.labels.set(k, v));
        p.podLabels.forEach((v, k) => out.podLabels.set(k, v));
        out.ports.push(...p.ports);
        out.opaquePorts ||= p.opaquePorts;
        out.replaced.push(...p.replaced);
      }
    }
  }
  return out.labels.size > 0 || out.podLabels.size > 0 || out.selectorLabels.size > 0 || out.ports.length > 0 || out.opaquePorts || out.replaced.length > 0 ? out : undefined;
}

/** Builds the workspace model; files that cannot be parsed are left out (they get their own per-file findings). */
export function workspaceModel(files: readonly WorkspaceFile[], config: MlcConfig, fs?: WorkspaceFs, kustomizationDirs: readonly string[] = [], kustomizationFiles?: (path: string) => KustomizationFile | undefined): WorkspaceModel {
  const ws: WorkspaceModel = { config, dockerfiles: new Map(), objects: [], compose: [], builds: [], yamlFiles: new Map(), imageMap: new Map(), ...(fs ? { fs: listedOnce(fs) } : {}) };
  const dockerfileTexts = new Map<string, string>();
  const facts = fs ? kustomizeFacts(files.flatMap((f) => (f.kind === 'kubernetes' ? [f.path] : [])), ws.fs as WorkspaceFs, kustomizationDirs, kustomizationFiles) : undefined;
  if (facts) {
    ws.kustomize = facts;
  }
  for (const f of files) {
    if (f.kind === 'dockerfile') {
      dockerfileTexts.set(f.path, f.text);
      continue;
    }
    const file = f.parsed ?? parseYaml(f.text);
    if (file.documents.length === 0) {
      continue;
    }
    ws.yamlFiles.set(f.path, file);
    if (f.kind === 'kustomization') {
      continue;
    }
    if (f.kind === 'compose') {
      const compose = composeModel(file);
      if (compose) {
        const entry = { path: f.path, file, compose };
        ws.compose.push(entry);
      }
      continue;
    }
    for (const document of objectDocuments(file)) {
      const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
      if (obj) {
        // An object built into several namespaces (a base under several overlays) is there once in each.
        const builds = facts?.builds.get(f.path);
        const namespaces = new Set((f.namespaces ?? builds?.map((b) => b.namespace) ?? [undefined]).map((ns) => ns ?? obj.namespace ?? 'default'));
        namespaces.forEach((namespace) => {
          const into = builds ? buildsInto(builds, obj, namespace) : [];
          const aliases = affixedNames(into.flatMap((b) => b.names), obj.kind, obj.name);
          const kustomized = into.length > 0 ? kustomizedExtras(into, obj) : undefined;
          const alwaysRenamed = aliases.length > 0 && into.every((b) => b.keepsNames !== true);
          const withRemoteBase = into.some((b) => b.remote === true);
          ws.objects.push({
            path: f.path,
            file,
            obj,
            namespace,
            ...(kustomized ? { kustomized } : {}),
            ...(aliases.length > 0 ? { aliases } : {}),
            ...(alwaysRenamed ? { alwaysRenamed } : {}),
            ...(withRemoteBase ? { withRemoteBase } : {}),
          });
        });
      }
    }
  }

  if (ws.compose.length > 0) {
    withOtherFileBases(ws.compose);
    for (const entry of ws.compose) {
      ws.builds.push(...composeBuilds(entry));
    }
  }

  const contexts = new Map<string, string | undefined>();
  const targets = new Map<string, string>();
  for (const b of ws.builds) {
    if (b.dockerfile === undefined) {
      continue;
    }
    if (!contexts.has(b.dockerfile)) {
      contexts.set(b.dockerfile, b.context);
    }
    if (b.service.build?.target && !b.service.build.target.interpolated) {
      targets.set(b.dockerfile, b.service.build.target.value);
    }
    if (b.service.image && !b.service.image.interpolated) {
      const key = imageKey(b.service.image.value);
      if (key !== undefined && !ws.imageMap.has(key)) {
        ws.imageMap.set(key, b.dockerfile);
      }
    }
  }
  for (const [image, dockerfile] of Object.entries(config.images ?? {})) {
    const key = imageKey(image);
    const path = joinPath('', dockerfile);
    if (key !== undefined && path !== undefined) {
      ws.imageMap.set(key, path);
    }
  }

  const wanted = new Set([...dockerfileTexts.keys(), ...contexts.keys(), ...ws.imageMap.values()]);
  const ignoreFiles: IgnoreFiles = new Map();
  for (const path of wanted) {
    const text = dockerfileTexts.get(path) ?? fs?.read(path);
    if (text === undefined || text.length > maxDockerfileChars || text.includes('\0')) {
      continue;
    }
    const settings = config.dockerfiles[path];
    const target = settings?.target ?? targets.get(path);
    const parsed = parseDockerfile(text);
    const model = modelFromParsed(parsed, target !== undefined ? { buildArgs: config.buildArgs, target } : { buildArgs: config.buildArgs });
    const context = settings?.context !== undefined ? joinPath('', settings.context) : contexts.has(path) ? contexts.get(path) : dirOf(path);
    const ignore = effectiveIgnore(fs, path, context, ignoreFiles);
    const defaultContext = settings?.context === undefined && !contexts.has(path);
    ws.dockerfiles.set(path, { path, parsed, model, defaultContext, ...(context !== undefined ? { context } : {}), ...(ignore ? { ignore } : {}) });
  }
  return ws;
}

/** The workspace Dockerfile an image reference maps to (§1.4), if any. */
export function mappedDockerfile(ws: WorkspaceModel, image: string | undefined): DockerfileEntry | undefined {
  const key = image !== undefined ? imageKey(image) : undefined;
  const path = key !== undefined ? ws.imageMap.get(key) : undefined;
  return path !== undefined ? ws.dockerfiles.get(path) : undefined;
}
