import type { YamlFile } from '../yaml/parse';

/**
 * What the cross-file pass reads: files by kind, and a read-only view of the workspace on disk. A
 * `kustomization` is a kustomization file with no apiVersion and kind (most are): read by the rules that
 * read kustomizations (through `yamlFiles`), never an object of the cluster's.
 */
export type WorkspaceFileKind = 'dockerfile' | 'kubernetes' | 'compose' | 'kustomization';

export interface WorkspaceFile {
  /** `/`-separated path relative to the workspace root. */
  path: string;
  kind: WorkspaceFileKind;
  text: string;
  /** `text` already parsed with parseYaml (YAML files), so the file is parsed once per run. */
  parsed?: YamlFile;
  /**
   * The namespaces kustomizations put this file's objects in (over their own), one per build that
   * includes it (an overlay per environment over a shared base); `undefined` for a build that keeps
   * their own. Unset: their own.
   */
  namespaces?: readonly (string | undefined)[];
}

/** Read-only file-system view rooted at the workspace; paths are `/`-separated and relative to it ('' is the root). */
export interface WorkspaceFs {
  stat(path: string): 'file' | 'dir' | undefined;
  /** Entry names of a directory; [] when it is missing or unreadable. */
  list(dir: string): string[];
  /** Text of a small file (ignore files, referenced Dockerfiles); undefined when missing or unreadable. */
  read(path: string): string | undefined;
}
