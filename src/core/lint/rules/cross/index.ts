import type { CrossRule } from '../../cross/rule';
import { rule as mlx001 } from './mlx001-copy-source-ignored';
import { rule as mlx002 } from './mlx002-copy-source-missing';
import { rule as mlx003 } from './mlx003-compose-build-target-missing';
import { rule as mlx004 } from './mlx004-compose-path-missing';
import { rule as mlx005 } from './mlx005-image-user-vs-run-as-non-root';
import { rule as mlx006 } from './mlx006-service-selects-nothing';
import { rule as mlx007 } from './mlx007-service-target-port-mismatch';
import { rule as mlx008 } from './mlx008-ingress-backend-unresolved';
import { rule as mlx009 } from './mlx009-hpa-target-missing';
import { rule as mlx010 } from './mlx010-hpa-target-sets-replicas';
import { rule as mlx011 } from './mlx011-hpa-utilization-without-requests';
import { rule as mlx012 } from './mlx012-pdb-min-available-vs-replicas';
import { rule as mlx013 } from './mlx013-statefulset-service-missing';
import { rule as mlx014 } from './mlx014-referenced-config-missing';
import { rule as mlx015 } from './mlx015-service-account-missing';
import { rule as mlx016 } from './mlx016-networkpolicy-selects-nothing';
import { rule as mlx017 } from './mlx017-servicemonitor-selects-nothing';
import { rule as mlx018 } from './mlx018-workload-scaled-by-two-autoscalers';
import { rule as mlx019 } from './mlx019-inferencepool-selects-nothing';
import { rule as mlx020 } from './mlx020-compose-build-arg-unused';
import { rule as mlx021 } from './mlx021-host-network-cluster-dns';
import { rule as mlx022 } from './mlx022-subdomain-service-not-headless';
import { rule as mlx023 } from './mlx023-service-host-unresolved';
import { rule as mlx024 } from './mlx024-kustomization-resource-missing';
import { rule as mlx101 } from './mlx101-pod-not-covered-by-networkpolicy';
import { rule as mlx301 } from './mlx301-dockerignore-misses-ml-artifacts';
import { rule as mlx401 } from './mlx401-cuda-base-vs-node-driver';
import { rule as mlx402 } from './mlx402-hpa-cpu-only-on-gpu-workload';
import { rule as mlx403 } from './mlx403-rwo-volume-shared-across-replicas';
import { rule as mlx501 } from './mlx501-probe-port-not-exposed';
import { rule as mlx502 } from './mlx502-healthcheck-ignored-by-k8s';
import { rule as mlx503 } from './mlx503-pdb-missing';
import { compareRuleIds } from '../../rule-order';

/** The cross-file (MLX) rule registry, in ID order. */
export const crossRules: readonly CrossRule[] = [
  mlx001, mlx002, mlx003, mlx004, mlx005, mlx006, mlx007, mlx008, mlx009, mlx010, mlx011, mlx012, mlx013, mlx014, mlx015, mlx016, mlx017, mlx018, mlx019, mlx020, mlx021, mlx022, mlx023, mlx024, mlx101, mlx301, mlx401, mlx402, mlx403, mlx501, mlx502, mlx503,
].sort((a, b) => compareRuleIds(a.meta.id, b.meta.id));
