import { imageRepository, isNimRepository, isServingContainer } from '../../kubernetes/gpu';
import { isBatch } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { YAMLMap } from 'yaml';
import type { RuleFinding, TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';

const isOllama = (image: string): boolean => /(?:^|\/)ollama$/.test(image);

/**
 * The image's readiness endpoint: Triton's KServe v2 path; NIM's `/v1/health/ready`; Ollama answers on `/`
 * ("Ollama is running") and has no /health.
 */
function healthPath(image: string): string {
  if (isNimRepository(image)) {
    return '/v1/health/ready';
  }
  return /tritonserver/.test(image) ? '/v2/health/ready' : isOllama(image) ? '/' : '/health';
}

function readinessProbeEdit(view: YamlView, container: YAMLMap, image: string, path: string): TextEdit | undefined {
  const declared = view.str(view.get(view.list(view.get(container, 'ports'))[0], 'containerPort'));
  const port = declared ?? (/text-generation-inference/.test(image) ? '80' : isOllama(image) ? '11434' : '8000');
  return insertIntoMap(view, container, `readinessProbe:\n  httpGet:\n    path: ${path}\n    port: ${port}\n  periodSeconds: 10`);
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK415',
    name: 'gpu-inference-without-readiness',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    supersedes: ['MLK311'],
    equivalents: { kubeScore: ['pod-probes'], polaris: ['readinessProbeMissing'] },
    description: 'A GPU serving container has no readinessProbe.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    // Knative gives a container without a readinessProbe a TCP one on its port, and its queue-proxy holds requests until it passes.
    if (!obj || isBatch(obj.workload) || apiGroupOf(obj.apiVersion) === 'serving.knative.dev') {
      return out;
    }
    // A multi-model (ModelMesh) runtime's pods take traffic through ModelMesh's own container, which reports their readiness.
    if ((obj.kind === 'ServingRuntime' || obj.kind === 'ClusterServingRuntime') && obj.view.bool(obj.view.get(obj.root, 'spec'), 'multiModel') === true) {
      return out;
    }
    for (const { pod, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      // A LeaderWorkerSet's workers, and a serving runtime's multi-node workers, join the leader's engine (Ray, multi-node vLLM); requests go to the leader.
      const worker = (obj.kind === 'LeaderWorkerSet' || obj.kind === 'ServingRuntime' || obj.kind === 'ClusterServingRuntime') && pod.role === 'worker';
      if (worker || view.get(c.node, 'readinessProbe') !== undefined || !isServingContainer(obj, c, ctx.cluster)) {
        continue;
      }
      const image = imageRepository(view.text(c.node, 'image') ?? '');
      const path = healthPath(image);
      const edit = wantsFixes(ctx) ? readinessProbeEdit(view, c.node, image, path) : undefined;
      out.push(finding(c.anchor, `${containerLabel(c)} serves a model but has no readinessProbe, so traffic reaches pods still loading weights; add an HTTP readiness probe on ${path}.`, edit ? { title: `Add a readinessProbe on ${path}`, edits: [edit] } : undefined));
    }
    return out;
  },
};
