import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const lint = (id: string, lines: readonly string[]): Finding[] => lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
const messages = (id: string, lines: readonly string[]): string[] => lint(id, lines).map((f) => f.message);

describe('s27: Dockerfile sweep of real ML images (MLD401, MLD304, MLD405, MLD203, MLD101, MLD413)', () => {
  describe('MLD401 and an image that provisions itself when it starts', () => {
    // mmartial/ComfyUI-Nvidia-Docker: init.bash installs ComfyUI and its nodes at start; their kernels build with nvcc.
    const comfy = [
      'FROM nvidia/cuda:12.8.1-cudnn-devel-ubuntu24.04',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-pip python3-venv',
      'COPY --chmod=555 init.bash /comfyui-nvidia_init.bash',
      'ENTRYPOINT [ "/comfyui-nvidia_init.bash" ]',
    ];

    it('stays silent when the final image installs nothing and starts a script from the build context', () => {
      assert.deepEqual(lint('MLD401', comfy), []);
      // Into a directory, started through a shell behind an init, or as the CMD.
      const copied = comfy.map((l) => (l.startsWith('COPY') ? 'COPY scripts/init.bash scripts/env.sh /usr/local/bin/' : l));
      for (const start of ['ENTRYPOINT ["tini", "--", "bash", "/usr/local/bin/init.bash"]', 'CMD /usr/local/bin/init.bash']) {
        assert.deepEqual(lint('MLD401', copied.map((l) => (l.startsWith('ENTRYPOINT') ? start : l))), [], start);
      }
    });

    it('keeps reporting when the image installs Python packages, copies a build in, or starts something else', () => {
      const cases = [
        [...comfy.slice(0, 2), 'RUN pip install --no-cache-dir torch==2.7.0', ...comfy.slice(2)],
        ['FROM ubuntu:24.04 AS build', 'RUN mkdir /out', ...comfy.slice(0, 2), 'COPY --from=build /out /app', ...comfy.slice(2)],
        comfy.map((l) => (l.startsWith('ENTRYPOINT') ? 'CMD ["python3", "-m", "http.server"]' : l)),
        comfy.map((l) => (l.startsWith('ENTRYPOINT') ? 'ENTRYPOINT ["/other.sh"]' : l)),
      ];
      for (const lines of cases) {
        assert.equal(lint('MLD401', lines).length, 1, lines.join(' / '));
      }
    });
  });

  describe('MLD304 and where conda was installed', () => {
    // sgl-project/sglang docker/Dockerfile.xeon.
    const sglang = [
      'FROM ubuntu:24.04',
      'WORKDIR /sgl-workspace',
      'RUN bash miniforge.sh -b -p ./miniforge3 && . miniforge3/bin/activate && conda install -y libsqlite==3.48.0',
      'ENV CONDA_PREFIX=/sgl-workspace/miniforge3',
    ];
    const mount = (lines: readonly string[]): string | undefined => /cache mount on (\S+)\.$/.exec(messages('MLD304', lines)[0] ?? '')?.[1];

    it("takes the installer's -p prefix, resolved against WORKDIR", () => {
      assert.equal(mount(sglang), '/sgl-workspace/miniforge3/pkgs');
      assert.equal(mount(sglang.map((l) => l.replace('-b -p ./miniforge3', '-bp /opt/miniforge'))), '/opt/miniforge/pkgs');
      assert.equal(mount(['FROM ubuntu:24.04', 'WORKDIR /w', 'RUN bash Miniconda3-latest-Linux-x86_64.sh -b -p ../conda', 'RUN conda install -y numpy==2.0.0']), '/conda/pkgs');
    });

    it('else an ENV CONDA_DIR or CONDA_PREFIX, else the PATH, else /opt/conda', () => {
      const prefixed = (env: string): string[] => ['FROM ubuntu:24.04', env, 'RUN conda install -y numpy==2.0.0'];
      assert.equal(mount(prefixed('ENV CONDA_DIR=/opt/miniforge3')), '/opt/miniforge3/pkgs');
      assert.equal(mount(prefixed('ENV PATH=/root/miniconda3/bin:$PATH')), '/root/miniconda3/pkgs');
      assert.equal(mount(prefixed('ENV CONDA_DIR=$HOME/conda')), '/opt/conda/pkgs');
      assert.equal(mount(['FROM continuumio/miniconda3:24.7.1-0', 'RUN conda install -y numpy==2.0.0']), '/opt/conda/pkgs');
    });
  });

  describe('MLD405 says a stage compiles CUDA code only when it runs a compiler or build', () => {
    const devel = (run: string): string[] => ['FROM nvidia/cuda:12.4.1-devel-ubuntu22.04', 'RUN pip install --no-cache-dir torch==2.4.0', run];

    it('on an invocation: cmake, ninja, nvcc, setup.py, --no-build-isolation', () => {
      for (const run of ['RUN cmake -B build && cmake --build build', 'RUN cd build && ninja', 'RUN /usr/local/cuda/bin/nvcc -o k k.cu', 'RUN python setup.py bdist_wheel', 'RUN pip install --no-cache-dir --no-build-isolation flash-attn==2.7.4']) {
        assert.match(messages('MLD405', devel(run))[0] ?? '', /; this stage compiles CUDA code, so compile in a devel stage/, run);
      }
    });

    it('not on packages named after build tools (jimlee2048/comfyui-docker, unslothai/unsloth)', () => {
      for (const run of ['RUN apt-get update && apt-get install -y cmake ninja-build', 'RUN pip install --no-cache-dir ninja==1.11.1', 'RUN apt-get install -y cuda-nvcc-12-4']) {
        const [found] = messages('MLD405', devel(run));
        assert.doesNotMatch(found ?? '', /this stage compiles CUDA code/, run);
        if (!run.includes('cuda-nvcc')) {
          assert.match(found ?? '', /; this stage installs build tools or packages that compile CUDA code when they run, so keep the devel image only if something compiles with nvcc; otherwise use an nvidia\/cuda "-base" tag or a plain OS base image\.$/, run);
        }
      }
    });

    it('and MLD401 still takes the build tools as a sign the image compiles when it runs', () => {
      assert.deepEqual(lint('MLD401', devel('RUN pip install --no-cache-dir ninja==1.11.1')), []);
    });
  });

  describe('MLD203 and pre-release installs from a nightly index', () => {
    it('says the install follows the nightly channel, and offers a dated pin or a suppression', () => {
      const nightly = [
        'RUN pip install --pre torch torchvision --index-url https://download.pytorch.org/whl/nightly/cu128',
        'RUN uv pip install torch --pre --index-url ${BASE}/nightly/cpu',
        'RUN uv pip install --prerelease allow torch --extra-index-url https://download.pytorch.org/whl/nightly/cpu',
      ];
      for (const run of nightly) {
        const [found, ...rest] = messages('MLD203', ['FROM python:3.12-slim', 'ARG BASE=https://download.pytorch.org/whl', run]);
        assert.equal(rest.length, 0, run);
        assert.match(found ?? '', /^torch(?:, torchvision)? follows? the nightly channel \(--pre from a nightly index\), so each rebuild installs that day's build; pin a dated build \(torch==<version>\.dev<YYYYMMDD>\) or, if tracking nightlies is the point, suppress this\.$/, run);
      }
    });

    it('keeps the release wording without --pre, or from a release index', () => {
      for (const run of ['RUN pip install torch --index-url https://download.pytorch.org/whl/nightly/cu128', 'RUN pip install --pre torch --index-url https://download.pytorch.org/whl/cu128', 'RUN pip install --pre torch']) {
        assert.match(messages('MLD203', ['FROM python:3.12-slim', run])[0] ?? '', /^torch is not pinned, so rebuilds can pick up a different release/, run);
      }
    });
  });

  describe('MLD101 in a stage the final image does not build on', () => {
    // huggingface/text-embeddings-inference Dockerfile-cuda: the sccache token is an ARG of the builder stage.
    const tei = ['FROM nvidia/cuda:12.2.0-devel-ubuntu22.04 AS builder', 'ARG ACTIONS_RUNTIME_TOKEN', 'RUN cargo build --release', 'FROM nvidia/cuda:12.2.0-base-ubuntu22.04', 'COPY --from=builder /usr/src/target/release/router /usr/local/bin/'];

    it('names the build cache and provenance attestations, not the image history', () => {
      assert.deepEqual(messages('MLD101', tei), [
        'ARG ACTIONS_RUNTIME_TOKEN looks like a secret; stage "builder" does not reach the final image, but ARG values stay in the build cache and in max-mode provenance attestations, so use RUN --mount=type=secret,id=actions_runtime_token,env=ACTIONS_RUNTIME_TOKEN where it is needed.',
      ]);
      assert.match(messages('MLD101', ['FROM ubuntu:24.04', 'ARG HF_TOKEN', 'FROM ubuntu:24.04'])[0] ?? '', /; stage 0 does not reach the final image, but ARG values stay/);
    });

    it('keeps the image history for the final stage and the stages it builds on', () => {
      const lines = ['FROM ubuntu:24.04 AS base', 'ARG HF_TOKEN', 'FROM base', 'ENV WANDB_API_KEY=$WANDB_API_KEY'];
      assert.deepEqual(
        messages('MLD101', lines).map((m) => /; (\w+ values persist in the image and its history)/.exec(m)?.[1]),
        ['ARG values persist in the image and its history', 'ENV values persist in the image and its history'],
      );
    });
  });

  describe('MLD413 and a build in a branch the ARG defaults skip', () => {
    // hiyouga/LLaMA-Factory docker/docker-cuda/Dockerfile.
    const factory = (arg: string): string[] => [
      'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04',
      arg,
      'ENV FLASH_ATTENTION_FORCE_BUILD=TRUE',
      'RUN if [ "${INSTALL_FLASHATTN}" == "true" ]; then \\',
      '        pip install --no-cache-dir flash-attn --no-build-isolation; \\',
      '    fi',
    ];

    it('says which setting takes the branch, and stays reporting', () => {
      assert.match(messages('MLD413', factory('ARG INSTALL_FLASHATTN=false'))[0] ?? '', /^When INSTALL_FLASHATTN=true, this RUN builds flash-attn from source without FLASH_ATTN_CUDA_ARCHS/);
    });

    it('says nothing more when the branch is taken, the value unknown, or the build sits in the else branch', () => {
      assert.match(messages('MLD413', factory('ARG INSTALL_FLASHATTN=true'))[0] ?? '', /^This RUN builds flash-attn/);
      assert.match(messages('MLD413', factory('ARG INSTALL_FLASHATTN'))[0] ?? '', /^This RUN builds flash-attn/);
      const elseBranch = factory('ARG INSTALL_FLASHATTN=false').map((l) => (l.includes('pip install') ? '        echo skip; else pip install --no-cache-dir flash-attn --no-build-isolation; \\' : l));
      assert.match(messages('MLD413', elseBranch)[0] ?? '', /^This RUN builds flash-attn/);
    });
  });
});
