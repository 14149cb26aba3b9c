import type { Node } from 'yaml';
import { documentObject } from '../../kubernetes/document-object';
import { commandWords, imageRepository } from '../../kubernetes/gpu';
import { objectDocuments } from '../../kubernetes/list-items';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { namesImage } from '../../single-process-servers';
import type { YamlView } from '../../yaml/access';
import { labelMap, stringMap } from './selectors';

/** `mlflow` as a whole word of a name (`mlflow`, `mlflow-tracking`, `team_mlflow`), not inside another word. */
function namesMlflow(text: string | undefined): boolean {
  return text !== undefined && namesImage(text, 'mlflow');
}

/** The Service's name, labels or selector name MLflow. */
function serviceNamesMlflow(view: YamlView, service: KubeObject): boolean {
  if (namesMlflow(service.name)) {
    return true;
  }
  const values = [...labelMap(view, view.get(service.root, 'metadata')).values(), ...selectorOf(view, service).values()];
  return values.some(namesMlflow);
}

/** A Service's selector: a plain map of labels. */
function selectorOf(view: YamlView, service: KubeObject): Map<string, string> {
  return stringMap(view, view.get(view.get(service.root, 'spec'), 'selector'));
}

/** The container runs MLflow: an MLflow image, or the `mlflow` program (`mlflow server`, `python -m mlflow server`). */
function runsMlflow(view: YamlView, container: Node): boolean {
  if (namesMlflow(imageRepository(view.text(container, 'image') ?? ''))) {
    return true;
  }
  return commandWords(view, container).some((w) => w.slice(w.lastIndexOf('/') + 1) === 'mlflow');
}

/** The pod's labels: its template's, or a bare Pod's own. */
function podLabels(obj: KubeObject, pod: PodSpecRef): Map<string, string> {
  return labelMap(obj.view, pod.templateMetadata ?? (obj.kind === 'Pod' ? obj.view.get(obj.root, 'metadata') : undefined));
}

/** A pod of the same file and namespace that the Service selects runs MLflow. */
function selectsMlflowPod(ctx: KubernetesContext, service: KubeObject): boolean {
  const selector = selectorOf(service.view, service);
  if (selector.size === 0) {
    return false;
  }
  for (const document of objectDocuments(ctx.file)) {
    const obj = document === ctx.document || document.skipped !== undefined ? undefined : documentObject(ctx.file, document);
    if (!obj || obj.podSpecs.length === 0 || obj.namespace !== service.namespace) {
      continue;
    }
    for (const pod of obj.podSpecs) {
      const labels = podLabels(obj, pod);
      if ([...selector].every(([k, v]) => labels.get(k) === v) && pod.containers.some((c) => c.kind === 'containers' && runsMlflow(obj.view, c.node))) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Whether port 5000 of a Service is MLflow's: Flask, the Docker registry and many other servers listen there too, so
 * the number alone says nothing. The Service's own name, labels or selector, or the pods it selects in the same file,
 * must name MLflow.
 */
export function servesMlflow(ctx: KubernetesContext, service: KubeObject): boolean {
  return serviceNamesMlflow(service.view, service) || selectsMlflowPod(ctx, service);
}
