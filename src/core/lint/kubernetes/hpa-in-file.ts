import { documentObject } from './document-object';
import { objectDocuments } from './list-items';
import type { KubeObject } from './model';
import type { KubernetesContext } from './rule';

/** A HorizontalPodAutoscaler in the same file scales the object (its scaleTargetRef names the object's kind and name, in its namespace). */
export function targetedByHpaInFile(ctx: KubernetesContext, obj: KubeObject): boolean {
  if (obj.kind === undefined || obj.name === undefined) {
    return false;
  }
  return objectDocuments(ctx.file).some((document) => {
    if (document === ctx.document || document.skipped !== undefined) {
      return false;
    }
    const hpa = documentObject(ctx.file, document);
    if (hpa?.kind !== 'HorizontalPodAutoscaler' || (hpa.namespace ?? '') !== (obj.namespace ?? '')) {
      return false;
    }
    const target = hpa.view.get(hpa.view.get(hpa.root, 'spec'), 'scaleTargetRef');
    return hpa.view.text(target, 'kind') === obj.kind && hpa.view.text(target, 'name') === obj.name;
  });
}
