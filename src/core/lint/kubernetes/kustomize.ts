import type { Document } from 'yaml';
import { parseDocument } from 'yaml';
import type { SchemaDiagnostic } from '../../schemas/types';
import { floatingTagTest } from '../floating-tags';

/** The names a kustomization file goes by, as `kustomize build` looks for them. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The fields of a kustomization this module reads. */
interface Kustomization {
  patchesStrategicMerge?: unknown;
  patches?: unknown;
  namespace?: unknown;
  resources?: unknown;
  bases?: unknown;
  components?: unknown;
}

/** The value of a parsed YAML document; undefined for invalid YAML or an alias bomb. */
function documentValue(doc: Document): unknown {
  if (doc.errors.length > 0) {
    return undefined;
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown; // an alias bomb throws here
  } catch {
    return undefined;
  }
}

/** The value of a one-document YAML text; undefined for invalid YAML or an alias bomb. */
function yamlValue(text: string): unknown {
  return documentValue(parseDocument(text, { uniqueKeys: false }));
}

/** A kustomization's top-level mapping; undefined for invalid YAML, anything but a mapping, or an alias bomb. */
function kustomizationRoot(text: string): Kustomization | undefined {
  const root = yamlValue(text);
  return root !== null && typeof root === 'object' && !Array.isArray(root) ? root : undefined;
}

/**
 * The patch files a kustomization names (relative to its folder, as written): `patchesStrategicMerge`
 * entries that are paths, and the `path` of `patches` entries. Inline patches and JSON 6902 patches
 * (operation lists, never linted as manifests) are left out. Unreadable YAML names none.
 */
export function kustomizePatchPaths(text: string): string[] {
  const spec = kustomizeBuildSpec(text);
  return spec ? patchFilePaths(spec) : [];
}

/** `kustomizePatchPaths` of a kustomization already read. */
export function patchFilePaths(spec: Pick<KustomizeBuildSpec, 'patches'>): string[] {
  return spec.patches.flatMap((p) => (p.path !== undefined && p.json6902 !== true && !p.path.includes('\n') ? [p.path] : []));
}

/** Kustomize strategic-merge directives, accepted in patches (trap T20). */
const patchDirective = /^\$(?:patch|setElementOrder\/.+|retainKeys|deleteFromPrimitiveList\/.+)$/;

/** A schema finding a patch is excused: a missing required field (the base has it) or a `$patch`-style directive. */
export function patchExcuses(d: Pick<SchemaDiagnostic, 'code' | 'path'>): boolean {
  const field = (d.path.split('.').pop() ?? '').replace(/\[\d+\]$/, '');
  return d.code === 'required' || (d.code === 'unknown-field' && patchDirective.test(field));
}

/** What a kustomization builds from (paths relative to its folder, as written; remote ones left out). */
export interface KustomizeResources {
  /** The `namespace:` it sets: kustomize's namespace transformer moves every namespaced object it builds there. */
  namespace?: string;
  /** Manifest files among its `resources`. */
  files: string[];
  /** Folders among its `resources`, legacy `bases` and `components`: other kustomizations it builds on. */
  folders: string[];
}

const manifestFile = /\.(?:ya?ml|json)$/i;

/** A kustomization's namespace and local resources; undefined for unreadable YAML or anything but a mapping. */
export function kustomizeResources(text: string): KustomizeResources | undefined {
  const root = kustomizationRoot(text);
  return root === undefined ? undefined : resourcesOf(root);
}

/** A `resources` entry kustomize fetches: a URL (`https://…`, `git::…`, `ssh://…`), `git@host:…`, or a `github.com/…`-style repository path. */
function isRemoteResource(rel: string): boolean {
  return rel.includes('://') || rel.startsWith('git::') || rel.startsWith('git@') || /^(?:github\.com|gitlab\.com|bitbucket\.org)\//.test(rel);
}

/** Whether a kustomization builds on a remote base (in `resources`, legacy `bases` or `components`). */
function buildsOnRemoteBase(root: Kustomization): boolean {
  return [root.resources, root.bases, root.components].some((field) => Array.isArray(field) && field.some((entry) => typeof entry === 'string' && isRemoteResource(entry.trim())));
}

function resourcesOf(root: Kustomization): KustomizeResources {
  const out: KustomizeResources = { files: [], folders: [] };
  if (typeof root.namespace === 'string' && root.namespace.trim() !== '') {
    out.namespace = root.namespace.trim();
  }
  for (const field of [root.resources, root.bases, root.components]) {
    for (const entry of Array.isArray(field) ? field : []) {
      const rel = typeof entry === 'string' ? entry.trim() : '';
      if (rel === '' || rel.includes('\n') || isRemoteResource(rel)) {
        continue;
      }
      (manifestFile.test(rel) ? out.files : out.folders).push(rel);
    }
  }
  return out;
}

/** A patch a kustomization applies: where its text is, and what it targets (undefined: any). */
export interface KustomizePatchRef {
  /** File, relative to the kustomization's folder. */
  path?: string;
  /** Inline patch text. */
  inline?: string;
  /** `target.kind` / `target.name`; a name with regex characters is left out (it matches many). */
  kind?: string;
  name?: string;
  /** A `patchesJson6902` entry: kustomize applies it after the kustomization's namePrefix/nameSuffix. */
  json6902?: boolean;
}

/** The objects a kustomization entry applies to, by kind and name (undefined: any). */
export interface KustomizeTarget {
  kind?: string;
  name?: string;
}

/** Whether a target names the object (its kind and its name as written). */
export function targetsObject(target: KustomizeTarget, obj: { kind?: string | undefined; name?: string | undefined }): boolean {
  return (target.kind === undefined || target.kind === obj.kind) && (target.name === undefined || target.name === obj.name);
}

/** An `images:` entry that gives an image a new name or a floating tag and pins neither a fixed tag nor a digest (newName is the name itself when it sets only the tag). */
export interface KustomizeImageRename {
  /** The image name it matches (`images[].name`). */
  name: string;
  newName: string;
  /** Its `newTag` (a rename's floats by the default list: `latest`, `main`; MLK201 judges each with its own list): the renamed image gets it; absent, it keeps its own tag. */
  tag?: string;
}

/**
 * Whether a `newTag` floats by the default list (floating-tags.ts): such a tag pins nothing. The configured list is
 * MLK201's to apply: a floating tag travels with a rename, and a fixed one with a retag, so that the rule can.
 */
const floatingByDefault = floatingTagTest(undefined);

/** What the kustomizations that build a file set on its objects, as the CLI's layout and the editor work it out. */
export interface KustomizeBuild {
  /** They write labels into selectors (`commonLabels`, `includeSelectors`): a base may leave `spec.selector` out. */
  selectors: boolean;
  /** Image names their `images:` pin with a tag or digest: the manifest's own tag never reaches the cluster. */
  images: readonly string[];
  /** Their renames that pin nothing: the image deployed is the new name. */
  renames?: readonly KustomizeImageRename[];
  /** Their `images:` entries among `images` that pin by a newTag the default list takes for fixed: a configured list may float it. */
  retags?: readonly KustomizeImageRename[];
  /** The objects whose `spec.replicas` they set (`replicas:`, a patch, a replacement): the manifest's count is not the one applied. */
  replicas?: readonly KustomizeTarget[];
  /** The objects whose container images their replacements write: the manifest's image is not the one deployed. */
  imagesReplaced?: readonly KustomizeTarget[];
  /** The fields their patches write, per object they target (`spec.template.spec.restartPolicy`; see patchWrittenPaths): the manifest's values there are not the ones applied. */
  patchedFields?: readonly KustomizeReplacedFields[];
}

/** The fields one `replacements` target writes (`spec.selector.app`, `spec.rules.0.http.paths.0.backend.service.name`). */
export interface KustomizeReplacedFields extends KustomizeTarget {
  fieldPaths: string[];
}

/** What a kustomization does to the objects it builds, beyond where they are. */
export interface KustomizeBuildSpec extends KustomizeResources {
  /** ConfigMaps and Secrets its `configMapGenerator` / `secretGenerator` make (names as written). */
  generated: { kind: 'ConfigMap' | 'Secret'; name: string; namespace?: string }[];
  /** Labels it adds to every object's `metadata.labels` (`commonLabels`, `labels[].pairs`). */
  labels: Record<string, string>;
  /** Labels it adds to pod templates (`commonLabels`, `labels[]` with `includeSelectors` or `includeTemplates`). */
  podLabels: Record<string, string>;
  /** Its patches (`patches`, `patchesStrategicMerge`, `patchesJson6902`). */
  patches: KustomizePatchRef[];
  /** Labels it writes into selectors (`commonLabels`, `labels[]` with `includeSelectors`): Service `spec.selector`, `matchLabels`. */
  selectorLabels: Record<string, string>;
  /** Whether it writes any labels into selectors: a base may then leave `spec.selector` out. */
  addsSelectors: boolean;
  /** Image names its `images:` entries pin (a `digest`, or a `newTag` that does not float): the manifests' own tags do not reach the cluster. */
  retaggedImages: string[];
  /** Its `images:` entries that give a new name without pinning: read them with `renamedImages`. */
  imageRenames: KustomizeImageRename[];
  /** Its `images:` entries among `retaggedImages` that pin by newTag alone, with the name deployed: MLK201's configured list may float the tag. */
  imageRetags: KustomizeImageRename[];
  /** Fields its inline `replacements` and its `replicas` entries write, by target (undefined kind or name: any); the values are not read. */
  replacedFields: KustomizeReplacedFields[];
  /** Files its `replacements` entries name by `path:` (relative to its folder, as written; remote ones left out): read them with `replacementFileFields`. */
  replacementPaths: string[];
  /** `namePrefix` / `nameSuffix`: added to the names of the objects it builds (and to the references kustomize rewrites with them). */
  namePrefix?: string;
  nameSuffix?: string;
  /** The Helm charts it renders (`helmCharts:`). */
  helmCharts: KustomizeHelmChart[];
  /** It builds on a remote base (`github.com/org/repo/deploy?ref=v1`, `https://…`, `git::…`): its build holds objects no local file shows. */
  remote?: true;
}

/** A `helmCharts:` entry: the namespace it names, and what its rendered objects' names are made of (release and chart names, `fullnameOverride`, `nameOverride`). */
export interface KustomizeHelmChart {
  namespace?: string;
  names: readonly string[];
}

function stringPairs(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        out[k] = String(v);
      }
    }
  }
  return out;
}

const regexChars = /[\\^$*+?()[\]{}|]/;

function patchTarget(value: unknown): Pick<KustomizePatchRef, 'kind' | 'name'> {
  const t = (value !== null && typeof value === 'object' ? value : {}) as { kind?: unknown; name?: unknown };
  return {
    ...(typeof t.kind === 'string' && !regexChars.test(t.kind) ? { kind: t.kind } : {}),
    ...(typeof t.name === 'string' && !regexChars.test(t.name) ? { name: t.name } : {}),
  };
}

/** A kustomization's resources, generators, labels and patches; undefined for unreadable YAML or anything but a mapping. */
export function kustomizeBuildSpec(text: string): KustomizeBuildSpec | undefined {
  const root = kustomizationRoot(text) as (Kustomization & Record<string, unknown>) | undefined;
  if (!root) {
    return undefined;
  }
  const out: KustomizeBuildSpec = { ...resourcesOf(root), ...(buildsOnRemoteBase(root) ? { remote: true as const } : {}), generated: [], labels: {}, podLabels: {}, selectorLabels: {}, patches: [], addsSelectors: false, retaggedImages: [], imageRenames: [], imageRetags: [], replacedFields: [], replacementPaths: [], helmCharts: helmCharts(root['helmCharts']) };
  for (const field of ['namePrefix', 'nameSuffix'] as const) {
    const value = root[field];
    if (typeof value === 'string' && value.trim() !== '') {
      out[field] = value.trim();
    }
  }
  for (const image of Array.isArray(root['images']) ? root['images'] : []) {
    const { name, newName, newTag, digest } = (image !== null && typeof image === 'object' ? image : {}) as { name?: unknown; newName?: unknown; newTag?: unknown; digest?: unknown };
    const tag = typeof newTag === 'string' || typeof newTag === 'number' ? String(newTag).trim() : '';
    if (typeof name !== 'string' || name.trim() === '') {
      continue;
    }
    const renamed = typeof newName === 'string' ? newName.trim() : '';
    const plainName = renamed !== '' && !renamed.includes('=') && kustomizeImageName(renamed) === renamed;
    const digested = typeof digest === 'string' && digest.trim() !== '';
    if ((tag !== '' && !floatingByDefault(tag)) || digested) {
      out.retaggedImages.push(name.trim());
      if (!digested && (renamed === '' || plainName)) {
        out.imageRetags.push({ name: name.trim(), newName: renamed || name.trim(), tag });
      }
    } else if (plainName) {
      out.imageRenames.push({ name: name.trim(), newName: renamed, ...(tag !== '' ? { tag } : {}) });
    } else if (renamed === '' && tag !== '') {
      // A floating newTag alone: the image keeps its name and is deployed with that tag.
      out.imageRenames.push({ name: name.trim(), newName: name.trim(), tag });
    }
  }
  for (const [field, kind] of [['configMapGenerator', 'ConfigMap'], ['secretGenerator', 'Secret']] as const) {
    const list = root[field];
    for (const g of Array.isArray(list) ? list : []) {
      const { name, namespace } = (g !== null && typeof g === 'object' ? g : {}) as { name?: unknown; namespace?: unknown };
      if (typeof name === 'string' && name.trim() !== '') {
        out.generated.push({ kind, name: name.trim(), ...(typeof namespace === 'string' && namespace.trim() !== '' ? { namespace: namespace.trim() } : {}) });
      }
    }
  }
  const common = stringPairs(root['commonLabels']);
  Object.assign(out.labels, common);
  Object.assign(out.podLabels, common);
  Object.assign(out.selectorLabels, common);
  const labels = root['labels'];
  for (const l of Array.isArray(labels) ? labels : []) {
    const { pairs, includeSelectors, includeTemplates } = (l !== null && typeof l === 'object' ? l : {}) as { pairs?: unknown; includeSelectors?: unknown; includeTemplates?: unknown };
    const p = stringPairs(pairs);
    Object.assign(out.labels, p);
    if (includeSelectors === true || includeTemplates === true) {
      Object.assign(out.podLabels, p);
    }
    if (includeSelectors === true) {
      Object.assign(out.selectorLabels, p);
    }
  }
  out.addsSelectors = Object.keys(out.selectorLabels).length > 0;
  const smp = root.patchesStrategicMerge;
  for (const entry of Array.isArray(smp) ? smp : []) {
    if (typeof entry === 'string' && entry.trim() !== '') {
      out.patches.push(entry.includes('\n') ? { inline: entry } : { path: entry.trim() });
    }
  }
  // `patches` and the older `patchesJson6902` entries: a path or an inline patch, and a target.
  for (const [list, json6902] of [[root.patches, false], [root['patchesJson6902'], true]] as const) {
    for (const entry of Array.isArray(list) ? list : []) {
      // Kustomize v1's `patches:` entries were paths of strategic-merge patch files.
      if (!json6902 && typeof entry === 'string' && !entry.includes('\n') && entry.trim() !== '') {
        out.patches.push({ path: entry.trim() });
        continue;
      }
      const { path, patch, target } = (entry !== null && typeof entry === 'object' ? entry : {}) as { path?: unknown; patch?: unknown; target?: unknown };
      const late = json6902 ? { json6902 } : {};
      if (typeof path === 'string' && path.trim() !== '') {
        out.patches.push({ path: path.trim(), ...patchTarget(target), ...late });
      } else if (typeof patch === 'string' && patch.trim() !== '') {
        out.patches.push({ inline: patch, ...patchTarget(target), ...late });
      }
    }
  }
  out.replacedFields = [...replacedFields(root['replacements']), ...replicaCounts(root['replicas'])];
  for (const entry of Array.isArray(root['replacements']) ? root['replacements'] : []) {
    const path = (entry !== null && typeof entry === 'object' ? entry : {}) as { path?: unknown };
    if (typeof path.path === 'string' && path.path.trim() !== '' && !path.path.includes('://')) {
      out.replacementPaths.push(path.path.trim());
    }
  }
  return out;
}

/** An image reference as kustomize's `images[].name` matches it: without its tag and digest. */
export function kustomizeImageName(image: string): string {
  const at = image.indexOf('@');
  const bare = at >= 0 ? image.slice(0, at) : image;
  const colon = bare.lastIndexOf(':');
  return colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare;
}

/**
 * The references `renames` turn `image` (one without a digest) into, as kustomize's image transformer writes
 * them: the new name, with the new tag or else the image's own. [] when none renames it.
 */
export function renamedImages(image: string, renames: Iterable<KustomizeImageRename>): string[] {
  const name = kustomizeImageName(image);
  const out = new Set<string>();
  for (const rename of renames) {
    if (rename.name === name) {
      out.add(`${rename.newName}${rename.tag !== undefined ? `:${rename.tag}` : image.slice(name.length)}`);
    }
  }
  return [...out].sort();
}

function helmCharts(list: unknown): KustomizeHelmChart[] {
  return (Array.isArray(list) ? list : []).map((entry: unknown) => {
    const chart = (entry !== null && typeof entry === 'object' ? entry : {}) as { releaseName?: unknown; name?: unknown; namespace?: unknown; valuesInline?: unknown };
    const values = (chart.valuesInline !== null && typeof chart.valuesInline === 'object' ? chart.valuesInline : {}) as { fullnameOverride?: unknown; nameOverride?: unknown };
    const names = [chart.releaseName, chart.name, values.fullnameOverride, values.nameOverride].filter((n): n is string => typeof n === 'string' && n !== '');
    return { ...(typeof chart.namespace === 'string' && chart.namespace !== '' ? { namespace: chart.namespace } : {}), names };
  });
}

/** The fields the replacements in a `replacements: [{path: …}]` file write: kustomize reads a list of them or a single one. */
export function replacementFileFields(text: string): KustomizeReplacedFields[] {
  const value = yamlValue(text);
  return replacedFields(Array.isArray(value) ? value : value !== null && typeof value === 'object' ? [value] : []);
}

/** The objects `replicas:` entries (`{name, count}`) set `spec.replicas` of, by name. */
function replicaCounts(list: unknown): KustomizeReplacedFields[] {
  return (Array.isArray(list) ? list : []).flatMap((entry: unknown) => {
    const { name } = (entry !== null && typeof entry === 'object' ? entry : {}) as { name?: unknown };
    return typeof name === 'string' && name.trim() !== '' ? [{ ...patchTarget({ name: name.trim() }), fieldPaths: ['spec.replicas'] }] : [];
  });
}

/** The targets of inline `replacements` entries and the field paths they write (`[a.b]` keys kept whole). */
function replacedFields(list: unknown): KustomizeReplacedFields[] {
  const out: KustomizeReplacedFields[] = [];
  for (const entry of Array.isArray(list) ? list : []) {
    const targets = (entry !== null && typeof entry === 'object' ? entry : {}) as { targets?: unknown };
    for (const t of Array.isArray(targets.targets) ? targets.targets : []) {
      const { select, fieldPaths } = (t !== null && typeof t === 'object' ? t : {}) as { select?: unknown; fieldPaths?: unknown };
      const paths = (Array.isArray(fieldPaths) ? fieldPaths : []).filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim());
      if (paths.length > 0) {
        out.push({ ...patchTarget(select), fieldPaths: paths });
      }
    }
  }
  return out;
}

/** JSON 6902 operation paths that write `spec.replicas` (or the whole `spec`). */
const replicasOperationPath = /^\/spec(?:\/replicas)?$/;

/** Whether one document of a patch (a strategic-merge object, or a list of JSON 6902 operations) sets `spec.replicas`. */
export function patchSetsReplicas(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some((op: unknown) => op !== null && typeof op === 'object' && typeof (op as { path?: unknown }).path === 'string' && replicasOperationPath.test((op as { path: string }).path));
  }
  const spec = value !== null && typeof value === 'object' ? (value as { spec?: unknown }).spec : undefined;
  return spec !== null && typeof spec === 'object' && (spec as { replicas?: unknown }).replicas !== undefined;
}
