import { imageRepository, isServingContainer, localAiRepository } from '../../kubernetes/gpu';
import { isBatch } from '../../kubernetes/model';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { YAMLMap } from 'yaml';
import type { RuleFinding, TextEdit } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, finding, insertIntoMap, wantsFixes } from './helpers';
import type { ReadinessEndpoint } from './readiness-endpoints';
import { ollamaRepository, probePort, readinessEndpoint } from './readiness-endpoints';
import { alwaysSucceedingCommand, probeCanFail } from './probe-always-succeeds';

function readinessProbeEdit(view: YamlView, container: YAMLMap, endpoint: ReadinessEndpoint): TextEdit | undefined {
  if (endpoint.tcp) {
    return insertIntoMap(view, container, `readinessProbe:\n  tcpSocket:\n    port: ${probePort(view, container, endpoint)}\n  periodSeconds: 10`);
  }
  if (endpoint.grpc) {
    return insertIntoMap(view, container, `readinessProbe:\n  grpc:\n    port: ${probePort(view, container, endpoint)}\n  periodSeconds: 10`);
  }
  return insertIntoMap(view, container, `readinessProbe:\n  httpGet:\n    path: ${endpoint.path}\n    port: ${probePort(view, container, endpoint)}\n  periodSeconds: 10`);
}

/** What to probe: an HTTP path, or (JetStream's gRPC engine) a TCP port the server opens once its weights are loaded. */
function probeAdvice(view: YamlView, container: YAMLMap, endpoint: ReadinessEndpoint, verb: string): string {
  if (endpoint.grpc) {
    return `${verb} a gRPC readiness probe on port ${probePort(view, container, endpoint)} (TEI's gRPC image serves no HTTP; it answers the standard gRPC health service once the model is loaded)`;
  }
  if (!endpoint.tcp) {
    return `${verb} an HTTP readiness probe on ${endpoint.path}`;
  }
  const port = probePort(view, container, endpoint);
  const sidecar = endpoint.sidecar ? `, or an HTTP one on the jetstream-http sidecar's ${endpoint.sidecar.path} (port ${endpoint.sidecar.port})` : '';
  return `${verb} a TCP readiness probe on port ${port}, which JetStream's gRPC server opens only once the weights are loaded (it serves no standard gRPC health service for a grpc probe)${sidecar}`;
}

/**
 * What traffic meets without a probe. Ollama loads a model only at the first request for it: its probe waits for the
 * server, not for weights. LocalAI installs the models it preloads before it listens, and loads the rest on demand.
 */
function withoutProbe(image: string): string {
  if (ollamaRepository.test(image)) {
    return "so the Service sends it requests before Ollama's server answers, and goes on sending them if it hangs (Ollama loads a model only at the first request for it, so no probe can wait for the weights)";
  }
  if (localAiRepository.test(image)) {
    return "so the Service sends it requests before LocalAI's server answers (it listens only once the models it preloads are installed, and loads the others at the first request for them)";
  }
  return 'so traffic reaches pods still loading weights';
}

/**
 * KubeRay (1.1 and later) gives the Ray container (the first) of every head and worker pod it makes a readiness probe on
 * the raylet's and, for a RayService, the Serve proxy's health when the container sets none: also in the RayClusters
 * an AIBrix RayClusterFleet makes.
 */
function kubeRayProbesIt(obj: KubeObject, pod: PodSpecRef, c: ContainerRef): boolean {
  const group = apiGroupOf(obj.apiVersion);
  const kubeRay = group === 'ray.io' || (group === 'orchestration.aibrix.ai' && obj.kind === 'RayClusterFleet');
  return kubeRay && pod.containers.find((k) => k.kind === 'containers') === c;
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
    description: 'A GPU serving container has no readinessProbe (or one that always succeeds) and no startupProbe that holds it out of traffic.',
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
      // A LeaderWorkerSet's workers (llmaz Services make one), and a serving runtime's multi-node workers, join the leader's engine (Ray, multi-node vLLM); requests go to the leader.
      const worker = ((obj.kind === 'LeaderWorkerSet' || obj.kind === 'ServingRuntime' || obj.kind === 'ClusterServingRuntime' || (obj.kind === 'Service' && apiGroupOf(obj.apiVersion) === 'inference.llmaz.io')) && pod.role === 'worker') ||
        // An OME component's multi-node workers (`engine worker`, `decoder worker`).
        (apiGroupOf(obj.apiVersion) === 'ome.io' && pod.role?.endsWith(' worker') === true);
      const readiness = view.get(c.node, 'readinessProbe');
      // A startupProbe keeps the container not Ready until it succeeds; one that always succeeds holds nothing back.
      if (worker || probeCanFail(view, c.node, 'readinessProbe') || probeCanFail(view, c.node, 'startupProbe') || (!readiness && kubeRayProbesIt(obj, pod, c)) || !isServingContainer(obj, c, ctx.cluster)) {
        continue;
      }
      const image = imageRepository(view.text(c.node, 'image') ?? '');
      const endpoint = readinessEndpoint(obj, pod, c.node, image);
      const noop = alwaysSucceedingCommand(view, readiness);
      if (noop !== undefined) {
        out.push(finding(view.keyRange(c.node, 'readinessProbe') ?? c.anchor, `${containerLabel(c)} serves a model but its readinessProbe always succeeds (exec "${noop}"), ${withoutProbe(image)}; ${probeAdvice(view, c.node, endpoint, 'replace it with')}.`));
        continue;
      }
      const edit = wantsFixes(ctx) ? readinessProbeEdit(view, c.node, endpoint) : undefined;
      const title = endpoint.tcp || endpoint.grpc ? `Add a ${endpoint.tcp ? 'TCP' : 'gRPC'} readinessProbe on port ${probePort(view, c.node, endpoint)}` : `Add a readinessProbe on ${endpoint.path}`;
      out.push(finding(c.anchor, `${containerLabel(c)} serves a model but has no readinessProbe, ${withoutProbe(image)}; ${probeAdvice(view, c.node, endpoint, 'add')}.`, edit ? { title, edits: [edit] } : undefined));
    }
    return out;
  },
};
