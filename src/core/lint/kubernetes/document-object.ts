import { YamlView } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import type { KubeObject } from './model';
import { kubeObject } from './model';
import { markDraGpus } from './dra';

const objectOf = Symbol('kubeObject');
const wrapperOf = Symbol('wrapper');

/**
 * The object is kept on its document, not in a WeakMap keyed by documents: with such a WeakMap every
 * file's parse tree outlived the young generation's collections and was copied into the old one
 * (`mlc lint` on the bench corpus: half of all promoted bytes).
 */
type DocumentWithObject = YamlDocument & { [objectOf]?: KubeObject | null; [wrapperOf]?: YamlDocument };

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
      const wrapper = kept[wrapperOf];
      const appWrapper = wrapper ? documentObject(file, wrapper) : undefined;
      if (appWrapper) {
        wrappedBy(obj, appWrapper);
      }
    }
    kept[objectOf] = obj;
  }
  return obj ?? undefined;
}

/** Marks `item` as the document of one of the components of the AppWrapper whose document is `wrapper` (see objectDocuments). */
export function markWrapped(item: YamlDocument, wrapper: YamlDocument): void {
  (item as DocumentWithObject)[wrapperOf] = wrapper;
}

/** Links a component to its AppWrapper, whose controller creates it in the AppWrapper's namespace. */
function wrappedBy(obj: KubeObject, appWrapper: KubeObject): void {
  obj.appWrapper = appWrapper;
  if (obj.namespace === undefined && appWrapper.namespace !== undefined) {
    obj.namespace = appWrapper.namespace;
  }
}
