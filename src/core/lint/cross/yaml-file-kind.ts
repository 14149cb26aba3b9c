import { kustomizationFileNames } from '../kubernetes/kustomize';
import { classifyYaml, isYamlFileName } from '../yaml/classify';
import type { WorkspaceFileKind } from './types';

/** Whether the cross-file pass reads a file of this name as YAML: `*.yaml`, `*.yml`, or `Kustomization`. */
export function isCrossYamlFileName(name: string): boolean {
  return isYamlFileName(name) || kustomizationFileNames.includes(name);
}

/**
 * What the cross-file pass reads a YAML file as: a manifest or Compose file by content, else a kustomization file
 * (`kustomization.yaml` without apiVersion and kind, or any `Kustomization`) as a `kustomization`, read by the rules
 * that read kustomizations and no object; undefined when it reads none of them.
 */
export function crossYamlKind(name: string, text: string): Exclude<WorkspaceFileKind, 'dockerfile'> | undefined {
  const kustomization = kustomizationFileNames.includes(name);
  const kind = kustomization && !isYamlFileName(name) ? 'other' : classifyYaml(text, name);
  return kind !== 'other' ? kind : kustomization ? 'kustomization' : undefined;
}
