import { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import type { KubeObject } from './model';
import { kubeObject } from './model';
import { markDraGpus } from './dra';

const objectOf = Symbol('kubeObject');

/**
 * The object is kept on its document, not in a WeakMap keyed by documents: with such a WeakMap every
 * file's parse tree outlived the young generation's collections and was copied into the old one
 * (`mlc lint` on the bench corpus: half of all promoted bytes).
 */
type DocumentWithObject = YamlDocument & { [objectOf]?: KubeObject | null };

/**
 * The Kubernetes object of a parsed document, built once per document: the per-file rules and the
 * cross-file pass read the same one (callers must not modify it). Undefined for a document that is
 * not a mapping with a position to report at.
 */
export function documentObject(file: YamlFile, document: YamlDocument): KubeObject | undefined {
  const kept = document as DocumentWithObject;
  let obj = kept[objectOf];
  if (obj === undefined) {
    obj = kubeObject(new YamlView(file, document)) ?? null;
    if (obj) {
      markDraGpus(file, obj);
    }
    kept[objectOf] = obj;
  }
  return obj ?? undefined;
}
