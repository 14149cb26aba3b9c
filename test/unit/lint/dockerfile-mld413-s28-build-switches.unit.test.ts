import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const lint = (lines: readonly string[]): Finding[] => lintDockerfile(`${lines.join('\n')}\n`, { rules: dockerfileRules.filter((r) => r.meta.id === 'MLD413') }).findings;
const at = (f: Finding | undefined): string => (f ? `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}` : 'none');

const devel = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04';
const apexGit = 'git+https://github.com/NVIDIA/apex.git@24.04.01';

describe('s28: MLD413 reads the switches that decide whether a build compiles CUDA', () => {
  describe('apex compiles CUDA only with --cuda_ext, a contrib switch or its APEX_* variable set to 1', () => {
    it('stays silent on a Python-only apex install, from a repository, a clone or a setup.py', () => {
      assert.deepEqual(lint([devel, `RUN pip install --no-build-isolation ${apexGit}`]), []);
      assert.deepEqual(lint([devel, `RUN pip install --no-build-isolation -C "--build-option=--cpp_ext" ${apexGit}`]), []);
      assert.deepEqual(lint([devel, 'RUN git clone https://github.com/NVIDIA/apex && cd apex && pip install --no-build-isolation .']), []);
      assert.deepEqual(lint([devel, 'RUN git clone https://github.com/NVIDIA/apex /tmp/a && cd /tmp/a && python setup.py install --cpp_ext']), []);
      assert.deepEqual(lint([devel, 'RUN cd /src/apex && APEX_CPP_EXT=1 APEX_PARALLEL_BUILD=1 python setup.py install']), []);
      // setup.py compares the variable with "1" exactly.
      assert.deepEqual(lint([devel, `RUN APEX_CUDA_EXT=true pip install --no-build-isolation ${apexGit}`]), []);
      assert.deepEqual(lint([devel, `RUN pip install --no-binary :all: apex`]), []);
    });

    it('reports apex with a CUDA switch in any of its forms', () => {
      assert.equal(at(lint([devel, `RUN APEX_CPP_EXT=1 APEX_CUDA_EXT=1 pip install --no-build-isolation ${apexGit}`])[0]), '2:48-2:68');
      assert.equal(lint([devel, 'ENV APEX_CUDA_EXT=1', `RUN pip install --no-build-isolation ${apexGit}`]).length, 1);
      assert.equal(lint([devel, `RUN export APEX_ALL_CONTRIB_EXT=1 && pip install --no-build-isolation ${apexGit}`]).length, 1);
      assert.equal(lint([devel, `RUN APEX_CUDA_EXT=1 pip install ${apexGit}`]).length, 1);
      assert.equal(at(lint([devel, `RUN pip install --config-settings "--build-option=--cpp_ext --fast_layer_norm" ${apexGit}`])[0]), '2:35-2:79');
      assert.equal(lint([devel, 'RUN git clone https://github.com/NVIDIA/apex && cd apex && pip install --no-build-isolation --global-option=--cuda_ext .']).length, 1);
      assert.equal(lint([devel, 'RUN cd /src/apex && python setup.py install --cpp_ext --distributed_adam']).length, 1);
    });
  });

  describe('xformers compiles CUDA only with FORCE_CUDA=1, TORCH_CUDA_ARCH_LIST or a GPU at build time', () => {
    const xformers = 'RUN pip install --no-build-isolation git+https://github.com/facebookresearch/xformers.git@v0.0.27';

    it('tells a source build without either that it builds the CPU ops only', () => {
      const [f] = lint([devel, xformers]);
      assert.equal(at(f), '2:17-2:37');
      assert.match(f?.message ?? '', /^This RUN builds xformers without FORCE_CUDA=1: docker build sees no GPU/);
      assert.equal(f?.fix?.title, 'Add ENV FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="8.0;8.6;8.9;9.0"');
      const [plain] = lint([devel, 'RUN pip install git+https://github.com/facebookresearch/xformers.git@v0.0.27']);
      assert.match(plain?.message ?? '', /builds xformers without FORCE_CUDA=1/);
      const [noBinary] = lint([devel, 'RUN pip install --no-binary xformers xformers==0.0.27']);
      assert.match(noBinary?.message ?? '', /builds xformers without FORCE_CUDA=1/);
    });

    it('asks for the arch list alone once FORCE_CUDA is on, and is silent with an arch list or FORCE_CUDA=0', () => {
      const [f] = lint([devel, 'ENV FORCE_CUDA=1', xformers]);
      assert.match(f?.message ?? '', /without TORCH_CUDA_ARCH_LIST; docker build shows no GPU, so the kernels target only the project's own fallback list/);
      assert.deepEqual(lint([devel, 'ENV TORCH_CUDA_ARCH_LIST="8.0;9.0"', xformers]), []);
      assert.deepEqual(lint([devel, 'ARG FORCE_CUDA=0', xformers]), []);
    });

    it('still tells detectron2 built beside xformers under an arch list to set FORCE_CUDA', () => {
      const both = 'RUN pip install --no-build-isolation git+https://github.com/facebookresearch/xformers.git@v0.0.27 git+https://github.com/facebookresearch/detectron2.git@v0.6';
      const [f] = lint([devel, 'ENV TORCH_CUDA_ARCH_LIST="8.0;9.0"', both]);
      assert.match(f?.message ?? '', /^This RUN builds detectron2 without FORCE_CUDA=1/);
    });
  });

  describe('projects that fetch their release wheel, or ignore TORCH_CUDA_ARCH_LIST', () => {
    it('stays silent on causal-conv1d and mamba-ssm, forced or not, from a repository or a clone', () => {
      assert.deepEqual(lint([devel, 'RUN pip install --no-build-isolation git+https://github.com/Dao-AILab/causal-conv1d.git@v1.4.0#egg=causal-conv1d']), []);
      assert.deepEqual(lint([devel, 'RUN CAUSAL_CONV1D_FORCE_BUILD=TRUE pip install --no-build-isolation git+https://github.com/Dao-AILab/causal-conv1d@v1.4.0']), []);
      assert.deepEqual(lint([devel, 'RUN git clone https://github.com/state-spaces/mamba.git && cd mamba && MAMBA_FORCE_BUILD=TRUE pip install --no-build-isolation .']), []);
    });

    it('counts ktransformers only when its build is forced or editable', () => {
      const ktransformers = 'pip install --no-build-isolation git+https://github.com/kvcache-ai/ktransformers.git@v0.2.1';
      assert.deepEqual(lint([devel, `RUN ${ktransformers}`]), []);
      assert.equal(lint([devel, `RUN KTRANSFORMERS_FORCE_BUILD=TRUE ${ktransformers}`]).length, 1);
      assert.deepEqual(lint([devel, 'RUN git clone https://github.com/kvcache-ai/ktransformers && cd ktransformers && pip install --no-build-isolation .']), []);
      assert.equal(lint([devel, 'RUN git clone https://github.com/kvcache-ai/ktransformers && cd ktransformers && pip install --no-build-isolation -e .']).length, 1);
    });
  });
});
