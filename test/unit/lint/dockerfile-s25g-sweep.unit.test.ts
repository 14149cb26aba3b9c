import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../src/core/lint/apply-edits';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

function lint(id: string, lines: readonly string[]): { text: string; findings: Finding[] } {
  const text = `${lines.join('\n')}\n`;
  return { text, findings: lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings };
}

/** The Dockerfile with the fixes of the rule's findings made. */
function fixed(id: string, lines: readonly string[]): string {
  const { text, findings } = lint(id, lines);
  return applyTextEdits(text, findings.flatMap((f) => f.fix?.edits ?? []));
}

describe('s25g: NVIDIA, conda and distributed-training Dockerfiles', () => {
  describe('MLD026 reads the | of an extended glob as part of the pattern (dusty-nv/jetson-inference)', () => {
    const cleanup = (script: string) => ['FROM nvcr.io/nvidia/l4t-pytorch:r32.4.3-pth1.6-py3', `RUN make install && /bin/bash -O extglob -c "${script}"`];

    it('rm -rf -v !(aarch64|download-models.*) pipes nothing', () => {
      assert.deepEqual(lint('MLD026', cleanup('cd /jetson-inference/build; rm -rf -v !(aarch64|download-models.*)')).findings, []);
    });

    it('near miss: a real pipe after the pattern is still reported, at its producer', () => {
      const { findings } = lint('MLD026', cleanup('rm -rf !(keep|also) && curl -fsSL https://example.com/x.sh | bash'));
      assert.equal(findings.length, 1);
      assert.match(findings[0]?.message ?? '', /^If curl fails/);
    });
  });

  describe('MLD026 finds the script of a shell that reads more options after -c', () => {
    const install = 'curl -fsSL https://example.com/install.sh | bash';

    it('bash -c -- "…": the script follows the --, and the fix keeps it', () => {
      assert.equal(lint('MLD026', ['FROM ubuntu:22.04', `RUN bash -c -- "${install}"`]).findings.length, 1);
      assert.match(fixed('MLD026', ['FROM ubuntu:22.04', `RUN bash -c -- "${install}"`]), /^RUN bash -o pipefail -c -- "curl/m);
    });

    it('sh --rcfile F -c "…": the file is the option\'s value, and the fix puts -o pipefail after it', () => {
      const lines = ['FROM ubuntu:22.04', `RUN sh --rcfile /etc/profile -c "${install}"`];
      assert.equal(lint('MLD026', lines).findings.length, 1);
      assert.match(fixed('MLD026', lines), /^RUN bash --rcfile \/etc\/profile -o pipefail -c "curl/m);
    });

    it('near miss: bash -o pipefail -c -- "…" already has pipefail', () => {
      assert.deepEqual(lint('MLD026', ['FROM ubuntu:22.04', `RUN bash -o pipefail -c -- "${install}"`]).findings, []);
    });
  });

  describe('MLD022 names the instruction a stray \\ swallows across a blank line (a bioconda micromamba image)', () => {
    const micromamba = (last: string) => [
      'FROM mambaorg/micromamba:1.5.8-jammy-cuda-11.8.0',
      'RUN micromamba install -n base -c bioconda -c conda-forge -y \\',
      ' samtools=1.20 \\',
      ` vim=9.1.0${last}`,
      '',
      '# add codebase to docker',
      'COPY --chown=$MAMBA_USER:$MAMBA_USER ./ /home/mambauser',
    ];

    it('says the COPY becomes RUN arguments, and the fix ends the RUN instead of deleting the blank line', () => {
      const { findings } = lint('MLD022', micromamba(' \\'));
      assert.equal(findings.length, 1);
      assert.match(findings[0]?.message ?? '', /^The \\ at the end of line 4 continues RUN across a blank line into the COPY on line 7, .*; remove the \\\.$/);
      assert.equal(fixed('MLD022', micromamba(' \\')), `${micromamba('').join('\n')}\n`);
    });

    it('near miss: a blank line followed by more arguments keeps the delete-the-blank-line advice', () => {
      const lines = ['FROM ubuntu:22.04', 'RUN apt-get install -y \\', '    curl \\', '', '    wget'];
      const { findings } = lint('MLD022', lines);
      assert.match(findings[0]?.message ?? '', /^RUN continues across blank line 4/);
      assert.equal(fixed('MLD022', lines), 'FROM ubuntu:22.04\nRUN apt-get install -y \\\n    curl \\\n    wget\n');
    });

    it('near miss: a lower-case shell command such as env is no instruction', () => {
      const { findings } = lint('MLD022', ['FROM ubuntu:22.04', 'RUN set -e; \\', '', '    env | sort']);
      assert.match(findings[0]?.message ?? '', /^RUN continues across blank line 3/);
    });
  });

  describe('MLD208 knows a cache-busting ADD of a branch head whose repository is one variable (dusty-nv/jetson-containers)', () => {
    const add = (url: string) => ['ARG BASE_IMAGE', 'FROM ${BASE_IMAGE}', 'ARG LLAMA_CPP_PYTHON_REPO LLAMA_CPP_PYTHON_BRANCH', `ADD ${url} /tmp/llama_cpp_python_version.json`];

    it('ADD …/repos/${REPO}/git/refs/heads/${BRANCH} is meant to change: no checksum advice', () => {
      assert.deepEqual(lint('MLD208', add('https://api.github.com/repos/${LLAMA_CPP_PYTHON_REPO}/git/refs/heads/${LLAMA_CPP_PYTHON_BRANCH}')).findings, []);
    });

    it('near miss: a release asset of the same variable repository still needs a checksum', () => {
      assert.equal(lint('MLD208', add('https://github.com/${LLAMA_CPP_PYTHON_REPO}/releases/download/v0.3.2/llama.tar.gz')).findings.length, 1);
    });
  });
});
