import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const lint = (id: string, lines: readonly string[]): Finding[] => lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
const messages = (id: string, lines: readonly string[]): string[] => lint(id, lines).map((f) => f.message);
const at = (f: Finding | undefined): string => (f ? `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}` : 'none');

const devel = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04';

describe('s28: Dockerfile sweep fixes (MLD413 --no-build-isolation, MLD408 aria2c, MLD002 unterminated heredocs)', () => {
  describe('MLD413 counts --no-build-isolation only with a project that compiles CUDA kernels', () => {
    it('stays silent on DeepGEMM, which compiles one C++ file and JIT-compiles its kernels (runpod-workers/worker-vllm)', () => {
      const runpod = 'RUN uv pip install --system git+https://github.com/deepseek-ai/DeepGEMM.git@714dd1a4a980f7937a74343d19a8eba4fe321480 --no-build-isolation';
      assert.deepEqual(lint('MLD413', ['FROM nvidia/cuda:13.0.2-devel-ubuntu22.04', runpod]), []);
      assert.deepEqual(lint('MLD413', [devel, 'RUN pip install --no-build-isolation deep_gemm DeepGEMM']), []);
    });

    it('stays silent on a requirements file it cannot read (roboflow/inference Dockerfile.onnx.gpu)', () => {
      const roboflow = 'RUN python3 -m pip install -r requirements.pali.flash_attn.txt --no-dependencies --no-build-isolation && rm -rf ~/.cache/pip';
      assert.deepEqual(lint('MLD413', [devel, roboflow]), []);
      assert.deepEqual(lint('MLD413', [devel, 'RUN pip install --no-build-isolation -r requirements.txt ./dist/helper-1.0-py3-none-any.whl']), []);
    });

    it('stays silent on packages the index ships as wheels and on projects that fetch their own prebuilt wheel', () => {
      assert.deepEqual(lint('MLD413', [devel, 'RUN pip install --no-build-isolation xformers==0.0.28.post1 vllm==0.6.3 arctic-inference==0.1.1']), []);
      // mamba-ssm's setup.py downloads the release wheel unless MAMBA_FORCE_BUILD=TRUE (vllm-project/vllm's test image).
      assert.deepEqual(lint('MLD413', [devel, 'RUN uv pip install --system --no-build-isolation "git+https://github.com/state-spaces/mamba@v2.2.4"']), []);
      // EETQ's setup.py sets TORCH_CUDA_ARCH_LIST itself, so the advice would change nothing (huggingface/peft's GPU image).
      assert.deepEqual(lint('MLD413', [devel, 'RUN pip install --no-build-isolation git+https://github.com/NetEase-FuXi/EETQ.git']), []);
      assert.deepEqual(lint('MLD413', [devel, 'RUN pip install --no-build-isolation "mylib @ https://example.com/src/mylib-1.0.tar.gz"']), []);
    });

    it('still reports a known extension project next to a requirements file, and a local project', () => {
      const vllm = lint('MLD413', [devel, 'RUN pip install --no-build-isolation -r requirements.txt git+https://github.com/vllm-project/vllm.git@v0.6.3']);
      assert.equal(at(vllm[0]), '2:17-2:37');
      assert.match(vllm[0]?.message ?? '', /builds vLLM's CUDA kernels without TORCH_CUDA_ARCH_LIST/);
      assert.equal(lint('MLD413', [devel, 'RUN pip install --no-build-isolation csrc/fused_kernels']).length, 1);
      assert.equal(lint('MLD413', [devel, 'RUN pip install --no-build-isolation -e ./kernels']).length, 1);
      assert.equal(lint('MLD413', [devel, 'RUN pip install --no-build-isolation "vllm @ git+https://github.com/vllm-project/vllm.git@v0.6.3"']).length, 1);
    });

    it('counts DeepSpeed only with a DS_BUILD_* switch on (inline or in scope)', () => {
      assert.equal(lint('MLD413', [devel, 'RUN DS_BUILD_OPS=1 pip install --no-build-isolation deepspeed==0.15.4']).length, 1);
      assert.equal(lint('MLD413', [devel, 'ENV DS_BUILD_FUSED_ADAM=1', 'RUN pip install --no-build-isolation deepspeed==0.15.4']).length, 1);
      assert.deepEqual(lint('MLD413', [devel, 'RUN pip install --no-build-isolation deepspeed==0.15.4']), []);
      assert.deepEqual(lint('MLD413', [devel, 'RUN DS_BUILD_OPS=0 pip install --no-build-isolation deepspeed==0.15.4']), []);
    });

    it('counts flash-attn named beside a requirements file only when its build is forced', () => {
      assert.deepEqual(lint('MLD413', [devel, 'RUN pip install --no-build-isolation -r requirements.txt flash-attn==2.6.3']), []);
      assert.equal(lint('MLD413', [devel, 'ENV FLASH_ATTENTION_FORCE_BUILD=TRUE', 'RUN pip install --no-build-isolation -r requirements.txt flash-attn==2.6.3']).length, 1);
    });
  });

  describe('MLD408 reads aria2c downloads', () => {
    // RVC-Project/Retrieval-based-Voice-Conversion-WebUI's Dockerfile bakes eight .pth files this way.
    const rvc =
      'RUN aria2c --console-log-level=error -c -x 16 -s 16 -k 1M https://huggingface.co/lj1995/VoiceConversionWebUI/resolve/main/pretrained_v2/D40k.pth -d assets/pretrained_v2/ -o D40k.pth';

    it('reports the weights URL, named like curl and wget findings', () => {
      const found = lint('MLD408', ['FROM python:3.10-slim', rvc]);
      assert.equal(at(found[0]), '2:59-2:145');
      assert.match(found[0]?.message ?? '', /^Downloading D40k\.pth with aria2c bakes model weights into the image at build time/);
    });

    it('names the file a URL without one is saved as (-o, -oFILE, --out=, --out FILE)', () => {
      for (const out of ['-o sd15.safetensors', '-osd15.safetensors', '--out=sd15.safetensors', '--out sd15.safetensors']) {
        assert.deepEqual(
          messages('MLD408', ['FROM python:3.10-slim', `RUN aria2c -d /models ${out} https://example.com/api/download/models/4007`]).map((m) => m.slice(0, 38)),
          ['Downloading sd15.safetensors with aria'],
          out,
        );
      }
    });

    it('stays silent on other files, URL lists it cannot read, printed commands and ml.bakeWeights', () => {
      const from = 'FROM python:3.10-slim';
      assert.deepEqual(lint('MLD408', [from, 'RUN aria2c -x 16 https://example.com/ffmpeg-7.0.tar.xz -d /tmp -o ffmpeg.tar.xz']), []);
      assert.deepEqual(lint('MLD408', [from, 'RUN aria2c -i /tmp/model-urls.txt -d /models']), []);
      assert.deepEqual(lint('MLD408', [from, 'RUN aria2c -d /opt -o model.pt.sha256 https://example.com/sums.txt']), []);
      assert.deepEqual(lint('MLD408', [from, 'RUN echo "aria2c https://example.com/model.safetensors"']), []);
      const config = emptyConfig();
      config.bakeWeights = true;
      const baked = lintDockerfile(text([from, rvc]), { config, rules: dockerfileRules.filter((r) => r.meta.id === 'MLD408') }).findings;
      assert.deepEqual(baked, []);
    });
  });

  describe('MLD002 reports a heredoc that is never closed', () => {
    it('reports it at the marker, with the end line to add', () => {
      const found = lint('MLD002', ['FROM alpine:3.20', 'RUN <<EOF', 'set -eux', 'apk add --no-cache curl']);
      assert.equal(at(found[0]), '2:5-2:10');
      assert.deepEqual(
        found.map((f) => f.message),
        ['The heredoc <<EOF is never closed, so BuildKit stops with "unterminated heredoc"; end its body with a line that holds only EOF.'],
      );
    });

    it('names a line that looks like the end but is indented or padded', () => {
      assert.deepEqual(messages('MLD002', ['FROM alpine:3.20', 'RUN <<EOF', 'echo hi', '  EOF', 'CMD ["sh"]']), [
        'The heredoc <<EOF is never closed, so BuildKit stops with "unterminated heredoc"; line 4 must be EOF alone, with no spaces around it.',
      ]);
      assert.deepEqual(messages('MLD002', ['FROM alpine:3.20', 'COPY <<-CONF /etc/app.conf', '\tkey=value', 'CONF ']), [
        'The heredoc <<-CONF is never closed, so BuildKit stops with "unterminated heredoc"; line 4 must be CONF alone, after nothing but tabs.',
      ]);
    });

    it('reads heredocs in ONBUILD triggers and with the 1.3-labs frontend, as BuildKit does', () => {
      assert.equal(at(lint('MLD002', ['FROM alpine:3.20', 'ONBUILD RUN <<EOF', 'echo hi'])[0]), '2:13-2:18');
      assert.equal(lint('MLD002', ['# syntax=docker/dockerfile:1.3-labs', 'FROM alpine:3.20', 'RUN <<EOF', 'echo hi']).length, 1);
    });

    it('stays silent on closed heredocs, on << that starts no word, and before frontend 1.4', () => {
      assert.deepEqual(lint('MLD002', ['FROM alpine:3.20', 'RUN <<EOF', 'echo hi', 'EOF', 'COPY <<-CONF /etc/app.conf', '\tkey=value', '\tCONF', 'RUN 2<<ERR cat', 'ERR']), []);
      assert.deepEqual(lint('MLD002', ['FROM alpine:3.20', 'RUN echo $((1<<4))']), []);
      assert.deepEqual(lint('MLD002', ['FROM alpine:3.20', 'RUN cat<<EOF']), []);
      assert.deepEqual(lint('MLD002', ['# syntax=docker/dockerfile:1.2', 'FROM alpine:3.20', 'RUN cat <<EOF', 'RUN echo done']), []);
      assert.deepEqual(lint('MLD002', ['FROM alpine:3.20', 'RUN ["sh", "-c", "cat <<EOF"]']), []);
    });
  });
});
