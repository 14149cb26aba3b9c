import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { compatibleFixes } from '../../../src/core/lint/compatible-fixes';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

function lintText(id: string, text: string): Finding[] {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

function lint(id: string, lines: readonly string[]): Finding[] {
  return lintText(id, `${lines.join('\n')}\n`);
}

/** The Dockerfile after the rule's fixes are made as `mlc lint --fix` makes them: compatible ones together, pass after pass. */
function fixedAsCliDoes(id: string, lines: readonly string[]): string {
  let text = `${lines.join('\n')}\n`;
  for (let pass = 0; pass < 10; pass++) {
    const next = applyTextEdits(text, compatibleFixes(lintText(id, text)).flatMap((f) => f.fix?.edits ?? []));
    if (next === text) {
      break;
    }
    text = next;
  }
  return text;
}

const pipefailShell = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';
const countOf = (text: string, line: string): number => text.split('\n').filter((l) => l === line).length;

describe('s26: Dockerfile quick fixes that must not break ML images', () => {
  describe('MLD307 leaves a CUDA framework install in a layer of its own (OpenRLHF dockerfile/Dockerfile)', () => {
    const openRlhf = [
      'FROM nvcr.io/nvidia/pytorch:25.11-py3',
      'RUN apt-get -y install --no-install-recommends gdb',
      'RUN pip uninstall -y xgboost transformer_engine flash_attn',
      'RUN pip install vllm==0.15.1',
      'RUN pip install https://wheels.example/flash_attn-2.8.3+cu130torch2.9-cp312-cp312-linux_x86_64.whl',
    ];

    it('neither the vllm RUN nor the flash-attn wheel RUN is offered a merge', () => {
      assert.deepEqual(
        lint('MLD307', openRlhf).map((f) => f.range.start.line),
        [3],
      );
    });

    it('--fix merges only the light RUNs', () => {
      const after = fixedAsCliDoes('MLD307', openRlhf);
      assert.match(after, /^RUN pip install vllm==0\.15\.1$/m);
      assert.match(after, /^RUN pip install https:\/\/wheels\.example\/flash_attn/m);
    });

    it('near miss: a wheel of a package not built for CUDA is merged as before', () => {
      const findings = lint('MLD307', ['FROM python:3.11-slim', 'RUN pip install numpy==1.26.4', 'RUN pip install /tmp/tokenizers-0.19.1-cp311-cp311-linux_x86_64.whl']);
      assert.equal(findings.length, 1);
      assert.ok(findings[0]?.fix);
    });
  });

  describe('MLD026 fixes made together add one SHELL per stage (sgl-project/sglang docker/Dockerfile)', () => {
    const sglang = [
      'FROM nvidia/cuda:12.9.1-cudnn-devel-ubuntu22.04',
      'WORKDIR /sgl-workspace',
      'RUN curl --proto "=https" -sSf https://sh.rustup.rs | sh -s -- -y',
      'COPY docker/configs/.zshrc /root/.zshrc',
      'RUN curl -sSf https://just.systems/install.sh | bash -s -- --tag 1.42.4 --to /usr/local/bin',
    ];

    it('both findings insert the same SHELL before the first offending RUN', () => {
      const findings = lint('MLD026', sglang);
      assert.equal(findings.length, 2);
      const edits = findings.map((f) => JSON.stringify(f.fix?.edits));
      assert.equal(edits[0], edits[1]);
    });

    it('--fix writes one SHELL line, before the rustup RUN', () => {
      const after = fixedAsCliDoes('MLD026', sglang);
      assert.equal(countOf(after, pipefailShell), 1);
      assert.match(after, new RegExp(`^${pipefailShell.replace(/[[\]]/g, '\\$&')}\\nRUN curl --proto`, 'm'));
    });

    it('near miss: a SHELL between the RUNs resets it, so each part gets its own', () => {
      const split = [...sglang.slice(0, 4), 'SHELL ["/bin/sh", "-c"]', sglang[4] as string];
      const after = fixedAsCliDoes('MLD026', split);
      assert.equal(countOf(after, pipefailShell), 2);
      assert.match(after, /^SHELL \["\/bin\/sh", "-c"\]\nSHELL \["\/bin\/bash"/m);
    });

    it('near miss: an ignored first RUN keeps its shell; the next one takes the SHELL', () => {
      const ignored = [...sglang.slice(0, 2), '# hadolint ignore=DL4006', ...sglang.slice(2)];
      const after = fixedAsCliDoes('MLD026', ignored);
      assert.equal(countOf(after, pipefailShell), 1);
      assert.match(after, /^SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\]\nRUN curl -sSf https:\/\/just/m);
    });
  });

  describe('MLD026 leaves a pipe into grep, which fails when a failed producer prints nothing (NVIDIA/TensorRT-LLM)', () => {
    const run = (script: string) => lint('MLD026', ['FROM ubuntu:22.04', `RUN ${script}`]);

    it('ls -la | grep python and /bin/grep -qE are left', () => {
      assert.deepEqual(run('ls -la /usr/local/lib | grep python'), []);
      assert.deepEqual(run('pip list | /bin/grep -qE "^torch "'), []);
      assert.deepEqual(run('pip list | grep --regexp=torch --ignore-case'), []);
    });

    it('near miss: after curl, which may have printed part of the page before failing, grep -q is reported', () => {
      assert.equal(run('curl -fsSL https://packages.example/index.json | grep -q version').length, 1);
    });

    it('near miss: grep -iv, --count, -r, a file operand, or || after it are reported', () => {
      assert.equal(run('pip list | grep -iv torch').length, 1);
      assert.equal(run('pip list | grep --count torch').length, 1);
      assert.equal(run('pip list | grep -r torch').length, 1);
      assert.equal(run('pip list | grep -e torch requirements.txt').length, 1);
      assert.equal(run('pip list | grep torch || true').length, 1);
    });
  });

  describe('MLD104 offers no user of its own where root is needed (TGI, LLaMA-Factory)', () => {
    const serving = (lines: readonly string[]) => lint('MLD104', ['FROM python:3.11-slim', ...lines, 'ENTRYPOINT ["text-generation-launcher"]']);

    it('ENV PORT=80: no fix, and the message says to serve on 1024 or above', () => {
      const [f] = serving(['ENV PORT=80']);
      assert.equal(f?.fix, undefined);
      assert.match(f?.message ?? '', /serve on port 1024 or above \(ENV PORT=80: by default Kubernetes lets only root bind lower ports\)/);
    });

    it('EXPOSE 443/tcp and a --bind to :80 count as privileged ports', () => {
      assert.equal(serving(['EXPOSE 443/tcp'])[0]?.fix, undefined);
      assert.equal(lint('MLD104', ['FROM python:3.11-slim', 'CMD ["gunicorn", "--bind", "0.0.0.0:80", "app:app"]'])[0]?.fix, undefined);
    });

    it('a Hugging Face cache under /root: no fix, and the message names it', () => {
      const [f] = serving(['ENV HF_HOME=/root/.cache/huggingface', 'WORKDIR /root/app']);
      assert.equal(f?.fix, undefined);
      assert.match(f?.message ?? '', /move what is under \/root to a directory the new user owns \(ENV HF_HOME=\/root\/\.cache\/huggingface, WORKDIR \/root\/app:/);
    });

    it('near miss: port 8080, a cache under /data and /rootfs keep the useradd fix', () => {
      const [f] = serving(['ENV PORT=8080 HF_HOME=/data/hf', 'EXPOSE 8080', 'COPY rootfs/ /rootfs/']);
      assert.equal(f?.fix?.title, 'Add an unprivileged user (UID 10001)');
      assert.doesNotMatch(f?.message ?? '', /before that/);
    });
  });
});
