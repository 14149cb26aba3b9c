import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function messages(id: string, text: string): string[] {
  const rules = dockerfileRules.filter((r) => r.meta.id === id);
  return lintDockerfile(text, { rules }).findings.map((f) => f.message);
}

const composeMessages = (id: string, text: string): string[] =>
  lintCompose(text, { config: emptyConfig() })
    .findings.filter((f) => f.ruleId === id)
    .map((f) => f.message);

describe('s34 sweep: messages that say what is true of the file', () => {
  describe('MLD105 sudo in RUN', () => {
    it('tells a step that already runs as root to drop sudo', () => {
      // facefusion/facefusion-docker Dockerfile.rocm: `RUN sudo ln -sf …` with no USER before it.
      const found = messages('MLD105', 'FROM rocm/dev-ubuntu-22.04:6.2.4\nRUN sudo ln -sf /opt/rocm/llvm/bin/ld.lld /usr/bin/ld.lld\n');
      assert.deepEqual(found, [
        'sudo in a build step is unpredictable (TTY, PAM, env reset) and keeps sudo in the image; no USER is set before this step, so unless the base image sets one it already runs as root: drop sudo.',
      ]);
      const asRoot = messages('MLD105', 'FROM ubuntu:24.04 AS base\nRUN useradd -m app\nUSER app\nFROM base\nUSER root\nRUN sudo apt-get update\n');
      assert.deepEqual(asRoot, ['sudo in a build step is unpredictable (TTY, PAM, env reset) and keeps sudo in the image; this step already runs as root (USER root): drop sudo.']);
    });

    it('keeps the USER root advice after an unprivileged USER, also one set in an earlier stage or by a known base image', () => {
      // facebookresearch/detectron2 docker/deploy.Dockerfile: sudo after `USER appuser`.
      const found = messages('MLD105', 'FROM ubuntu:22.04 AS base\nRUN useradd -m appuser\nUSER appuser\nFROM base\nRUN sudo apt-get update\n');
      assert.deepEqual(found, ['sudo in a build step is unpredictable (TTY, PAM, env reset) and keeps sudo in the image; switch USER root for the step and back to the unprivileged user afterwards.']);
      // Jupyter's docker-stacks images end with USER jovyan: a step with no USER of its own runs as jovyan.
      const jupyter = messages('MLD105', 'FROM quay.io/jupyter/base-notebook:2024-05-27\nRUN sudo apt-get update\n');
      assert.deepEqual(jupyter, found);
    });

    it('does not tell `sudo -u` (another user) or an ONBUILD step (a later build\'s user) to drop sudo', () => {
      const other = messages('MLD105', 'FROM ubuntu:24.04\nRUN sudo -u postgres createdb app && sudo --user=app make && sudo -Eu app make\n');
      assert.equal(other.length, 3);
      assert.ok(other.every((m) => m.endsWith('set USER to that user for the step and back afterwards.')));
      const onbuild = messages('MLD105', 'FROM ubuntu:22.04\nONBUILD RUN sudo make install\n');
      assert.deepEqual(onbuild, ['sudo in a build step is unpredictable (TTY, PAM, env reset) and keeps sudo in the image; switch USER root for the step and back to the unprivileged user afterwards.']);
    });
  });

  describe('MLD304 cache mount for the user the base image runs as', () => {
    it('points the mount at the home of a known non-root base image user when the Dockerfile sets no USER', () => {
      // pytorch/serve docker/Dockerfile.llm: TorchServe's images run as model-server, whose pip cache is not in /root.
      const torchserve = messages('MLD304', 'FROM pytorch/torchserve-nightly:latest-gpu\nRUN pip install vllm==0.5.2\n');
      assert.equal(torchserve.length, 1);
      assert.match(torchserve[0] ?? '', /use RUN --mount=type=cache,target=\/home\/model-server\/\.cache\/pip,uid=<uid of model-server> \(USER model-server's cache, the user the base image runs as\)\.$/);
      const jupyter = messages('MLD304', 'FROM quay.io/jupyter/scipy-notebook:2024-05-27\nRUN uv pip install --system polars==1.0.0\n');
      assert.match(jupyter[0] ?? '', /target=\/home\/jovyan\/\.cache\/uv,uid=1000 \(USER jovyan's cache, the user the base image runs as\)\.$/);
      // A cache folder the Dockerfile names keeps its place, and the mount still has to belong to that user.
      const moved = messages('MLD304', 'FROM rayproject/ray:2.9.0-gpu\nENV PIP_CACHE_DIR=/tmp/pip-cache\nRUN pip install polars==1.0.0\n');
      assert.match(moved[0] ?? '', /target=\/tmp\/pip-cache,uid=1000 \(USER ray's cache, the user the base image runs as\)\.$/);
    });

    it('keeps /root for a base that runs as root, and for USER root over a non-root base', () => {
      assert.match(messages('MLD304', 'FROM python:3.11-slim\nRUN pip install polars==1.0.0\n')[0] ?? '', /target=\/root\/\.cache\/pip\.$/);
      assert.match(messages('MLD304', 'FROM rayproject/ray:2.9.0-gpu\nUSER root\nRUN pip install polars==1.0.0\n')[0] ?? '', /target=\/root\/\.cache\/pip\.$/);
    });
  });

  describe('MLC201 floating tag', () => {
    it('words the finding so that it is true of a locally built image too', () => {
      // opendatalab/MinerU docker/compose.yaml: `image: mineru-sglang:latest`, built with `docker build -t`.
      const found = composeMessages('MLC201', 'services:\n  mineru:\n    image: mineru-sglang:latest\n');
      assert.deepEqual(found, ['Image tag "latest" floats: it names whatever was last pushed or built under that tag; pin a version tag or a digest.']);
    });
  });
});
