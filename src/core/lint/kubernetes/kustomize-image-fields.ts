import type { KustomizeTarget } from './kustomize';
import { targetsObject } from './kustomize';

/**
 * A field path that writes a container's image, or the containers holding it: `spec.template.spec.containers.*.image`,
 * `…containers.[name=app].image`, `…initContainers.0.image`, `…containers` (CronJobs' `spec.jobTemplate.…` too).
 */
const imagePath = /(?:^|\.)(?:containers|initContainers)(?:\.(?:\[[^\]]*\]|[^.[\]]+)(?:\.image)?)?$/;

/** Whether a replacement writes a container image of the objects it selects: the manifest's own image is not the one applied. */
export function setsContainerImage(p: { replaced: readonly string[] }): boolean {
  return p.replaced.some((f) => imagePath.test(f));
}

/** What the builds over a file replace besides what KustomizeBuild carries: the objects whose container images a replacement writes. */
export interface KustomizeImageReplacements {
  imagesReplaced?: readonly KustomizeTarget[];
}

/** Whether a replacement of the builds over the file writes the object's container images (matched as targetsObject does). */
export function imageReplaced(replaced: readonly KustomizeTarget[] | undefined, obj: { kind?: string | undefined; name?: string | undefined }): boolean {
  return replaced?.some((t) => targetsObject(t, obj)) === true;
}
