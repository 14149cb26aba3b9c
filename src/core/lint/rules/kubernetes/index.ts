import type { KubernetesRule } from '../../kubernetes/rule';
import { rule as mlk001 } from './mlk001-yaml-syntax';
import { rule as mlk002 } from './mlk002-schema-violation';
import { rule as mlk003 } from './mlk003-api-version-removed';
import { rule as mlk004 } from './mlk004-api-version-deprecated';
import { rule as mlk005 } from './mlk005-selector-template-mismatch';
import { rule as mlk006 } from './mlk006-restart-policy-invalid';
import { rule as mlk007 } from './mlk007-duplicate-env-var';
import { rule as mlk008 } from './mlk008-probe-named-port-missing';
import { rule as mlk009 } from './mlk009-port-name-invalid';
import { rule as mlk010 } from './mlk010-label-value-invalid';
import { rule as mlk011 } from './mlk011-host-port-conflict';
import { rule as mlk101 } from './mlk101-privileged-container';
import { rule as mlk102 } from './mlk102-privilege-escalation-allowed';
import { rule as mlk103 } from './mlk103-runs-as-root';
import { rule as mlk104 } from './mlk104-writable-root-filesystem';
import { rule as mlk105 } from './mlk105-dangerous-capability-added';
import { rule as mlk106 } from './mlk106-capabilities-not-dropped';
import { rule as mlk107 } from './mlk107-no-seccomp-profile';
import { rule as mlk108 } from './mlk108-host-network';
import { rule as mlk109 } from './mlk109-host-pid';
import { rule as mlk110 } from './mlk110-host-ipc';
import { rule as mlk111 } from './mlk111-host-port';
import { rule as mlk112 } from './mlk112-sensitive-host-path';
import { rule as mlk113 } from './mlk113-unmasked-proc-mount';
import { rule as mlk114 } from './mlk114-unsafe-sysctl';
import { rule as mlk115 } from './mlk115-windows-host-process';
import { rule as mlk116 } from './mlk116-ssh-or-privileged-port';
import { rule as mlk117 } from './mlk117-secret-literal-in-env';
import { rule as mlk118 } from './mlk118-secret-from-env-ref';
import { rule as mlk119 } from './mlk119-secret-in-configmap';
import { rule as mlk120 } from './mlk120-service-account-token-automount';
import { rule as mlk121 } from './mlk121-rbac-wildcard-or-cluster-admin';
import { rule as mlk122 } from './mlk122-rbac-sensitive-access';
import { rule as mlk123 } from './mlk123-ingress-without-tls';
import { rule as mlk124 } from './mlk124-service-externally-exposed';
import { rule as mlk201 } from './mlk201-image-tag-floating';
import { rule as mlk202 } from './mlk202-image-pull-policy';
import { rule as mlk301 } from './mlk301-cpu-request-missing';
import { rule as mlk302 } from './mlk302-memory-requirements-missing';
import { rule as mlk303 } from './mlk303-cpu-limit-missing';
import { rule as mlk304 } from './mlk304-ephemeral-storage-unset';
import { rule as mlk305 } from './mlk305-requests-not-equal-limits';
import { rule as mlk306 } from './mlk306-replicas-too-few';
import { rule as mlk307 } from './mlk307-no-spread-across-nodes';
import { rule as mlk308 } from './mlk308-pdb-allows-no-disruption';
import { rule as mlk309 } from './mlk309-pdb-unhealthy-eviction-policy-unset';
import { rule as mlk310 } from './mlk310-hpa-replica-bounds';
import { rule as mlk311 } from './mlk311-readiness-probe-missing';
import { rule as mlk312 } from './mlk312-liveness-probe-missing';
import { rule as mlk313 } from './mlk313-probes-identical';
import { rule as mlk314 } from './mlk314-job-ttl-missing';
import { rule as mlk315 } from './mlk315-cronjob-deadline-missing';
import { rule as mlk316 } from './mlk316-priority-class-missing';
import { rule as mlk401 } from './mlk401-gpu-request-without-limit';
import { rule as mlk402 } from './mlk402-gpu-request-limit-mismatch';
import { rule as mlk403 } from './mlk403-gpu-quantity-not-integer';
import { rule as mlk404 } from './mlk404-gpu-resource-name-unknown';
import { rule as mlk405 } from './mlk405-gpu-workload-without-shm';
import { rule as mlk406 } from './mlk406-shm-volume-not-mounted';
import { rule as mlk407 } from './mlk407-shm-size-limit-unset';
import { rule as mlk408 } from './mlk408-shm-exceeds-memory-limit';
import { rule as mlk409 } from './mlk409-gpu-toleration-missing';
import { rule as mlk410 } from './mlk410-gpu-node-without-gpu-request';
import { rule as mlk411 } from './mlk411-visible-devices-env-set';
import { rule as mlk412 } from './mlk412-visible-devices-env-without-gpu';
import { rule as mlk413 } from './mlk413-gpu-job-backoff-default';
import { rule as mlk414 } from './mlk414-gpu-job-without-deadline';
import { rule as mlk415 } from './mlk415-gpu-inference-without-readiness';
import { rule as mlk416 } from './mlk416-liveness-kills-model-load';
import { rule as mlk417 } from './mlk417-gpu-rolling-update-deadlock';
import { rule as mlk418 } from './mlk418-legacy-gpu-access-pattern';
import { rule as mlk419 } from './mlk419-model-cache-not-persisted';
import { rule as mlk420 } from './mlk420-ml-ui-exposed';
import { rule as mlk421 } from './mlk421-gpu-runtime-class-missing';
import { rule as mlk422 } from './mlk422-kueue-queue-name-missing';
import { rule as mlk423 } from './mlk423-gpu-product-unconstrained';
import { rule as mlk424 } from './mlk424-training-operator-container-name';
import { rule as mlk425 } from './mlk425-server-uses-fewer-gpus';
import { rule as mlk426 } from './mlk426-mpijob-slots-vs-gpus';
import { rule as mlk427 } from './mlk427-gpu-node-agent-without-gpu-toleration';
import { rule as mlk428 } from './mlk428-server-parallelism-exceeds-gpus';
import { rule as mlk429 } from './mlk429-env-value-shell-variable';
import { rule as mlk430 } from './mlk430-statefulset-ordered-peer-wait';
import { rule as mlk501 } from './mlk501-deprecated-service-account-field';
import { rule as mlk502 } from './mlk502-default-namespace';
import { rule as mlk503 } from './mlk503-default-service-account';
import { rule as mlk504 } from './mlk504-required-metadata';
import { compareRuleIds } from '../../rule-order';

/** The Kubernetes rule registry, in ID order. */
export const kubernetesRules: readonly KubernetesRule[] = [
  mlk001, mlk002, mlk003, mlk004, mlk005, mlk006, mlk007, mlk008, mlk009, mlk010, mlk011,
  mlk101, mlk102, mlk103, mlk104, mlk105, mlk106, mlk107, mlk108, mlk109, mlk110, mlk111, mlk112, mlk113, mlk114, mlk115, mlk116, mlk117, mlk118, mlk119, mlk120, mlk121, mlk122, mlk123, mlk124,
  mlk201, mlk202,
  mlk301, mlk302, mlk303, mlk304, mlk305, mlk306, mlk307, mlk308, mlk309, mlk310, mlk311, mlk312, mlk313, mlk314, mlk315, mlk316,
  mlk401, mlk402, mlk403, mlk404, mlk405, mlk406, mlk407, mlk408, mlk409, mlk410, mlk411, mlk412, mlk413, mlk414, mlk415, mlk416, mlk417, mlk418, mlk419, mlk420, mlk421, mlk422, mlk423, mlk424, mlk425, mlk426, mlk427, mlk428, mlk429, mlk430,
  mlk501, mlk502, mlk503, mlk504,
].sort((a, b) => compareRuleIds(a.meta.id, b.meta.id));
