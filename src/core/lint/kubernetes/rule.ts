import type { KueueObjects } from './kueue';
import type { SchemaStore } from '../../schemas/store';
import type { LintSettings } from '../rule';
import type { Fix, Range, RuleFinding, RuleMeta } from '../types';
import type { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import type { KustomizeImageRename, KustomizeReplacedFields, KustomizeTarget } from './kustomize';
import type { KubeObject } from './model';
import type { ClusterProfile } from './settings';

/** What a Kubernetes rule sees: one document of a manifest file (rules run once per document). */
export interface KubernetesContext {
  file: YamlFile;
  document: YamlDocument;
  view: YamlView;
  /** The object, when the document is a mapping that was analysed (not skipped). */
  object?: KubeObject;
  settings: LintSettings;
  cluster: ClusterProfile;
  /** The bundled schemas, when the caller loaded them (schema rules such as MLK002 are silent without). */
  schemas?: ManifestSchemas;
  /** False when the caller shows no quick fixes (the CLI): rules may skip building them. Unset means wanted. */
  fixes?: boolean;
  /** The file's `/`-separated path (relative to the config root), when known: its name may say it is a template. */
  path?: string;
  /** The document is a Kustomize patch (a patch file, or `$patch: delete`): only fields it changes are there. */
  patch?: boolean;
  /**
   * What the kustomizations that build the file set on its objects (see KustomizeBuild): labels written into
   * selectors, the image names their `images:` pin (and those pinned by a newTag alone, which a configured floating
   * list may float), the renames that pin nothing (read them with `renamedImages`), the objects whose `spec.replicas`
   * they set (match them with `targetsObject`), those whose container images their replacements write
   * (`imageReplaced`), and the fields their patches write, per object (`podFieldPatched`).
   */
  kustomizeBuild?: { selectors: boolean; images: ReadonlySet<string>; renames: readonly KustomizeImageRename[]; retags?: readonly KustomizeImageRename[]; replicas: readonly KustomizeTarget[]; imagesReplaced?: readonly KustomizeTarget[]; patchedFields?: readonly KustomizeReplacedFields[] };
  /** Whether a HorizontalPodAutoscaler scales the object: one in this file, or in another the caller read. */
  scaledByHpa(obj: KubeObject): boolean;
  /** Objects of other files that request accelerators (gpuWorkloadKeysOf), for the HPAs of this one that scale them. */
  gpuWorkloads?: ReadonlySet<string>;
  /** Kueue's flavors and queues in this file and those the caller read: the tolerations Kueue gives the pods it admits. */
  kueue?: KueueObjects;
  /** KServe ServingRuntimes of the other files the caller read whose containers mount a memory-backed /dev/shm (MLK405). */
  shmRuntimes?: ReadonlySet<string>;
}

/** The bundled schemas and the Kubernetes minor to validate against (e.g. "1.34"). */
export interface ManifestSchemas {
  store: SchemaStore;
  version: string;
}

export interface KubernetesRule {
  meta: RuleMeta;
  check(ctx: KubernetesContext): RuleFinding[];
}

export function finding(range: Range, message: string, fix?: Fix): RuleFinding {
  return fix ? { range, message, fix } : { range, message };
}
