import type { DockerfileRule } from '../../rule';
import { rule as mld001 } from './mld001-unknown-instruction';
import { rule as mld002 } from './mld002-instruction-arguments';
import { rule as mld004 } from './mld004-first-instruction-not-from';
import { rule as mld009 } from './mld009-stage-name-invalid';
import { rule as mld010 } from './mld010-reserved-stage-name';
import { rule as mld011 } from './mld011-copy-from-unknown-stage';
import { rule as mld012 } from './mld012-copy-from-self';
import { rule as mld013 } from './mld013-copy-dest-needs-slash';
import { rule as mld014 } from './mld014-workdir-relative';
import { rule as mld015 } from './mld015-copy-relative-dest-without-workdir';
import { rule as mld016 } from './mld016-duplicate-cmd-entrypoint-healthcheck';
import { rule as mld017 } from './mld017-env-self-reference';
import { rule as mld018 } from './mld018-onbuild-forbidden-trigger';
import { rule as mld019 } from './mld019-expose-port-invalid';
import { rule as mld020 } from './mld020-expose-host-mapping';
import { rule as mld021 } from './mld021-exec-form-single-quotes';
import { rule as mld022 } from './mld022-empty-continuation-line';
import { rule as mld023 } from './mld023-parser-directive-invalid';
import { rule as mld025 } from './mld025-package-install-non-interactive';
import { rule as mld026 } from './mld026-pipe-without-pipefail';
import { rule as mld101 } from './mld101-secret-in-arg-env';
import { rule as mld102 } from './mld102-credentials-in-url';
import { rule as mld103 } from './mld103-secret-file-copied';
import { rule as mld104 } from './mld104-final-user-root';
import { rule as mld105 } from './mld105-sudo-in-run';
import { rule as mld106 } from './mld106-untrusted-registry';
import { rule as mld005 } from './mld005-invalid-image-reference';
import { rule as mld006 } from './mld006-undefined-arg-in-from';
import { rule as mld007 } from './mld007-undefined-variable';
import { rule as mld008 } from './mld008-global-arg-not-redeclared';
import { rule as mld003 } from './mld003-invalid-flag';
import { rule as mld028 } from './mld028-variable-in-exec-form';
import { rule as mld029 } from './mld029-command-substitution-not-run';
import { rule as mld030 } from './mld030-run-shell-syntax-error';
import { rule as mld031 } from './mld031-run-continuation-merges-commands';
import { rule as mld032 } from './mld032-heredoc-without-errexit';
import { rule as mld033 } from './mld033-healthcheck-always-succeeds';
import { rule as mld034 } from './mld034-shell-variable-from-earlier-run';
import { rule as mld035 } from './mld035-pip-option-missing-value';
import { rule as mld036 } from './mld036-pip-install-externally-managed';
import { rule as mld037 } from './mld037-healthcheck-tool-missing';
import { rule as mld107 } from './mld107-remote-script-piped-to-shell';
import { rule as mld108 } from './mld108-jupyter-without-login';
import { rule as mld201 } from './mld201-image-tag-missing';
import { rule as mld202 } from './mld202-image-tag-floating';
import { rule as mld203 } from './mld203-python-package-unpinned';
import { rule as mld204 } from './mld204-os-package-unpinned';
import { rule as mld304 } from './mld304-python-package-cache-in-layer';
import { rule as mld305 } from './mld305-no-cache-dir-defeats-cache-mount';
import { rule as mld307 } from './mld307-consecutive-run';
import { rule as mld501 } from './mld501-cmd-shell-form';
import { rule as mld401 } from './mld401-cuda-devel-in-final-stage';
import { rule as mld402 } from './mld402-cuda-image-untagged';
import { rule as mld403 } from './mld403-cuda-image-eol';
import { rule as mld404 } from './mld404-torch-cuda-variant-mismatch';
import { rule as mld405 } from './mld405-duplicate-cuda-stack';
import { rule as mld406 } from './mld406-framework-reinstalled-over-framework-image';
import { rule as mld407 } from './mld407-model-or-dataset-in-image';
import { rule as mld408 } from './mld408-weights-downloaded-at-build';
import { rule as mld409 } from './mld409-driver-capabilities-missing-compute';
import { rule as mld410 } from './mld410-nvidia-env-unset-on-plain-base';
import { rule as mld411 } from './mld411-nvidia-driver-in-image';
import { rule as mld412 } from './mld412-cuda-toolkit-in-final-stage';
import { rule as mld413 } from './mld413-cuda-arch-list-unset';
import { rule as mld414 } from './mld414-cpu-target-pulls-cuda-torch';
import { rule as mld415 } from './mld415-python-output-buffered';
import { rule as mld416 } from './mld416-torch-rocm-cuda-mismatch';
import { rule as mld417 } from './mld417-visible-devices-in-image';
import { rule as mld418 } from './mld418-cuda-compat-on-library-path';
import { rule as mld419 } from './mld419-python-env-flag-off-value';
import { rule as mld024 } from './mld024-variable-modifier-unsupported';
import { rule as mld027 } from './mld027-invalid-base-image-platform';
import { rule as mld205 } from './mld205-lang-package-unpinned';
import { rule as mld206 } from './mld206-from-platform-constant';
import { rule as mld207 } from './mld207-apt-get-update-alone';
import { rule as mld208 } from './mld208-add-url-without-checksum';
import { rule as mld209 } from './mld209-zypper-dist-upgrade';
import { rule as mld210 } from './mld210-apt-upgrade-in-build';
import { rule as mld211 } from './mld211-base-image-eol-release';
import { rule as mld212 } from './mld212-git-clone-unpinned';
import { rule as mld301 } from './mld301-apt-lists-not-removed';
import { rule as mld302 } from './mld302-apt-recommends-installed';
import { rule as mld303 } from './mld303-package-cache-in-layer';
import { rule as mld306 } from './mld306-deps-installed-after-source-copy';
import { rule as mld308 } from './mld308-copy-entire-filesystem';
import { rule as mld309 } from './mld309-useradd-without-no-log-init';
import { rule as mld310 } from './mld310-wget-without-progress';
import { rule as mld311 } from './mld311-curl-and-wget';
import { rule as mld502 } from './mld502-cd-instead-of-workdir';
import { rule as mld503 } from './mld503-pointless-command';
import { rule as mld504 } from './mld504-apt-instead-of-apt-get';
import { rule as mld505 } from './mld505-add-instead-of-copy';
import { rule as mld506 } from './mld506-extract-with-add';
import { rule as mld507 } from './mld507-shell-instruction-preferred';
import { rule as mld508 } from './mld508-maintainer-deprecated';
import { rule as mld509 } from './mld509-legacy-key-value-format';
import { rule as mld510 } from './mld510-non-numeric-user';
import { rule as mld511 } from './mld511-label-key-invalid';
import { rule as mld512 } from './mld512-label-schema';
import { rule as mld513 } from './mld513-healthcheck-missing';
import { rule as mld514 } from './mld514-instruction-casing';
import { rule as mld515 } from './mld515-stage-casing';
import { rule as mld516 } from './mld516-expose-protocol-casing';
import { rule as mld517 } from './mld517-redundant-target-platform';
import { rule as mld518 } from './mld518-arg-description-format';
import { rule as mld519 } from './mld519-inline-ignore-used';
import { compareRuleIds } from '../../rule-order';
import { withSafeWrappedFixes } from './wrapped-fixes';

/** The Dockerfile rule registry, in ID order. */
export const dockerfileRules: readonly DockerfileRule[] = [
  mld307, mld501,
  mld304, mld305,
  mld201, mld202, mld203, mld204,
  mld003, mld028, mld029, mld030, mld031, mld032, mld033, mld034, mld035, mld036, mld037, mld107,
  mld005, mld006, mld007, mld008,
  mld101, mld102, mld103, mld104, mld105, mld106, mld108,
  mld014, mld015, mld016, mld017, mld018, mld019, mld020, mld021, mld022, mld023, mld025, mld026,
  mld001, mld002, mld004, mld009, mld010, mld011, mld012, mld013,
  mld401, mld402, mld403, mld404, mld405, mld406, mld407, mld408, mld409, mld410, mld411, mld412, mld413, mld414, mld415, mld416, mld417, mld418, mld419,
  mld024, mld027, mld205, mld206, mld207, mld208, mld209, mld210, mld211, mld212, mld301, mld302, mld303, mld306, mld308, mld309, mld310, mld311, mld502,
  mld503, mld504, mld505, mld506, mld507, mld508, mld509, mld510, mld511, mld512, mld513, mld514, mld515, mld516, mld517, mld518, mld519,
]
  .sort((a, b) => compareRuleIds(a.meta.id, b.meta.id))
  .map(withSafeWrappedFixes);
