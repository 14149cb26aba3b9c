import type { Node } from 'yaml';
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';

/**
 * CodeFlare's AppWrapper (project-codeflare/appwrapper, the kind Kueue and OpenShift AI queue as one workload): whole
 * objects in `spec.components[].template`, which its controller creates as they are written, adding labels (and
 * Kueue's node selectors and tolerations) to their pod templates. Its CRD has only ever served v1beta2; MCAD's
 * `workload.codeflare.dev/v1beta1` AppWrapper is another controller's, with another layout (`resources.GenericItems`).
 */
export function isAppWrapper(apiVersion: string | undefined, kind: string | undefined): boolean {
  return kind === 'AppWrapper' && apiVersion === 'workload.codeflare.dev/v1beta2';
}

function valueOf(map: unknown, key: string): Node | undefined {
  if (!(map instanceof YAMLMap)) {
    return undefined;
  }
  const pair = map.items.find((p) => p instanceof Pair && p.key instanceof Scalar && p.key.value === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

/** An object an AppWrapper wraps: its `template` mapping and the component's index in `spec.components`. */
export interface WrappedTemplate {
  template: YAMLMap;
  index: number;
}

/** The component templates of an AppWrapper's root mapping that are mappings (call only for an AppWrapper: isAppWrapper). */
export function appWrapperTemplates(root: unknown): WrappedTemplate[] {
  const components = valueOf(valueOf(root, 'spec'), 'components');
  if (!(components instanceof YAMLSeq)) {
    return [];
  }
  const out: WrappedTemplate[] = [];
  components.items.forEach((component, index) => {
    const template = valueOf(component, 'template');
    if (template instanceof YAMLMap) {
      out.push({ template, index });
    }
  });
  return out;
}
