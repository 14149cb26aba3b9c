import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { parseMlcConfig } from '../../../src/core/lint/config';
import { parseImageRef } from '../../../src/core/lint/dockerfile/image-ref';
import { rocmImageVersion } from '../../../src/core/lint/dockerfile/rocm';
import { shellSyntaxProblem } from '../../../src/core/lint/dockerfile/shell-syntax';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

function lint(ruleId: string, lines: readonly string[], configYaml?: string): Finding[] {
  const parsed = configYaml === undefined ? undefined : parseMlcConfig(configYaml);
  if (parsed && !parsed.ok) {
    throw new Error(parsed.errors.join('; '));
  }
  const rules = dockerfileRules.filter((r) => r.meta.id === ruleId);
  return lintDockerfile(`${lines.join('\n')}\n`, parsed ? { rules, config: parsed.config } : { rules }).findings;
}

function verdict(script: string): string {
  const r = shellSyntaxProblem(script);
  return r === undefined ? 'ok' : r === 'unsure' ? 'unsure' : `${r.problem.kind}:${r.problem.token}`;
}

describe('s26: Dockerfile false positives of the second sweep', () => {
  describe('MLD030: redirections after compound commands and descriptor numbers (each checked with bash, dash and busybox sh -n)', () => {
    const parses = [
      'if [ -f /etc/os-release ]; then cat /etc/os-release; fi 2>&1 | tee /tmp/os.txt',
      '{ echo b; } >/dev/null 2>&1',
      '( echo b ) >/dev/null 2>&1',
      'if true; then echo a; fi >/dev/null 2>&1',
      'for i in 1 2; do echo $i; done > /tmp/x 2>/dev/null',
      'while read -r l; do echo "$l"; done < /etc/hosts',
      '{ echo a; } 2>/dev/null',
      'case a in a) echo a;; esac 2>&1 >/dev/null',
      'echo a 1>&2 3<>/tmp/y 2>>/tmp/z 4>|/tmp/w 0</dev/null 5<&0',
      '2>/dev/null echo a',
      'echo a && { echo b ; } > /dev/null 2>&1 &',
      'exec {lock}>/tmp/build.lock', // bash's {name} form
      'if true; then echo a; fi {fd}>/tmp/x', // bash parses it: not every shell rejects it
    ];
    for (const script of parses) {
      it(`parses: ${script}`, () => assert.equal(verdict(script), 'ok'));
    }

    it('still rejects a number set apart from its operator after a compound command', () => {
      assert.equal(verdict('if true; then :; fi 2 >/dev/null'), 'unexpected:2');
      assert.equal(verdict('{ echo; } 2 >&1'), 'unexpected:2');
    });

    it('leaves a process substitution after a number as it was', () => {
      assert.equal(verdict('echo a 2>(cat)'), 'ok');
    });

    it('reports nothing on the RUN of the sweep', () => {
      assert.deepEqual(lint('MLD030', ['FROM ubuntu:22.04', 'RUN if [ -f /etc/os-release ]; then cat /etc/os-release; fi 2>&1 | tee /tmp/os.txt']), []);
    });
  });

  describe('MLD416: a direct wheel reference installs the wheel its URL names', () => {
    const rocmBase = 'FROM rocm/dev-ubuntu-22.04:6.2.4';
    it('takes the ROCm build from an encoded +rocm local version: no finding', () => {
      const run = 'RUN pip3 install --no-cache-dir "torch @ https://download.pytorch.org/whl/rocm6.2/torch-2.5.1%2Brocm6.2-cp310-cp310-linux_x86_64.whl"';
      assert.deepEqual(lint('MLD416', [rocmBase, run]), []);
    });

    it('takes the build from the PyTorch wheel folder when the file name has no local version', () => {
      const run = 'RUN pip3 install "torchvision @ https://download.pytorch.org/whl/rocm6.2/torchvision-0.20.1-cp310-cp310-linux_x86_64.whl"';
      assert.deepEqual(lint('MLD416', [rocmBase, run]), []);
    });

    it('names the CUDA wheel, never the default index, and offers no index fix', () => {
      const run = 'RUN pip3 install "torch @ https://download.pytorch.org/whl/cu121/torch-2.5.1%2Bcu121-cp310-cp310-linux_x86_64.whl"';
      const [f, ...rest] = lint('MLD416', [rocmBase, run]);
      assert.equal(rest.length, 0);
      assert.match(f?.message ?? '', /^the wheel torch-2\.5\.1\+cu121-cp310-cp310-linux_x86_64\.whl is a CUDA build, but the base rocm\/dev-ubuntu-22\.04:6\.2\.4 is ROCm/);
      assert.doesNotMatch(f?.message ?? '', /default index/);
      assert.equal(f?.fix, undefined);
    });

    it('leaves a wheel whose URL names no build alone', () => {
      assert.deepEqual(lint('MLD416', [rocmBase, 'RUN pip3 install "torch @ https://wheels.example.test/torch-2.5.1-cp310-cp310-linux_x86_64.whl"']), []);
      assert.deepEqual(lint('MLD416', [rocmBase, 'RUN pip3 install "torch @ git+https://github.com/pytorch/pytorch@main"']), []);
    });

    it('reads the ROCm version of SGLang tags (rocm630) for the index it suggests', () => {
      const ref = parseImageRef('lmsysorg/sglang:v0.4.6.post5-rocm630');
      assert.ok(ref.ok);
      assert.equal(rocmImageVersion(ref.ref), '6.3.0');
      const tagged = parseImageRef('rocm/pytorch:rocm6.2.3_ubuntu22.04_py3.10_pytorch_release_2.3.0');
      assert.ok(tagged.ok);
      assert.equal(rocmImageVersion(tagged.ref), '6.2.3');
    });
  });

  describe('MLD410: an install a build argument selects gets no quick fix', () => {
    const gated = [
      'FROM python:3.11-slim',
      'ARG USE_CUDA=false',
      'RUN if [ "$USE_CUDA" = "true" ]; then pip3 install torch --index-url https://download.pytorch.org/whl/cu121; else pip3 install torch --index-url https://download.pytorch.org/whl/cpu; fi',
    ];
    it('keeps the finding, says why there is no fix, and withholds it', () => {
      const [f] = lint('MLD410', gated);
      assert.match(f?.message ?? '', /^Where build arg USE_CUDA selects it, the final stage installs torch/);
      assert.match(f?.message ?? '', /no quick fix: an unconditional ENV NVIDIA_VISIBLE_DEVICES=all .* would make the other builds ask for every GPU too/);
      assert.equal(f?.fix, undefined);
    });

    it('keeps the fix for an unconditional install', () => {
      const text = 'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch==2.4.0\n';
      const [f] = lint('MLD410', text.trimEnd().split('\n'));
      assert.match(f?.message ?? '', /so add ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility if you run that way\.$/);
      assert.ok(applyTextEdits(text, f?.fix?.edits ?? []).includes('ENV NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility'));
    });
  });

  describe('MLD206: a ROCm stage pinned to amd64', () => {
    it('keeps the finding (BuildKit reports it too) but does not advise dropping the flag', () => {
      const [f] = lint('MLD206', ['FROM --platform=linux/amd64 rocm/dev-centos-7:6.1.1-complete AS runtime-rocm']);
      assert.match(f?.message ?? '', /ROCm images are published for linux\/amd64 only/);
      assert.match(f?.message ?? '', /name the stage for its platform \(e\.g\. AS runtime-rocm-amd64\)/);
      assert.doesNotMatch(f?.message ?? '', /drop the flag\.$/);
    });

    it('keeps the usual advice on other bases and on a ROCm base pinned elsewhere', () => {
      for (const from of ['FROM --platform=linux/amd64 python:3.11-slim', 'FROM --platform=linux/arm64 rocm/dev-ubuntu-22.04:6.2.4']) {
        assert.match(lint('MLD206', [from])[0]?.message ?? '', /use \$BUILDPLATFORM or \$TARGETPLATFORM, or drop the flag\.$/);
      }
    });
  });

  describe("MLD413: the suggested list follows the base's CUDA", () => {
    const apex = 'RUN APEX_CUDA_EXT=1 pip install --no-cache-dir --no-build-isolation git+https://github.com/NVIDIA/apex.git';
    it('adds Blackwell from CUDA 12.8 on (CUDA 13 included)', () => {
      for (const from of ['FROM nvidia/cuda:13.0.0-devel-ubuntu24.04', 'FROM nvidia/cuda:12.8.1-devel-ubuntu22.04']) {
        const [f] = lint('MLD413', [from, apex]);
        assert.match(f?.message ?? '', /set ENV TORCH_CUDA_ARCH_LIST="8\.0;8\.6;8\.9;9\.0;10\.0;12\.0"/, from);
        assert.equal(f?.fix?.title, 'Add ENV TORCH_CUDA_ARCH_LIST="8.0;8.6;8.9;9.0;10.0;12.0"');
      }
      const [flash] = lint('MLD413', ['FROM nvidia/cuda:13.0.0-devel-ubuntu24.04', 'RUN pip install --no-build-isolation git+https://github.com/Dao-AILab/flash-attention.git']);
      assert.match(flash?.message ?? '', /FLASH_ATTN_CUDA_ARCHS="80;90;100;120"/);
    });

    it('keeps the default list from CUDA 11.8 to 12.6, and where the version is unknown', () => {
      for (const from of ['FROM nvidia/cuda:12.4.1-devel-ubuntu22.04', 'FROM nvidia/cuda:11.8.0-devel-ubuntu22.04', 'FROM ubuntu:22.04\nRUN apt-get install -y cuda-toolkit-12-4']) {
        assert.match(lint('MLD413', [from, apex])[0]?.message ?? '', /TORCH_CUDA_ARCH_LIST="8\.0;8\.6;8\.9;9\.0" \(/, from);
      }
    });

    it('suggests no list and offers no fix where the CUDA predates 8.9 and 9.0', () => {
      const [f] = lint('MLD413', ['FROM nvidia/cuda:11.3.1-cudnn8-devel-ubuntu20.04', apex]);
      assert.match(f?.message ?? '', /set ENV TORCH_CUDA_ARCH_LIST before it to the architectures you deploy on \(the base's CUDA 11\.3\.1 predates 8\.9 and 9\.0/);
      assert.equal(f?.fix, undefined);
      const [ggml] = lint('MLD413', ['FROM nvidia/cuda:11.3.1-devel-ubuntu20.04', 'RUN cmake -B build -DGGML_CUDA=ON']);
      assert.equal(ggml?.fix, undefined);
    });

    it('uses the configured list whatever the CUDA', () => {
      const [f] = lint('MLD413', ['FROM nvidia/cuda:11.3.1-cudnn8-devel-ubuntu20.04', apex], 'rules:\n  MLD413:\n    options: { archList: "7.0;8.0" }\n');
      assert.equal(f?.fix?.title, 'Add ENV TORCH_CUDA_ARCH_LIST="7.0;8.0"');
    });
  });
});
