import { imageRepository, isNimRepository, isServingContainer } from '../../kubernetes/gpu';
import { isBatch } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { YAMLMap } from 'yaml';
import type { RuleFinding, TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';

/**
 * Servers whose readiness endpoint is not `/health`, with their default port (the probe takes a declared port first):
 * Ollama answers on `/` ("Ollama is running"); Triton and MLServer on the KServe v2 path; TorchServe `/ping`; BentoML
 * and LocalAI `/readyz`; ComfyUI `/system_stats`; LiteLLM `/health/readiness`; AUTOMATIC1111's web UI `/internal/ping`.
 */
const readinessEndpoints: readonly { repository: RegExp; path: string; port: string }[] = [
  { repository: /(?:^|\/)ollama$/, path: '/', port: '11434' },
  { repository: /tritonserver/, path: '/v2/health/ready', port: '8000' },
  { repository: /(?:^|\/)mlserver$/, path: '/v2/health/ready', port: '8080' },
  { repository: /(?:^|\/)torchserve$/, path: '/ping', port: '8080' },
  { repository: /(?:^|\/)bentoml(?:\/|$)|(?:^|\/)bento-server$/, path: '/readyz', port: '3000' },
  { repository: /(?:^|\/)local-?ai$/, path: '/readyz', port: '8080' },
  { repository: /comfyui/, path: '/system_stats', port: '8188' },
  { repository: /(?:^|\/)litellm(?:-database)?$/, path: '/health/readiness', port: '4000' },
  { repository: /stable-diffusion-webui|automatic1111/, path: '/internal/ping', port: '7860' },
];

/** The image's readiness endpoint and default port: NIM's `/v1/health/ready`, those above, else `/health` (vLLM, TGI, TEI, SGLang, llama.cpp). */
function readinessEndpoint(image: string): { path: string; port: string } {
  if (isNimRepository(image)) {
    return { path: '/v1/health/ready', port: '8000' };
  }
  const known = readinessEndpoints.find((e) => e.repository.test(image));
  return known ?? { path: '/health', port: /text-generation-inference/.test(image) ? '80' : '8000' };
}

function readinessProbeEdit(view: YamlView, container: YAMLMap, path: string, defaultPort: string): TextEdit | undefined {
  const declared = view.str(view.get(view.list(view.get(container, 'ports'))[0], 'containerPort'));
  return insertIntoMap(view, container, `readinessProbe:\n  httpGet:\n    path: ${path}\n    port: ${declared ?? defaultPort}\n  periodSeconds: 10`);
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
      const { path, port } = readinessEndpoint(image);
      const edit = wantsFixes(ctx) ? readinessProbeEdit(view, c.node, path, port) : undefined;
      out.push(finding(c.anchor, `${containerLabel(c)} serves a model but has no readinessProbe, so traffic reaches pods still loading weights; add an HTTP readiness probe on ${path}.`, edit ? { title: `Add a readinessProbe on ${path}`, edits: [edit] } : undefined));
    }
    return out;
  },
};
