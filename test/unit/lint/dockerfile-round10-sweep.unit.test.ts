import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';

function lint(id: string, text: string) {
  return lintDockerfile(text, { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
}

describe('Dockerfile rules on real notebook, conda, download and Bitnami images (round 10)', () => {
  it('MLD203 reports one finding per install, at its first unpinned package, listing the packages', () => {
    // jupyter/docker-stacks r-notebook: one mamba install of eight R packages used to give eight findings.
    const pkgs = ["'r-base'", "'r-caret'", "'r-crayon'", "'r-devtools'", "'r-e1071'", "'r-irkernel'", "'r-tidyverse'", "'unixodbc'"];
    const text = `FROM quay.io/jupyter/minimal-notebook:2024-05-27\nRUN mamba install --yes ${pkgs.join(' ')} && pip install --no-cache-dir "rpy2==3.5.16" tzlocal\n`;
    const findings = lint('MLD203', text);
    assert.equal(findings.length, 2);
    const [conda, pip] = findings;
    assert.equal(conda?.range.start.column, (text.split('\n')[1] ?? '').indexOf("'r-base'") + 1);
    assert.equal(
      conda?.message,
      'r-base, r-caret, r-crayon, r-devtools and 4 more are not pinned, so rebuilds can pick up different releases; pin each (e.g. r-base=<version>) or install from an environment file that pins versions.',
    );
    assert.equal(conda?.anchorCode, undefined);
    assert.equal(pip?.message, 'tzlocal is not pinned, so rebuilds can pick up a different release; pin it (tzlocal==<version>) or install from a requirements/constraints file.');
    assert.equal(pip?.anchorCode, 'DL3013');
    // Two names, and one example of each form (a name takes a version, a VCS URL a ref).
    const two = lint('MLD203', 'FROM python:3.11-slim\nRUN pip install torch git+https://github.com/org/repo.git accelerate\n');
    assert.equal(two.length, 1);
    assert.equal(
      two[0]?.message,
      'torch, git+https://github.com/org/repo.git and accelerate are not pinned, so rebuilds can pick up different releases; pin each (e.g. torch==<version>, git+https://github.com/org/repo.git@<commit-or-tag>) or install from a requirements/constraints file.',
    );
  });

  it('MLD203 keeps the conda channel prefix in its pin suggestion', () => {
    // biocontainers samtools: `conda install conda-forge::libgcc-ng`.
    const findings = lint('MLD203', 'FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y conda-forge::libgcc-ng\n');
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0]?.message,
      'conda-forge::libgcc-ng is not pinned, so rebuilds can pick up a different release; pin it (conda-forge::libgcc-ng=<version>) or install from an environment file that pins versions.',
    );
  });

  it('MLD310 says what the wget fetches instead of assuming a multi-GB download', () => {
    const text = [
      'FROM python:3.11.9-slim',
      'RUN wget https://huggingface.co/TheBloke/Mistral-7B-Instruct-v0.1-GGUF/resolve/main/mistral-7b-instruct-v0.1.Q4_K_M.gguf -O mistral.gguf',
      'RUN wget https://huggingface.co/datasets/rethinklab/Bench2Drive/resolve/main/HardBreakRoute_Town01_Route30_Weather3.tar.gz',
      'RUN wget https://bootstrap.pypa.io/get-pip.py',
      '',
    ].join('\n');
    const [weights, dataset, script] = lint('MLD310', text);
    assert.equal(
      weights?.message,
      'wget prints a line of progress dots per 50 KB it downloads, so fetching model weights floods the build log with some 20,000 lines per GB; add --progress=dot:giga (or -q / -nv).',
    );
    assert.match(dataset?.message ?? '', /so fetching a dataset floods the build log/);
    assert.equal(
      script?.message,
      'wget prints a line of progress dots per 50 KB it downloads (some 2,000 lines for a 100 MB file), which buries the rest of the build log; add --progress=dot:giga (or -q / -nv).',
    );
    assert.ok([weights, dataset, script].every((f) => !(f?.message ?? '').includes('multi-GB')));
  });

  it('MLD025 says that conda goes on with the default yes, and that create over an existing environment fails', () => {
    // conda's prompt reads end-of-file from the build's empty input and returns its default answer.
    const [install, create] = lint('MLD025', 'FROM continuumio/miniconda3:24.7.1-0\nRUN conda install numpy=1.26 && micromamba create -n ml python=3.11\n');
    assert.equal(install?.message, "conda install asks for confirmation, and a build gives it no input, so it takes the default answer (yes) and goes on; add -y so the step does not depend on the prompt's default.");
    assert.equal(
      create?.message,
      "micromamba create asks for confirmation, and a build gives it no input, so it takes each prompt's default: yes to go ahead, but no to replacing an environment that already exists at the target, which fails the build; add -y to answer yes explicitly.",
    );
    assert.ok(!(install?.message ?? '').includes('stops at'));
  });

  it('MLD104 knows the Bitnami images that end with USER 1001, but not the ones that run as root', () => {
    for (const base of ['bitnami/pytorch:2.5.1', 'bitnamilegacy/mlflow:2.19.0', 'docker.io/bitnami/spark:3.5', 'bitnami/jupyter-base-notebook:4.1.6']) {
      assert.deepEqual(lint('MLD104', `FROM ${base}\nRUN pip install --user --no-cache-dir -r /app/requirements.txt\n`), [], base);
    }
    // A PyFlink image on bitnami/flink that never switches back from USER root.
    assert.equal(lint('MLD104', 'FROM bitnami/flink:latest\nUSER root\nRUN apt-get update\n').length, 1);
    // bitnami/python, git and minideb set no USER; a look-alike namespace is not Bitnami's.
    for (const base of ['bitnami/python:3.12.8', 'bitnami/git:2.47.1', 'bitnami/minideb:bookworm', 'notbitnami/pytorch:2.5.1']) {
      assert.equal(lint('MLD104', `FROM ${base}\nRUN echo hi\n`).length, 1, base);
    }
  });
});
