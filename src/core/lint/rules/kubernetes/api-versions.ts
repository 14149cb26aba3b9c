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
  /**
   * The minor from which Kubernetes serves the replacement by default and this version only where the provider enables
   * it (kube-apiserver --runtime-config), though it is not deprecated yet: a beta of a group that went GA.
   */
  optInFrom?: number;
  /** What else moves when the apiVersion changes, where rewriting it alone does not do (`lossless` false). */
  changes?: string;
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

/**
 * Dynamic Resource Allocation's betas (v1beta1 from 1.32, v1beta2 from 1.33) were served only where the provider
 * enabled them; from 1.34 Kubernetes serves resource.k8s.io/v1 by default and the betas stay opt-in. Their lifecycle
 * (k8s.io/api's prerelease-lifecycle, the API server's warnings): v1beta1 deprecated in 1.35 and gone in 1.38, v1beta2
 * in 1.36 and 1.39. v1 kept v1beta2's fields; v1beta1's device requests moved under `exactly` (and a slice's devices
 * lost their `basic` wrapper).
 */
function addDraBeta(apiVersion: string, deprecatedIn: number, removedIn: number, claimsLossless: (obj: KubeObject) => boolean, changes?: string): void {
  const replacement = 'resource.k8s.io/v1';
  table.set(`${apiVersion} DeviceClass`, { deprecatedIn, removedIn, replacement, lossless: always, optInFrom: 34 });
  for (const kind of ['ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice']) {
    table.set(`${apiVersion} ${kind}`, { deprecatedIn, removedIn, replacement, lossless: claimsLossless, optInFrom: 34, ...(changes !== undefined ? { changes } : {}) });
  }
}
addDraBeta('resource.k8s.io/v1beta1', 35, 38, never, "each device request's deviceClassName, selectors, allocationMode and count move under `exactly:`");
addDraBeta('resource.k8s.io/v1beta2', 36, 39, always);

export function apiChange(apiVersion: string, kind: string): ApiChange | undefined {
  return table.get(`${apiVersion} ${kind}`);
}

/** The change is in force at the target minor: deprecated, or served only where the provider enables it (see optInFrom). */
export function flaggedAt(change: ApiChange, minor: number): boolean {
  return minor >= change.deprecatedIn || (change.optInFrom !== undefined && minor >= change.optInFrom);
}

/** The Kubernetes minor the manifests target: the rule option `kubernetesVersion`, else the schemas' version, else the newest bundled. */
export function targetMinor(ctx: KubernetesContext, ruleId: string): { text: string; minor: number } {
  const option = ctx.settings.ruleOptions[ruleId]?.kubernetesVersion;
  const text = typeof option === 'string' || typeof option === 'number' ? String(option) : ctx.schemas?.version ?? defaultKubernetesVersion;
  const minor = Number(/^v?1\.(\d+)/.exec(text)?.[1] ?? /^1\.(\d+)/.exec(defaultKubernetesVersion)?.[1]);
  return { text, minor };
}
