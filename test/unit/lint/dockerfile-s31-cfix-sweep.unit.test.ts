import * as assert from 'node:assert/strict';
import { parseMlcConfig } from '../../../src/core/lint/config';
import type { LintOptions } from '../../../src/core/lint/engine';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const findings = (id: string, lines: readonly string[], options: Omit<LintOptions, 'rules'> = {}): Finding[] =>
  lintDockerfile(`${lines.join('\n')}\n`, { ...options, rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;

describe('s31 sweep: MLD308 copies the whole of a stage or an image, not of a named build context', () => {
  it('is silent for a named context declared in .mlc.yaml (frigate: COPY --from=rootfs / /)', () => {
    const parsed = parseMlcConfig('dockerfiles:\n  Dockerfile: { contexts: [deps, rootfs] }\n');
    assert.ok(parsed.ok);
    const lines = ['FROM deps AS app', 'COPY --from=rootfs / /', 'USER 1000', 'CMD ["python3", "-m", "app"]'];
    assert.deepEqual(findings('MLD308', lines, { config: parsed.config, path: 'Dockerfile' }), []);
  });

  it('is silent for a context passed by bake or Compose, even one named as a stage of the file (the context replaces it)', () => {
    const lines = ['FROM python:3.12 AS rootfs', 'FROM python:3.12-slim', 'COPY --from=rootfs / /'];
    assert.deepEqual(findings('MLD308', lines, { namedContexts: ['rootfs'] }), []);
    assert.equal(findings('MLD308', lines).length, 1);
  });

  it('leaves a bare name that is neither a stage nor a context to MLD011', () => {
    const lines = ['FROM python:3.12-slim', 'COPY --from=rootfs / /'];
    assert.deepEqual(findings('MLD308', lines), []);
    assert.equal(findings('MLD011', lines).length, 1);
  });

  it('names the image it copies whole, and still says "the other stage" for a stage', () => {
    const image = findings('MLD308', ['FROM python:3.12-slim', 'COPY --from=ubuntu:24.04 / /']);
    assert.match(image[0]?.message ?? '', /^COPY --from of \/ copies the image ubuntu:24\.04's entire filesystem/);
    const stage = findings('MLD308', ['FROM python:3.12 AS build', 'FROM python:3.12-slim', 'COPY --from=build / /']);
    assert.match(stage[0]?.message ?? '', /copies the other stage's entire filesystem/);
  });
});

describe('s31 sweep: MLD401 counts a pip install that builds ggml with CUDA as compiling CUDA', () => {
  const devel = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04';
  const tail = ['USER 1000', 'CMD ["python3", "-m", "llama_cpp.server"]'];
  const mld401 = (...runs: string[]): number => findings('MLD401', [devel, ...runs, ...tail]).length;

  it('reads CMAKE_ARGS inline, exported earlier in the script, or as an ARG in scope', () => {
    assert.equal(mld401('RUN CMAKE_ARGS="-DGGML_CUDA=on" pip install --no-cache-dir llama-cpp-python==0.3.2'), 0);
    assert.equal(mld401('RUN export CMAKE_ARGS="-DLLAMA_CUBLAS=1" && pip3 install --no-cache-dir llama-cpp-python==0.2.20'), 0);
    assert.equal(mld401('ARG CMAKE_ARGS="-DLLAMA_CUDA=ON -DCMAKE_CUDA_ARCHITECTURES=86"', 'RUN uv pip install --system llama-cpp-python==0.2.77'), 0);
  });

  it('reads the env-prefixed form', () => {
    assert.equal(mld401('RUN env CMAKE_ARGS=-DGGML_CUDA=on pip install --no-cache-dir llama-cpp-python==0.3.2'), 0);
  });

  it("reads scikit-build-core's config settings", () => {
    assert.equal(mld401('RUN pip install --no-cache-dir -C cmake.args=-DGGML_CUDA=on llama-cpp-python==0.3.2'), 0);
    assert.equal(mld401('RUN pip install --no-cache-dir --config-settings=cmake.define.GGML_CUDA=ON llama-cpp-python==0.3.2'), 0);
  });

  it('still reports a devel base whose ggml build leaves CUDA off, or sets CMAKE_ARGS for no pip install', () => {
    assert.equal(mld401('RUN CMAKE_ARGS="-DGGML_CUDA=OFF" pip install --no-cache-dir llama-cpp-python==0.3.2'), 1);
    assert.equal(mld401('RUN CMAKE_ARGS="-DGGML_VULKAN=on" pip install --no-cache-dir llama-cpp-python==0.3.2'), 1);
    assert.equal(mld401('ENV CMAKE_ARGS="-DGGML_CUDA=on"', 'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'), 1);
  });
});

describe('s31 sweep: MLD201 on a bare name says it may be a named build context', () => {
  it('adds the .mlc.yaml entry to write, with the file path when known (frigate FROM deps, FROM wheels)', () => {
    const [named] = findings('MLD201', ['FROM deps', 'USER 1000'], { path: 'docker/tensorrt/Dockerfile.base' });
    assert.equal(named?.message, 'deps has no tag, so every build may pull a different image; pin a tag (and ideally a @sha256 digest); if deps is a named build context (bake `contexts`, --build-context), list it in .mlc.yaml instead (dockerfiles: {docker/tensorrt/Dockerfile.base: {contexts: [deps]}}).');
    assert.match(findings('MLD201', ['FROM wheels AS trt-wheels'])[0]?.message ?? '', /\(dockerfiles: \{<path>: \{contexts: \[wheels\]\}\}\)\.$/);
  });

  it('keeps the plain advice for a reference with a namespace or registry', () => {
    assert.equal(findings('MLD201', ['FROM ghcr.io/org/app'])[0]?.message, 'ghcr.io/org/app has no tag, so every build may pull a different image; pin a tag (and ideally a @sha256 digest).');
  });

  it('the entry it names silences it', () => {
    const parsed = parseMlcConfig('dockerfiles:\n  docker/tensorrt/Dockerfile.base: {contexts: [deps]}\n');
    assert.ok(parsed.ok);
    assert.deepEqual(findings('MLD201', ['FROM deps', 'USER 1000'], { config: parsed.config, path: 'docker/tensorrt/Dockerfile.base' }), []);
  });
});
