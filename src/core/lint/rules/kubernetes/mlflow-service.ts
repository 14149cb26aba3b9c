import type { Node } from 'yaml';
import { commandWords, imageRepository } from '../../kubernetes/gpu';
import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { namesImage } from '../../single-process-servers';
import type { YamlView } from '../../yaml/access';
import { selectedContainers, serviceNameTexts } from './service-backends';
import { afterLastSlash } from '../../after-last-slash';

/** `mlflow` as a whole word of a name (`mlflow`, `mlflow-tracking`, `team_mlflow`), not inside another word. */
function namesMlflow(text: string): boolean {
  return namesImage(text, 'mlflow');
}

/** The container runs MLflow: an MLflow image, or the `mlflow` program (`mlflow server`, `python -m mlflow server`). */
function runsMlflow(view: YamlView, container: Node): boolean {
  if (namesMlflow(imageRepository(view.text(container, 'image') ?? ''))) {
    return true;
  }
  return commandWords(view, container).some((w) => afterLastSlash(w) === 'mlflow');
}

/**
 * Whether port 5000 of a Service is MLflow's: Flask, the Docker registry and many other servers listen there too, so
 * the number alone says nothing. The Service's own name, labels or selector, or the pods it selects in the same file,
 * must name MLflow.
 */
export function servesMlflow(ctx: KubernetesContext, service: KubeObject): boolean {
  return serviceNameTexts(service.view, service).some(namesMlflow) || selectedContainers(ctx, service).some((c) => runsMlflow(c.view, c.node));
}
