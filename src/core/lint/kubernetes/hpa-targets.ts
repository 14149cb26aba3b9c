import type { YamlFile } from '../yaml/parse';
import { documentObject } from './document-object';
import { objectDocuments } from './list-items';
import type { KubeObject } from './model';

/** The key of an object an HPA scales: its namespace as written ('' when unset), kind and name. */
export function hpaTargetKey(namespace: string | undefined, kind: string, name: string): string {
  return `${namespace ?? ''}\0${kind}\0${name}`;
}

/**
 * The objects the HorizontalPodAutoscalers of a file scale (their `scaleTargetRef`, in the HPA's
 * namespace or `namespace` when a kustomization moves the file's objects there). A file that never
 * names the kind is not walked.
 */
export function hpaTargetsOf(file: YamlFile, namespace?: string): string[] {
  if (!file.text.includes('HorizontalPodAutoscaler')) {
    return [];
  }
  const out: string[] = [];
  for (const document of objectDocuments(file)) {
    const hpa = document.skipped === undefined ? documentObject(file, document) : undefined;
    if (hpa?.kind !== 'HorizontalPodAutoscaler') {
      continue;
    }
    const target = hpa.view.get(hpa.view.get(hpa.root, 'spec'), 'scaleTargetRef');
    const kind = hpa.view.text(target, 'kind');
    const name = hpa.view.text(target, 'name');
    if (kind !== undefined && name !== undefined) {
      out.push(hpaTargetKey(namespace ?? hpa.namespace, kind, name));
    }
  }
  return out;
}

/** Whether an HPA (in this file, or in another one the caller read) scales the object. */
export function scaledByHpa(targets: ReadonlySet<string>, obj: KubeObject): boolean {
  return obj.kind !== undefined && obj.name !== undefined && targets.has(hpaTargetKey(obj.namespace, obj.kind, obj.name));
}
