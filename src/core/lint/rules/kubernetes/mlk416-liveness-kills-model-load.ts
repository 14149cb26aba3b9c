import type { Node } from 'yaml';
import { imageRepository, isServingContainer, localAiRepository } from '../../kubernetes/gpu';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { appContainers, containerLabel, containers, finding } from './helpers';
import { localAiLoadsModelsAtStart } from './localai-startup';
import { ollamaProbeNeedsNoModel } from './ollama-startup';
import { alwaysSucceedingCommand, probeCanFail } from './probe-always-succeeds';
import { namesOnlySmallModels } from './small-model';
import { isVectorDatabase } from './vector-databases';

/**
 * A TCP, HTTP or gRPC liveness check on a port the server opens at start (Milvus's chart probes its metrics port): a
 * vector database answers it while segments and indexes load, so the model-load budget does not apply to it. An exec
 * probe may wait on the load, so it is still checked. Reporting path only.
 */
function probedOnPort(view: YamlView, probe: Node): boolean {
  return view.get(probe, 'exec') === undefined && (view.get(probe, 'tcpSocket') !== undefined || view.get(probe, 'httpGet') !== undefined || view.get(probe, 'grpc') !== undefined);
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK416',
    name: 'liveness-kills-model-load',
    family: 'ml',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: true,
    equivalents: {},
    description: 'A GPU serving container has a livenessProbe that can fail, no startupProbe that can, and a liveness budget below the model-load time.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const budget = ctx.cluster.modelLoadBudgetSeconds;
    // A multi-model runtime (ModelMesh) starts with no model: models load later through its adapter, live all the while.
    const o = ctx.object;
    if (o && (o.kind === 'ServingRuntime' || o.kind === 'ClusterServingRuntime') && o.view.bool(o.view.get(o.root, 'spec'), 'multiModel') === true) {
      return out;
    }
    for (const { obj, c } of containers(ctx, appContainers)) {
      const view = obj.view;
      const probe = view.get(c.node, 'livenessProbe');
      // A liveness probe that always succeeds kills nothing; a startupProbe that always succeeds holds it off for no time.
      const startup = view.get(c.node, 'startupProbe');
      if (!probe || alwaysSucceedingCommand(view, probe) !== undefined || probeCanFail(view, c.node, 'startupProbe') || !isServingContainer(obj, c, ctx.cluster)) {
        continue;
      }
      const num = (key: string, fallback: number): number => {
        const v = view.scalar(view.get(probe, key))?.value;
        return typeof v === 'number' ? v : fallback;
      };
      const window = num('initialDelaySeconds', 0) + num('failureThreshold', 3) * num('periodSeconds', 10);
      const range = view.keyRange(c.node, 'livenessProbe');
      if (window < budget && range) {
        const image = view.text(c.node, 'image') ?? '';
        const repo = imageRepository(image);
        // LocalAI's server answers its liveness path at once unless it has models to install or load first.
        if (localAiRepository.test(repo) && !localAiLoadsModelsAtStart(view, c.node, image)) {
          continue;
        }
        if (ollamaProbeNeedsNoModel(view, c.node, repo, probe)) {
          continue;
        }
        // A model of at most 1B parameters (pythia-70m, Qwen2.5-0.5B) loads in seconds.
        if (namesOnlySmallModels(view, c.node)) {
          continue;
        }
        const vectorDatabase = isVectorDatabase(repo);
        if (vectorDatabase && probedOnPort(view, probe)) {
          continue;
        }
        const loading = vectorDatabase ? 'its segments and indexes' : 'weights';
        const noopStartup = alwaysSucceedingCommand(view, startup);
        const advice = noopStartup === undefined
          ? `add a startupProbe with failureThreshold × periodSeconds ≥ ${budget}`
          : `its startupProbe always succeeds (exec "${noopStartup}"), so it holds the liveness probe off for no time: make it check the server, with failureThreshold × periodSeconds ≥ ${budget}`;
        out.push(finding(range, `${containerLabel(c)} is killed if it is not live within ${window}s, less than the ${budget}s model-load budget, so it restart-loops while loading ${loading}; ${advice}.`));
      }
    }
    return out;
  },
};
