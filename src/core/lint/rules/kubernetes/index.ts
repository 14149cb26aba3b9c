import type { KubernetesRule } from '../../kubernetes/rule';
import { rule as mlk001 } from './mlk001-yaml-syntax';
import { rule as mlk005 } from './mlk005-selector-template-mismatch';
import { rule as mlk006 } from './mlk006-restart-policy-invalid';
import { rule as mlk007 } from './mlk007-duplicate-env-var';
import { rule as mlk008 } from './mlk008-probe-named-port-missing';
import { rule as mlk009 } from './mlk009-port-name-invalid';
import { rule as mlk010 } from './mlk010-label-value-invalid';
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

/** The Kubernetes rule registry, in ID order. */
export const kubernetesRules: readonly KubernetesRule[] = [
  mlk001, mlk005, mlk006, mlk007, mlk008, mlk009, mlk010,
  mlk401, mlk402, mlk403, mlk404, mlk405, mlk406, mlk407, mlk408, mlk409, mlk410, mlk411, mlk412,
  mlk413, mlk414, mlk415, mlk416, mlk417, mlk418, mlk419, mlk420, mlk421, mlk422, mlk423, mlk424,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));
