// CRD manifests (openAPIV3Schema of every served version) from the ML operators' Go modules.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { normalize, statusStub } from './openapi.mjs';

/**
 * The operator CRDs we bundle: Go module, version and CRD files inside the module; webhookDefaults lists
 * required fields (`spec.rules[].name`) that the operator's mutating webhook fills in when left out.
 */
export const operators = [
  { id: 'kubeflow-training', module: 'github.com/kubeflow/training-operator', version: 'v1.8.1',
    files: ['manifests/base/crds/kubeflow.org_pytorchjobs.yaml', 'manifests/base/crds/kubeflow.org_tfjobs.yaml', 'manifests/base/crds/kubeflow.org_mpijobs.yaml'] },
  { id: 'kubeflow-trainer', module: 'github.com/kubeflow/trainer/v2', version: 'v2.0.0',
    files: ['manifests/base/crds/trainer.kubeflow.org_trainjobs.yaml', 'manifests/base/crds/trainer.kubeflow.org_trainingruntimes.yaml',
      'manifests/base/crds/trainer.kubeflow.org_clustertrainingruntimes.yaml'] },
  { id: 'kserve', module: 'github.com/kserve/kserve', version: 'v0.16.0',
    files: ['config/crd/full/serving.kserve.io_inferenceservices.yaml', 'config/crd/full/serving.kserve.io_servingruntimes.yaml',
      'config/crd/full/serving.kserve.io_clusterservingruntimes.yaml'] },
  { id: 'kuberay', module: 'github.com/ray-project/kuberay/ray-operator', version: 'v1.5.0',
    files: ['config/crd/bases/ray.io_rayclusters.yaml', 'config/crd/bases/ray.io_rayjobs.yaml', 'config/crd/bases/ray.io_rayservices.yaml'] },
  { id: 'kueue', module: 'sigs.k8s.io/kueue', version: 'v0.17.0',
    files: ['config/components/crd/bases/kueue.x-k8s.io_localqueues.yaml', 'config/components/crd/bases/kueue.x-k8s.io_clusterqueues.yaml',
      'config/components/crd/bases/kueue.x-k8s.io_resourceflavors.yaml', 'config/components/crd/bases/kueue.x-k8s.io_workloads.yaml'] },
  // The module proxy lists no versions of these three (`go list -m -versions` fails): each is the newest release
  // tag it serves a zip of (it refuses lws v0.10.0's).
  { id: 'lws', module: 'sigs.k8s.io/lws', version: 'v0.9.0', files: ['config/crd/bases/leaderworkerset.x-k8s.io_leaderworkersets.yaml'],
    webhookDefaults: ['spec.networkConfig.subdomainPolicy'] },
  { id: 'jobset', module: 'sigs.k8s.io/jobset', version: 'v0.12.0', files: ['config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml'],
    webhookDefaults: ['spec.failurePolicy.rules[].name'] },
  // Same CRD name (mpijobs.kubeflow.org) as the training operator's kubeflow.org/v1 MPIJob: a cluster serves one or the other.
  { id: 'mpi-operator', module: 'github.com/kubeflow/mpi-operator', version: 'v0.8.2', files: ['manifests/base/kubeflow.org_mpijobs.yaml'] },
];

/**
 * A copy of a CRD schema whose `required` lists leave out fields with a `default`: the API server fills
 * those in before it validates, so users may leave them out (KubeRay's workerGroupSpecs minReplicas and
 * maxReplicas, Kueue's podSets count).
 */
export function withoutDefaultedRequired(schema) {
  if (Array.isArray(schema)) {
    return schema.map(withoutDefaultedRequired);
  }
  if (!schema || typeof schema !== 'object') {
    return schema;
  }
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'properties' || k === 'patternProperties' ? Object.fromEntries(Object.entries(v).map(([name, p]) => [name, withoutDefaultedRequired(p)])) : withoutDefaultedRequired(v);
  }
  if (Array.isArray(schema.required) && schema.properties) {
    out.required = schema.required.filter((name) => schema.properties[name]?.default === undefined);
    if (out.required.length === 0) {
      delete out.required;
    }
  }
  return out;
}

/**
 * A copy of a CRD schema whose fields at `paths` are no longer required: a mutating admission webhook runs
 * before the API server validates against the schema, so a field it fills in may be left out. Throws for a
 * path that is not a required field, so that a new operator version that drops one is noticed.
 */
export function withoutWebhookDefaultedRequired(schema, paths) {
  const out = JSON.parse(JSON.stringify(schema));
  for (const path of paths) {
    const segments = path.split('.');
    const field = segments.pop();
    let node = out;
    for (const segment of segments) {
      node = node?.properties?.[segment.replace(/\[\]$/, '')];
      node = segment.endsWith('[]') ? node?.items : node;
    }
    if (!node?.required?.includes(field)) {
      throw new Error(`${path} is not a required field of the CRD`);
    }
    node.required = node.required.filter((name) => name !== field);
    if (node.required.length === 0) {
      delete node.required;
    }
  }
  return out;
}

/** Reads one CRD file: returns [{ apiVersion, kind, namespaced, schema }] for every served version. */
export function crdKinds(path, objectMetaRef, webhookDefaults = []) {
  const out = [];
  for (const doc of parseAllDocuments(readFileSync(path, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') {
      continue;
    }
    for (const v of crd.spec.versions.filter((x) => x.served)) {
      const schema = normalize(withoutWebhookDefaultedRequired(withoutDefaultedRequired(v.schema.openAPIV3Schema), webhookDefaults), (r) => r);
      schema.properties = { ...schema.properties };
      schema.properties.metadata = { $ref: objectMetaRef, description: 'Standard object metadata.' };
      if (schema.properties.status) {
        schema.properties.status = statusStub;
      }
      schema.required = [...new Set(['apiVersion', 'kind', ...(schema.required ?? [])])];
      out.push({ apiVersion: `${crd.spec.group}/${v.name}`, kind: crd.spec.names.kind, namespaced: crd.spec.scope === 'Namespaced', schema });
    }
  }
  return out;
}
