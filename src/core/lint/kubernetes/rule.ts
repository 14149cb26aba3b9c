import type { LintSettings } from '../rule';
import type { Fix, Range, RuleFinding, RuleMeta } from '../types';
import type { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
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
}

export interface KubernetesRule {
  meta: RuleMeta;
  check(ctx: KubernetesContext): RuleFinding[];
}

export function finding(range: Range, message: string, fix?: Fix): RuleFinding {
  return fix ? { range, message, fix } : { range, message };
}
