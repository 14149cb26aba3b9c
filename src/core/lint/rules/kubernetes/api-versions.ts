import { defaultKubernetesVersion } from '../../../schemas/store';
import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';

/** A deprecated or removed apiVersion/kind pair (Kubernetes minors). */
export interface ApiChange {
  deprecatedIn: number;
  removedIn: number;
  /** The apiVersion to move to; undefined when the kind went away. */
  replacement?: string;
  /** Whether rewriting apiVersion alone keeps the object's meaning. */
  lossless: (obj: KubeObject) => boolean;
}

const always = (): boolean => true;
const never = (): boolean => false;
const hasSelector = (obj: KubeObject): boolean => obj.view.at(obj.root, ['spec', 'selector']) !== undefined;
/** policy/v1beta1 → v1 flips an empty selector from "no pods" to "all pods". */
const nonEmptySelector = (obj: KubeObject): boolean => obj.view.entries(obj.view.at(obj.root, ['spec', 'selector'])).length > 0;

const table = new Map<string, ApiChange>();
function add(apiVersion: string, kinds: string[], deprecatedIn: number, removedIn: number, replacement: string | undefined, lossless: (obj: KubeObject) => boolean): void {
  for (const kind of kinds) {
    table.set(`${apiVersion} ${kind}`, { deprecatedIn, removedIn, lossless, ...(replacement !== undefined ? { replacement } : {}) });
  }
}
add('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], 9, 16, 'apps/v1', hasSelector);
add('extensions/v1beta1', ['NetworkPolicy'], 9, 16, 'networking.k8s.io/v1', always);
add('extensions/v1beta1', ['PodSecurityPolicy'], 11, 16, 'policy/v1beta1', always);
add('extensions/v1beta1', ['Ingress'], 14, 22, 'networking.k8s.io/v1', never);
add('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet', 'ControllerRevision'], 9, 16, 'apps/v1', hasSelector);
add('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ControllerRevision'], 9, 16, 'apps/v1', hasSelector);
add('networking.k8s.io/v1beta1', ['Ingress', 'IngressClass'], 19, 22, 'networking.k8s.io/v1', never);
add('rbac.authorization.k8s.io/v1beta1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], 17, 22, 'rbac.authorization.k8s.io/v1', always);
add('rbac.authorization.k8s.io/v1alpha1', ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'], 17, 22, 'rbac.authorization.k8s.io/v1', always);
add('admissionregistration.k8s.io/v1beta1', ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], 16, 22, 'admissionregistration.k8s.io/v1', never);
add('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], 16, 22, 'apiextensions.k8s.io/v1', never);
add('apiregistration.k8s.io/v1beta1', ['APIService'], 19, 22, 'apiregistration.k8s.io/v1', always);
add('authentication.k8s.io/v1beta1', ['TokenReview'], 19, 22, 'authentication.k8s.io/v1', always);
add('authorization.k8s.io/v1beta1', ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview'], 19, 22, 'authorization.k8s.io/v1', always);
add('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], 19, 22, 'certificates.k8s.io/v1', never);
add('coordination.k8s.io/v1beta1', ['Lease'], 19, 22, 'coordination.k8s.io/v1', always);
add('scheduling.k8s.io/v1beta1', ['PriorityClass'], 14, 22, 'scheduling.k8s.io/v1', always);
add('scheduling.k8s.io/v1alpha1', ['PriorityClass'], 14, 17, 'scheduling.k8s.io/v1', always);
add('storage.k8s.io/v1beta1', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], 19, 22, 'storage.k8s.io/v1', always);
add('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], 24, 27, 'storage.k8s.io/v1', always);
add('batch/v1beta1', ['CronJob'], 21, 25, 'batch/v1', always);
add('policy/v1beta1', ['PodDisruptionBudget'], 21, 25, 'policy/v1', nonEmptySelector);
add('policy/v1beta1', ['PodSecurityPolicy'], 21, 25, undefined, never);
add('discovery.k8s.io/v1beta1', ['EndpointSlice'], 21, 25, 'discovery.k8s.io/v1', never);
add('events.k8s.io/v1beta1', ['Event'], 22, 25, 'events.k8s.io/v1', always);
add('node.k8s.io/v1beta1', ['RuntimeClass'], 20, 25, 'node.k8s.io/v1', always);
add('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], 22, 25, 'autoscaling/v2', never);
add('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], 23, 26, 'autoscaling/v2', always);
add('flowcontrol.apiserver.k8s.io/v1beta1', ['FlowSchema', 'PriorityLevelConfiguration'], 23, 26, 'flowcontrol.apiserver.k8s.io/v1', never);
add('flowcontrol.apiserver.k8s.io/v1beta2', ['FlowSchema', 'PriorityLevelConfiguration'], 26, 29, 'flowcontrol.apiserver.k8s.io/v1', never);
add('flowcontrol.apiserver.k8s.io/v1beta3', ['FlowSchema', 'PriorityLevelConfiguration'], 29, 32, 'flowcontrol.apiserver.k8s.io/v1', always);

export function apiChange(apiVersion: string, kind: string): ApiChange | undefined {
  return table.get(`${apiVersion} ${kind}`);
}

/** The Kubernetes minor the manifests target: the rule option `kubernetesVersion`, else the schemas' version, else the newest bundled. */
export function targetMinor(ctx: KubernetesContext, ruleId: string): { text: string; minor: number } {
  const option = ctx.settings.ruleOptions[ruleId]?.kubernetesVersion;
  const text = typeof option === 'string' || typeof option === 'number' ? String(option) : ctx.schemas?.version ?? defaultKubernetesVersion;
  const minor = Number(/^v?1\.(\d+)/.exec(text)?.[1] ?? /^1\.(\d+)/.exec(defaultKubernetesVersion)?.[1]);
  return { text, minor };
}
