import type { ComposeRule } from '../../compose/rule';
import { rule as mlc001 } from './mlc001-yaml-syntax';
import { rule as mlc002 } from './mlc002-schema-violation';
import { rule as mlc003 } from './mlc003-duplicate-container-name';
import { rule as mlc004 } from './mlc004-duplicate-host-port';
import { rule as mlc005 } from './mlc005-container-name-invalid';
import { rule as mlc006 } from './mlc006-shm-size-format';
import { rule as mlc007 } from './mlc007-depends-on-healthy-without-healthcheck';
import { rule as mlc008 } from './mlc008-port-mapping-sexagesimal';
import { rule as mlc101 } from './mlc101-secret-literal-in-environment';
import { rule as mlc102 } from './mlc102-port-bound-to-all-interfaces';
import { rule as mlc103 } from './mlc103-privileged-service';
import { rule as mlc104 } from './mlc104-docker-api-exposed';
import { rule as mlc105 } from './mlc105-confinement-disabled';
import { rule as mlc201 } from './mlc201-image-tag-floating';
import { rule as mlc401 } from './mlc401-gpu-device-missing-capabilities';
import { rule as mlc402 } from './mlc402-gpu-count-and-device-ids';
import { rule as mlc403 } from './mlc403-gpus-item-unknown-key';
import { rule as mlc404 } from './mlc404-gpu-devices-under-limits';
import { rule as mlc405 } from './mlc405-gpu-service-without-shm';
import { rule as mlc406 } from './mlc406-legacy-nvidia-runtime';
import { rule as mlc407 } from './mlc407-gpus-field-needs-compose-2-30';
import { rule as mlc408 } from './mlc408-multi-gpu-without-memlock-ulimit';
import { rule as mlc409 } from './mlc409-model-cache-not-persisted';
import { rule as mlc410 } from './mlc410-ml-ui-exposed';
import { rule as mlc411 } from './mlc411-restart-policy-on-training-service';
import { rule as mlc501 } from './mlc501-version-field-obsolete';
import { rule as mlc502 } from './mlc502-build-and-image';
import { rule as mlc503 } from './mlc503-project-name-missing';
import { rule as mlc009 } from './mlc009-depends-on-undefined-service';
import { rule as mlc010 } from './mlc010-extends-unresolved';
import { rule as mlc011 } from './mlc011-volume-undefined';
import { rule as mlc012 } from './mlc012-healthcheck-always-succeeds';
import { rule as mlc013 } from './mlc013-healthcheck-tool-missing';
import { rule as mlc014 } from './mlc014-ports-ignored-with-host-network';
import { rule as mlc412 } from './mlc412-gpu-capability-unknown';
import { rule as mlc413 } from './mlc413-gpu-driver-unknown';
import { rule as mlc414 } from './mlc414-server-uses-fewer-gpus';
import { rule as mlc415 } from './mlc415-server-parallelism-exceeds-gpus';
import { rule as mlc416 } from './mlc416-gpu-selected-without-request';
import { rule as mlc417 } from './mlc417-rocm-without-kfd';
import { rule as mlc504 } from './mlc504-key-order';
import { rule as mlc505 } from './mlc505-sorted-lists';
import { rule as mlc506 } from './mlc506-volumes-quoted';
import { rule as mlc507 } from './mlc507-ports-unquoted';
import { compareRuleIds } from '../../rule-order';

/** The Compose rule registry, in ID order. */
export const composeRules: readonly ComposeRule[] = [
  mlc001, mlc002, mlc003, mlc004, mlc005, mlc006, mlc007, mlc008, mlc009, mlc010, mlc011, mlc012, mlc013, mlc014,
  mlc101, mlc102, mlc103, mlc104, mlc105, mlc201,
  mlc401, mlc402, mlc403, mlc404, mlc405, mlc406, mlc407, mlc408, mlc409, mlc410, mlc411, mlc412, mlc413, mlc414, mlc415, mlc416, mlc417,
  mlc501, mlc502, mlc503, mlc504, mlc505, mlc506, mlc507,
].sort((a, b) => compareRuleIds(a.meta.id, b.meta.id));
