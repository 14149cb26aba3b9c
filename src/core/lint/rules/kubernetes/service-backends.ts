import type { Node } from 'yaml';
import { documentObject } from '../../kubernetes/document-object';
import { objectDocuments } from '../../kubernetes/list-items';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import type { YamlView } from '../../yaml/access';
import { labelMap, stringMap } from './selectors';

/** A Service's selector: a plain map of labels. */
export function selectorOf(view: YamlView, service: KubeObject): Map<string, string> {
  return stringMap(view, view.get(view.get(service.root, 'spec'), 'selector'));
}

/** The Service's name, labels or selector values, each a text that may name the program behind it. */
export function serviceNameTexts(view: YamlView, service: KubeObject): string[] {
  const texts = [...labelMap(view, view.get(service.root, 'metadata')).values(), ...selectorOf(view, service).values()];
  return service.name !== undefined ? [service.name, ...texts] : texts;
}

/** The pod's labels: its template's, or a bare Pod's own. */
function podLabels(obj: KubeObject, pod: PodSpecRef): Map<string, string> {
  return labelMap(obj.view, pod.templateMetadata ?? (obj.kind === 'Pod' ? obj.view.get(obj.root, 'metadata') : undefined));
}

/**
 * The app containers (not init containers) of the pods of the same file and namespace that the Service selects, each
 * with its object's view; none for a Service without a selector.
 */
export function selectedContainers(ctx: KubernetesContext, service: KubeObject): { view: YamlView; node: Node }[] {
  const selector = selectorOf(service.view, service);
  const out: { view: YamlView; node: Node }[] = [];
  if (selector.size === 0) {
    return out;
  }
  for (const document of objectDocuments(ctx.file)) {
    const obj = document === ctx.document || document.skipped !== undefined ? undefined : documentObject(ctx.file, document);
    if (!obj || obj.podSpecs.length === 0 || obj.namespace !== service.namespace) {
      continue;
    }
    for (const pod of obj.podSpecs) {
      const labels = podLabels(obj, pod);
      if ([...selector].every(([k, v]) => labels.get(k) === v)) {
        out.push(...pod.containers.filter((c) => c.kind === 'containers').map((c) => ({ view: obj.view, node: c.node })));
      }
    }
  }
  return out;
}
