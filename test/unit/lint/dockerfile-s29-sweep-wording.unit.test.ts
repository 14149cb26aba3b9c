import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

function lint(id: string, lines: readonly string[]): Finding[] {
  return lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

const messages = (id: string, lines: readonly string[]): string[] => lint(id, lines).map((f) => f.message);

describe('s29: Dockerfile sweep wording and misses (MLD413, MLD203, MLD031)', () => {
  describe('MLD413 says what each builder falls back to with no GPU in docker build', () => {
    const cuda118 = 'FROM nvidia/cuda:11.8.0-cudnn8-devel-ubuntu22.04';

    it("names DeepSpeed's fixed default list for its ops (axolotl docker/Dockerfile-base:60)", () => {
      const deepspeed = 'RUN git clone https://github.com/microsoft/DeepSpeed.git && cd DeepSpeed && DS_BUILD_OPS=1 python3 setup.py bdist_wheel';
      const [f, ...rest] = lint('MLD413', [cuda118, deepspeed]);
      assert.equal(rest.length, 0);
      assert.equal(
        f?.message,
        `This RUN builds DeepSpeed's ops without TORCH_CUDA_ARCH_LIST, so they get DeepSpeed's fixed default list (6.0;6.1;7.0, plus 8.0;8.6;9.0 from CUDA 11.8 and 10.0;12.0 from 12.8), which may leave out the GPUs you deploy on; set ENV TORCH_CUDA_ARCH_LIST="8.0;8.6;8.9;9.0" (the architectures you deploy on) before it.`,
      );
      assert.equal(f?.fix?.title, 'Add ENV TORCH_CUDA_ARCH_LIST="8.0;8.6;8.9;9.0"');
    });

    it("names apex's cross-compile list for --cuda_ext (axolotl docker/Dockerfile-base:77)", () => {
      const apex = 'RUN cd apex && MAX_JOBS=1 python3 -m pip install --global-option="--cpp_ext" --global-option="--cuda_ext" --no-cache -v .';
      assert.deepEqual(messages('MLD413', [cuda118, 'RUN git clone https://github.com/NVIDIA/apex', apex]), [
        `This RUN builds apex's CUDA extensions without TORCH_CUDA_ARCH_LIST; docker build shows no GPU, so apex's setup.py falls back to its fixed list (6.0 to 9.0 from CUDA 11.8), which may leave out the GPUs you deploy on; set ENV TORCH_CUDA_ARCH_LIST="8.0;8.6;8.9;9.0" (the architectures you deploy on) before it.`,
      ]);
    });

    it("says vLLM's CMake build compiles for every architecture it supports", () => {
      const [message] = messages('MLD413', [cuda118, 'RUN git clone https://github.com/vllm-project/vllm.git && cd vllm && pip install -e .']);
      assert.match(message ?? '', /^This RUN builds vLLM's CUDA kernels without TORCH_CUDA_ARCH_LIST; docker build shows no GPU, so its CMake build compiles for every architecture it supports \(torch's list of common ones\): slow, with large binaries; set ENV/);
    });

    it("says an unknown project gets its own fallback list, or none, where torch's extension builder fails", () => {
      const [message] = messages('MLD413', [cuda118, 'RUN cd /src/my-ops && FORCE_CUDA=1 python setup.py build_ext']);
      assert.match(message ?? '', /docker build shows no GPU, so the kernels target only the project's own fallback list, which may leave out the GPUs you deploy on, and where the project has none, torch's extension builder fails with an IndexError; set ENV TORCH_CUDA_ARCH_LIST=/);
    });

    it("names flash-attn's default list, and no message claims every GPU architecture", () => {
      const [flash] = messages('MLD413', [cuda118, 'RUN pip install --no-build-isolation git+https://github.com/Dao-AILab/flash-attention.git@v2.6.3']);
      assert.match(flash ?? '', /all of its default architectures, 80;90;100;120 in recent releases \(slow, large binaries\); set ENV FLASH_ATTN_CUDA_ARCHS="80;90"/);
      const both = 'RUN git clone https://github.com/microsoft/DeepSpeed.git /ds && git clone https://github.com/NVIDIA/apex /apex && cd /apex && python setup.py install --cuda_ext';
      for (const run of [both, 'RUN DS_BUILD_OPS=1 pip install --no-build-isolation deepspeed']) {
        assert.doesNotMatch(messages('MLD413', [cuda118, run])[0] ?? '', /every GPU architecture/, run);
      }
    });
  });

  describe('MLD203 says a VCS requirement on a branch tracks it', () => {
    const python = (run: string): string[] => messages('MLD203', ['FROM python:3.11-slim', run]);

    it('says three requirements on @main track branch main (axolotl docker/Dockerfile:12)', () => {
      const run = 'RUN pip3 install "peft @ git+https://github.com/huggingface/peft.git@main" "accelerate @ git+https://github.com/huggingface/accelerate.git@main" "transformers @ git+https://github.com/huggingface/transformers.git@main"';
      assert.deepEqual(python(run), [
        'peft @ git+https://github.com/huggingface/peft.git@main, accelerate @ git+https://github.com/huggingface/accelerate.git@main and transformers @ git+https://github.com/huggingface/transformers.git@main track branch main, so each rebuild can install different code; pin each to a commit SHA or tag (e.g. peft @ git+https://github.com/huggingface/peft.git@<commit-or-tag>) or install from a requirements/constraints file.',
      ]);
    });

    it('names HEAD as the default branch, refs/heads/x as branch x, and a slashed ref that is no tag as a ref', () => {
      assert.match(python('RUN pip install git+https://github.com/org/repo.git@HEAD')[0] ?? '', /tracks the default branch \(HEAD\), so each rebuild can install different code; pin a commit SHA or tag \(git\+https:\/\/github\.com\/org\/repo\.git@<commit-or-tag>\)/);
      assert.match(python('RUN pip install git+https://github.com/org/repo.git@refs/heads/stable#egg=repo')[0] ?? '', /tracks branch stable, .*\(git\+https:\/\/github\.com\/org\/repo\.git@<commit-or-tag>#egg=repo\)/);
      assert.match(python('RUN pip install git+https://github.com/org/repo.git@release/2.1')[0] ?? '', /tracks ref release\/2\.1, /);
      assert.match(python('RUN pip install "a @ git+https://github.com/org/a.git@main" "b @ git+https://github.com/org/b.git@develop"')[0] ?? '', / track branches main and develop, /);
    });

    it('keeps names and branch refs apart in one message', () => {
      assert.deepEqual(python('RUN pip install requests "peft @ git+https://github.com/huggingface/peft.git@dev"'), [
        'requests is not pinned and peft @ git+https://github.com/huggingface/peft.git@dev tracks branch dev, so rebuilds can pick up different releases and code; pin each (e.g. requests==<version>, peft @ git+https://github.com/huggingface/peft.git@<commit-or-tag>) or install from a requirements/constraints file.',
      ]);
    });

    it('takes tags, commits and tag-like names as pinned, and keeps the release wording for names', () => {
      for (const ref of ['v1.2.3', 'refs/tags/v1.2.3', 'eba6eb79dc2ab652cd8b44b37165a4852768a8ac', 'v2.0.0-dev1', 'release-2.1']) {
        assert.deepEqual(python(`RUN pip install "peft @ git+https://github.com/huggingface/peft.git@${ref}"`), [], ref);
      }
      assert.deepEqual(python('RUN pip install einops awscli'), ['einops and awscli are not pinned, so rebuilds can pick up different releases; pin each (e.g. einops==<version>) or install from a requirements/constraints file.']);
    });

    it('leaves torchvision beside a versioned torch wheel (AbdBarho services/AUTOMATIC1111): its release pins torch exactly', () => {
      const webui = 'RUN pip install /cache/torch-2.0.0-cp310-cp310-linux_x86_64.whl torchvision --index-url https://download.pytorch.org/whl/cu118';
      assert.deepEqual(python(webui), []);
      assert.equal(python('RUN pip install /cache/torchmetrics-1.4.0-py3-none-any.whl torchvision').length, 1);
    });
  });

  describe('MLD031 knows build tools that take the next line as operands', () => {
    const bnb = ['FROM nvidia/cuda:11.8.0-devel-ubuntu22.04', 'RUN git clone https://github.com/TimDettmers/bitsandbytes.git && \\', '    cd bitsandbytes && \\', '    CUDA_VERSION=118 make cuda11x \\', '    python setup.py bdist_wheel'];

    it('reports python setup.py continued from make (axolotl docker/Dockerfile-base:68), and the fix adds &&', () => {
      const [f, ...rest] = lint('MLD031', bnb);
      assert.equal(rest.length, 0);
      assert.deepEqual([f?.range.start, f?.range.end], [
        { line: 5, column: 5 },
        { line: 5, column: 11 },
      ]);
      assert.equal(f?.message, '`python setup.py bdist_wheel` on line 5 continues `make …` without an operator, so make takes them as targets and python never runs; add && before it.');
      const fixed = applyTextEdits(`${bnb.join('\n')}\n`, f?.fix?.edits ?? []);
      assert.ok(fixed.includes('make cuda11x \\\n    && python setup.py bdist_wheel'));
      assert.deepEqual(lint('MLD031', fixed.trimEnd().split('\n')), []);
    });

    it('says what cmake, ninja and go build do with them', () => {
      const base = 'FROM golang:1.22';
      assert.match(messages('MLD031', [base, 'RUN cmake .. -DGGML_CUDA=ON \\', '    make -j4'])[0] ?? '', /continues `cmake …` without an operator, so cmake takes them as extra source or build paths and make never runs/);
      assert.match(messages('MLD031', [base, 'RUN ninja -C build \\', '    ninja -C build install'])[0] ?? '', /so ninja takes them as targets and ninja never runs/);
      assert.match(messages('MLD031', [base, 'RUN go build -o /bin/app ./cmd/app \\', '    go install ./tools/...'])[0] ?? '', /continues `go build -o …` without an operator, so go build takes them as package paths and go never runs/);
    });

    it('near misses: cmake modes other than configuring, go run, make options and variables', () => {
      const base = 'FROM golang:1.22';
      assert.deepEqual(lint('MLD031', [base, 'RUN cmake --build build \\', '    cmake --install build']), []);
      assert.deepEqual(lint('MLD031', [base, 'RUN go run ./cmd/gen \\', '    go build ./...']), []);
      assert.deepEqual(lint('MLD031', [base, 'RUN make -j4 \\', '    PREFIX=/usr/local \\', '    install']), []);
      assert.deepEqual(lint('MLD031', [base, 'RUN make all && \\', '    python setup.py install']), []);
    });
  });
});
