import { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import type { KubeObject } from './model';
import { kubeObject } from './model';

const objects = new WeakMap<YamlDocument, KubeObject | null>();

/**
 * The Kubernetes object of a parsed document, built once per document: the per-file rules and the
 * cross-file pass read the same one (callers must not modify it). Undefined for a document that is
 * not a mapping with a position to report at.
 */
export function documentObject(file: YamlFile, document: YamlDocument): KubeObject | undefined {
  let obj = objects.get(document);
  if (obj === undefined) {
    obj = kubeObject(new YamlView(file, document)) ?? null;
    objects.set(document, obj);
  }
  return obj ?? undefined;
}
