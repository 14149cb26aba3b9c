import { Pair, Scalar, YAMLMap } from 'yaml';
import type { Node } from 'yaml';
import type { SchemaDiagnostic } from '../../schemas/types';
import { validateEmbeddedPodSpecs } from '../../schemas/validate';
import type { YamlPath } from '../yaml/access';
import type { YamlDocument, YamlFile } from '../yaml/parse';
import { parseYaml } from '../yaml/parse';
import { argoWorkflowSpecPath, isArgoWorkflow } from './argo-workflow-pods';
import { documentObject } from './document-object';
import { objectDocuments } from './list-items';
import type { KubeObject } from './model';
import { apiGroupOf } from './operator-pods';
import type { ManifestSchemas } from './rule';

/** Knative's revision template is a PodSpec with these fields of Knative's own beside it. */
const knativeRevisionFields = new Set(['containerConcurrency', 'timeoutSeconds', 'responseStartTimeoutSeconds', 'idleTimeoutSeconds']);

/**
 * KServe's component fields beside the pod spec of an InferenceService's predictor, transformer and explainer,
 * and the model-server shorthands a predictor or explainer takes. KFServing (serving.kubeflow.org), which has no
 * bundled schema, has the same shape.
 */
const kserveComponentFields = new Set([
  'minReplicas', 'maxReplicas', 'scaleTarget', 'scaleMetric', 'scaleMetricType', 'autoScaling', 'containerConcurrency', 'timeout',
  'canaryTrafficPercent', 'logger', 'batcher', 'labels', 'annotations', 'deploymentStrategy', 'storageUris', 'workerSpec',
  'model', 'sklearn', 'xgboost', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'lightgbm', 'paddle', 'art', 'alibi', 'aix',
]);
const kserveComponentField = /^spec\.(?:predictor|transformer|explainer)\.([^.]+)$/;

/**
 * A field beside the pod spec of an OME component (engine, decoder, router, their leader and worker): the runner
 * container, the leader and worker themselves, and the component's deployment settings (replicas, scaling, rollout,
 * lifecycle, accelerator overrides…), which OME extends from release to release.
 */
const omeComponentField = /^spec\.(?:engine|decoder|router)(?:\.(?:leader|worker))?\.[^.]+$/;

/**
 * The same beside the pod specs of an OME (Cluster)ServingRuntime: its component configs' fields, and the runtime's
 * own (model formats, size range, protocols…) beside the legacy layout's pod spec in `spec` and its workers' (`size`).
 */
const omeRuntimeField = /^spec(?:\.workers|\.(?:engine|decoder|router)Config(?:\.(?:leader|worker))?)?\.[^.]+$/;

/** Where OME's own fields sit beside the pod specs of an ome.io object; undefined for any other group. */
function omeOwnField(obj: KubeObject): RegExp | undefined {
  if (apiGroupOf(obj.apiVersion) !== 'ome.io') {
    return undefined;
  }
  return obj.kind === 'InferenceService' ? omeComponentField : omeRuntimeField;
}

/** A pod spec to check, or (`container`) one container of an assembled pod. */
type EmbeddedSpec = { node: Node; path: YamlPath; container?: true };

/** Argo's own fields beside a container's: a script's `source`, a sidecar's or init container's `mirrorVolumeMounts`, a containerSet container's `dependencies`. */
const argoContainerFields = new Set(['source', 'mirrorVolumeMounts', 'dependencies']);

/** The containers of a pod its operator assembles (Argo), each checked as a Container where the document holds it. */
function assembledContainers(obj: KubeObject, paths: readonly YamlPath[]): EmbeddedSpec[] {
  const out: EmbeddedSpec[] = [];
  for (const path of paths) {
    const node = obj.view.at(obj.root, path);
    if (node) {
      out.push({ node, path, container: true });
    }
  }
  return out;
}

/**
 * The volumes of an Argo workflow, its templateDefaults and its pod templates, which the controller puts in the pods
 * it makes: each list checked as a pod spec's `volumes` (a core Volume each), so that a misspelled source
 * (`emptyVol`) is caught before Kubernetes turns the volume into an emptyDir.
 */
function argoVolumes(obj: KubeObject): EmbeddedSpec[] {
  const view = obj.view;
  const specPath = argoWorkflowSpecPath(obj.kind);
  const owners: YamlPath[] = [specPath, [...specPath, 'templateDefaults'], ...obj.podSpecs.map((p) => p.path)];
  const out: EmbeddedSpec[] = [];
  for (const path of owners) {
    const volumes = view.at(obj.root, [...path, 'volumes']);
    if (volumes) {
      const holder = new YAMLMap();
      holder.items.push(new Pair(new Scalar('volumes'), volumes));
      out.push({ node: holder, path });
    }
  }
  return out;
}

/**
 * The pod specs of an operator's object checked as the pods the operator will create (see
 * validateEmbeddedPodSpecs). With the operator's CRD schema at hand (bundled, or served by the
 * cluster), only what CRD schemas leave out: enums. Without one (Notebook, Rollout, Knative, Seldon,
 * Katib trials), everything but `required` (operators fill in container names and such). Values with
 * a `${…}` placeholder are substituted before the pods are made (Katib's trial parameters).
 */
export function operatorPodDiagnostics(file: YamlFile, document: YamlDocument, obj: KubeObject | undefined, schemas: ManifestSchemas): SchemaDiagnostic[] {
  if (!obj || obj.podSpecs.length === 0 || obj.apiVersion === undefined || obj.kind === undefined || schemas.store.isBuiltInGroup(obj.apiVersion)) {
    return [];
  }
  const withSchema = schemas.store.find(schemas.version, obj.apiVersion, obj.kind) !== undefined;
  const knative = apiGroupOf(obj.apiVersion) === 'serving.knative.dev';
  const inferenceService = obj.kind === 'InferenceService';
  const omeField = omeOwnField(obj);
  const specs = obj.podSpecs.flatMap((p): EmbeddedSpec[] => (p.assembled ? assembledContainers(obj, p.assembled.containerPaths) : [{ node: p.spec, path: p.path }]));
  const argo = obj.podSpecs.some((p) => p.assembled !== undefined);
  if (isArgoWorkflow(obj)) {
    specs.push(...argoVolumes(obj));
  }
  return validateEmbeddedPodSpecs(document.doc, specs, schemas.store, schemas.version, { mergeKeys: file.text.includes('<<') }).filter((d) => {
    if (withSchema ? d.code !== 'enum' : d.code === 'required') {
      return false;
    }
    const field = d.path.slice(d.path.lastIndexOf('.') + 1);
    if (d.code === 'unknown-field' && ((knative && knativeRevisionFields.has(field)) || (argo && argoContainerFields.has(field)))) {
      return false;
    }
    if (d.code === 'unknown-field' && (omeField ? omeField.test(d.path) : inferenceService && kserveComponentFields.has(kserveComponentField.exec(d.path)?.[1] ?? ''))) {
      return false;
    }
    const text = file.text.slice(d.start, d.end);
    // Katib's ${trialParameters.x}; Argo's {{inputs.parameters.x}}, substituted before the pod is made.
    return !text.includes('${') && !(argo && text.includes('{{'));
  });
}

/** The same for every object of a manifest text (the editor's schema diagnostics, which parse on their own). */
export function operatorPodSchemaDiagnostics(text: string, schemas: ManifestSchemas): SchemaDiagnostic[] {
  const file = parseYaml(text);
  const out: SchemaDiagnostic[] = [];
  for (const document of objectDocuments(file)) {
    if (document.skipped === undefined && document.doc.errors.length === 0) {
      out.push(...operatorPodDiagnostics(file, document, documentObject(file, document), schemas));
    }
  }
  return out;
}
