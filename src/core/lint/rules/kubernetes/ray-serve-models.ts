/**
 * The models a KubeRay RayService's Serve applications load (`spec.serveConfigV2`, a YAML text), read in one place so
 * that MLK104's advice and MLK419 agree on what a Ray Serve model app is. Two readings of the same evidence:
 * mentionsServeModel, the text names a model app (any source, for advice); rayServeHubModel, a parsed app loads a
 * model from the Hugging Face hub (for a finding).
 */
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import { derivation, YamlView } from '../../yaml/access';
import { parseYaml } from '../../yaml/parse';

/** A RayService's Serve config when its text names a model app: a Ray Serve LLM app (`ray.serve.llm`) or a runtime env's MODEL_ID (KubeRay's vLLM sample). */
function modelAppConfig(obj: KubeObject): string | undefined {
  if (obj.kind !== 'RayService') {
    return undefined;
  }
  const text = obj.view.str(obj.view.at(obj.root, ['spec', 'serveConfigV2']));
  return text !== undefined && (text.includes('ray.serve.llm') || text.includes('MODEL_ID')) ? text : undefined;
}

/** Serve replicas run on the worker groups' pods: the head schedules them. */
export function runsServeReplicas(pod: PodSpecRef): boolean {
  return pod.role !== 'head';
}

/**
 * The RayService's Serve config names a model app, whatever the model's source (the hub, a bucket, a path) and the
 * apiVersion: its workers write a model to disk, enough to name a model cache in advice.
 */
export function mentionsServeModel(obj: KubeObject): boolean {
  return modelAppConfig(obj) !== undefined;
}

/** A Hugging Face repository id (`Qwen/Qwen2.5-7B-Instruct`), as opposed to a bucket mirror or a local path. */
const hubRepoId = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

function runtimeEnvHfHome(view: YamlView, runtimeEnv: unknown): string | undefined {
  const vars = view.get(runtimeEnv, 'env_vars');
  return view.text(vars, 'HF_HOME') ?? view.text(vars, 'HF_HUB_CACHE') ?? view.text(vars, 'HUGGINGFACE_HUB_CACHE');
}

/** Where a hub model app's runtime env moves the Hugging Face cache (`hfHome`; absent: it stays at the default). */
export interface RayServeHubModel {
  hfHome?: string;
}

const hubModelApp = derivation((view, obj: KubeObject): RayServeHubModel | null => {
  const text = apiGroupOf(obj.apiVersion) === 'ray.io' ? modelAppConfig(obj) : undefined;
  const parsed = text !== undefined ? parseYaml(text) : undefined;
  const document = parsed?.documents[0];
  if (!parsed || !document) {
    return null;
  }
  const config = new YamlView(parsed, document);
  for (const app of config.list(config.get(config.root, 'applications'))) {
    const appModel = config.text(config.at(app, ['runtime_env', 'env_vars']), 'MODEL_ID');
    if (appModel !== undefined && hubRepoId.test(appModel)) {
      const hfHome = runtimeEnvHfHome(config, config.get(app, 'runtime_env'));
      return hfHome !== undefined ? { hfHome } : {};
    }
    if (!(config.text(app, 'import_path') ?? '').startsWith('ray.serve.llm')) {
      continue;
    }
    for (const llm of config.list(config.at(app, ['args', 'llm_configs']))) {
      const loading = config.get(llm, 'model_loading_config');
      const model = config.get(loading, 'model_source') !== undefined ? config.text(loading, 'model_source') : config.text(loading, 'model_id');
      if (model !== undefined && hubRepoId.test(model)) {
        const hfHome = runtimeEnvHfHome(config, config.get(llm, 'runtime_env')) ?? runtimeEnvHfHome(config, config.get(app, 'runtime_env'));
        return hfHome !== undefined ? { hfHome } : {};
      }
    }
  }
  return null;
});

/**
 * A KubeRay (`ray.io`) RayService that mentionsServeModel and whose parsed config proves a hub download: a Ray Serve
 * LLM app (`import_path: ray.serve.llm:…`) loading a hub model (`model_loading_config.model_source`, else its
 * `model_id`), or an app whose runtime env hands it a hub model in MODEL_ID. Each replica downloads it on its GPU
 * worker. Null for any other object.
 */
export function rayServeHubModel(obj: KubeObject): RayServeHubModel | null {
  return obj.kind === 'RayService' ? obj.view.derive(hubModelApp, obj) : null;
}
