import * as fc from 'fast-check';
import { stringify } from 'yaml';

/** Kubernetes manifests (plain objects and ML CRDs) rendered to multi-document YAML. */
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/);
const quantity = fc.oneof(fc.constantFrom('1', '2', '0', '0.5', '-1', '1e3', '2Gi', '500m', 'abc', ''), fc.integer({ min: -2, max: 16 }), fc.double({ noNaN: true }), fc.constant(null));
const resourceName = fc.constantFrom('nvidia.com/gpu', 'nvidia.com/mig-1g.5gb', 'amd.com/gpu', 'google.com/tpu', 'nvidia/gpu', 'gpu', 'cpu', 'memory', 'ephemeral-storage', 'volcano.sh/vgpu-number', 'nvidia.com/gpumem');
const resources = fc.record({
  limits: fc.dictionary(resourceName, quantity, { maxKeys: 3 }),
  requests: fc.dictionary(resourceName, quantity, { maxKeys: 3 }),
}, { requiredKeys: [] });
const image = fc.constantFrom('vllm/vllm-openai:v0.5.0', 'nvcr.io/nvidia/pytorch:24.05-py3', 'python', 'ghcr.io/org/trainer@sha256:' + 'a'.repeat(64), 'busybox:latest', '');
const container = fc.record({
  name,
  image,
  command: fc.oneof(fc.constant(['torchrun', '--nproc_per_node=8', 'train.py']), fc.constant(['vllm', 'serve', 'model']), fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 })),
  resources,
  ports: fc.array(fc.record({ containerPort: fc.oneof(fc.integer({ min: -1, max: 70000 }), fc.constant('http')), name: name }), { maxLength: 2 }),
  env: fc.array(fc.record({ name: fc.constantFrom('HF_TOKEN', 'NCCL_DEBUG', 'CUDA_VISIBLE_DEVICES'), value: fc.string({ maxLength: 8 }) }, { requiredKeys: ['name'] }), { maxLength: 2 }),
  securityContext: fc.record({ runAsNonRoot: fc.boolean(), privileged: fc.boolean(), runAsUser: fc.integer({ min: -1, max: 70000 }) }, { requiredKeys: [] }),
  imagePullPolicy: fc.constantFrom('IfNotPresent', 'ifNotPresent', 'Always', '${trialParameters.policy}'),
  resource: resources,
}, { requiredKeys: [] });
const podSpec = fc.record({
  containers: fc.array(container, { maxLength: 2 }),
  initContainers: fc.array(container, { maxLength: 1 }),
  nodeSelector: fc.dictionary(fc.constantFrom('nvidia.com/gpu.product', 'kubernetes.io/arch'), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
  tolerations: fc.array(fc.record({ key: fc.constantFrom('nvidia.com/gpu', 'x'), operator: fc.constantFrom('Exists', 'Equal'), effect: fc.constantFrom('NoSchedule', '') }), { maxLength: 2 }),
  volumes: fc.array(fc.record({ name, emptyDir: fc.record({ medium: fc.constantFrom('Memory', ''), sizeLimit: quantity }, { requiredKeys: [] }) }), { maxLength: 2 }),
}, { requiredKeys: [] });
const meta = fc.record({ name, namespace: fc.constantFrom('default', 'ml', undefined), labels: fc.dictionary(fc.constantFrom('app', 'team'), name, { maxKeys: 2 }) }, { requiredKeys: ['name'] });
const template = fc.record({ metadata: fc.record({ labels: fc.dictionary(fc.constantFrom('app'), name, { maxKeys: 1 }) }), spec: podSpec });

const object = fc.oneof(
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Pod'), metadata: meta, spec: podSpec }),
  fc.record({ apiVersion: fc.constant('apps/v1'), kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'), metadata: meta, spec: fc.record({ replicas: fc.oneof(fc.integer({ min: -1, max: 8 }), fc.constant('2')), selector: fc.record({ matchLabels: fc.dictionary(fc.constantFrom('app'), name, { maxKeys: 1 }) }), template }, { requiredKeys: [] }) }),
  fc.record({ apiVersion: fc.constant('batch/v1'), kind: fc.constant('Job'), metadata: meta, spec: fc.record({ backoffLimit: fc.integer({ min: -1, max: 10 }), template }, { requiredKeys: [] }) }),
  fc.record({ apiVersion: fc.constant('kubeflow.org/v1'), kind: fc.constant('PyTorchJob'), metadata: meta, spec: fc.record({ pytorchReplicaSpecs: fc.record({ Master: fc.record({ replicas: fc.integer({ min: 0, max: 2 }), template }), Worker: fc.record({ replicas: fc.integer({ min: 0, max: 8 }), template }) }, { requiredKeys: [] }) }) }),
  fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('Service'), metadata: meta, spec: fc.record({ selector: fc.dictionary(fc.constantFrom('app'), name, { maxKeys: 1 }), ports: fc.array(fc.record({ port: fc.integer({ min: 0, max: 70000 }), targetPort: fc.oneof(fc.integer(), name) }), { maxLength: 2 }) }) }),
  fc.record({ apiVersion: fc.constantFrom('v1', undefined), kind: fc.constantFrom('ConfigMap', undefined, 'Unknown'), data: fc.dictionary(name, fc.string({ maxLength: 8 }), { maxKeys: 2 }) }, { requiredKeys: [] }),
  // Operators' kinds whose pod templates the path map reaches (bundled CRD schemas or none).
  fc.record({ apiVersion: fc.constantFrom('kubeflow.org/v1', 'argoproj.io/v1alpha1', 'serving.knative.dev/v1', 'example.com/v1'), kind: fc.constantFrom('Notebook', 'Rollout', 'Service', 'Configuration'), metadata: meta, spec: fc.record({ containerConcurrency: fc.integer({ min: 0, max: 4 }), template }, { requiredKeys: [] }) }),
  fc.record({ apiVersion: fc.constant('serving.kserve.io/v1alpha1'), kind: fc.constantFrom('ServingRuntime', 'ClusterServingRuntime'), metadata: meta, spec: fc.record({ multiModel: fc.boolean(), supportedModelFormats: fc.constant([{ name: 'vLLM', autoSelect: true }]), containers: fc.array(container, { maxLength: 2 }), volumes: fc.constant([{ name: 'dshm', emptyDir: { medium: 'Memory' } }]) }, { requiredKeys: [] }) }),
  fc.record({ apiVersion: fc.constant('trainer.kubeflow.org/v1alpha1'), kind: fc.constantFrom('TrainingRuntime', 'ClusterTrainingRuntime'), metadata: meta, spec: fc.record({ template: fc.record({ spec: fc.record({ replicatedJobs: fc.array(fc.record({ name, template: fc.record({ spec: fc.record({ backoffLimit: fc.integer({ min: 0, max: 3 }), template }, { requiredKeys: [] }) }) }), { maxLength: 2 }) }) }) }) }),
  fc.record({ apiVersion: fc.constant('machinelearning.seldon.io/v1'), kind: fc.constant('SeldonDeployment'), metadata: meta, spec: fc.record({ predictors: fc.array(fc.record({ name, componentSpecs: fc.array(template, { maxLength: 2 }) }, { requiredKeys: [] }), { maxLength: 2 }) }) }),
  fc.record({ apiVersion: fc.constant('kubeflow.org/v1beta1'), kind: fc.constant('Experiment'), metadata: meta, spec: fc.record({ trialTemplate: fc.record({ trialSpec: fc.oneof(
    fc.record({ apiVersion: fc.constant('batch/v1'), kind: fc.constant('Job'), spec: fc.record({ template }) }),
    fc.record({ apiVersion: fc.constant('kubeflow.org/v1beta1'), kind: fc.constant('Experiment'), spec: fc.record({ trialTemplate: fc.record({ trialSpec: fc.record({ apiVersion: fc.constant('kubeflow.org/v1'), kind: fc.constant('PyTorchJob'), spec: fc.record({ pytorchReplicaSpecs: fc.record({ Master: fc.record({ template }) }) }) }) }) }) }),
    fc.constant('not a map'),
  ) }) }) }),
);

/** Raw text a document may be replaced with: templates, anchors, duplicate keys, odd scalars, pragmas. */
const rawDocument = fc.constantFrom(
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n',
  'base: &b\n  limits: {nvidia.com/gpu: 1}\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n    resources: *b\n',
  'apiVersion: v1\nkind: Pod\nkind: Deployment\nmetadata: {name: dup}\n',
  '# mlc-ignore-document\napiVersion: v1\nkind: Pod\n',
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x # mlc-ignore MLK401\nspec:\n  containers:\n  # mlc-ignore\n  - name: c\n    resources: {limits: {nvidia.com/gpu: "1.5"}}\n',
  'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n',
  '- just\n- a list\n', 'plain scalar', '', '%YAML 1.2\n', '? complex\n: key\n', 'key: |\n  block\n   scalar\n', '!!map {a: 1}', '{ unclosed: [1, 2',
);

export const manifestArb: fc.Arbitrary<string> = fc.tuple(
  fc.array(fc.oneof({ arbitrary: object.map((o) => stringify(o)), weight: 4 }, { arbitrary: rawDocument, weight: 1 }), { minLength: 1, maxLength: 4 }),
  fc.constantFrom('---\n', '--- \n', '---\n# comment\n', '...\n---\n'),
  fc.boolean(),
  fc.boolean(),
).map(([docs, sep, lead, crlf]) => {
  const text = (lead ? '---\n' : '') + docs.join(sep);
  return crlf ? text.replace(/\n/g, '\r\n') : text;
});
