import * as assert from 'node:assert/strict';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { dockerfileRules } from '../../../src/core/lint/rules/dockerfile';
import type { Finding } from '../../../src/core/lint/types';

const text = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
const lint = (id: string, lines: readonly string[]): Finding[] => lintDockerfile(text(lines), { rules: dockerfileRules.filter((r) => r.meta.id === id) }).findings;
const messages = (id: string, lines: readonly string[]): string[] => lint(id, lines).map((f) => f.message);
const fixTexts = (id: string, lines: readonly string[]): string[] => lint(id, lines).flatMap((f) => f.fix?.edits.map((e) => e.newText) ?? []);

const devel = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04';

describe('s27: second Dockerfile sweep of ML images (MLD413, MLD007, MLD405, MLD203)', () => {
  describe('MLD413 and projects that compile CUDA only with FORCE_CUDA (detectron2, pytorch3d, mmcv)', () => {
    // huggingface/transformers docker/transformers-all-latest-gpu: no FORCE_CUDA, and docker build sees no GPU.
    const transformers = [devel, 'RUN python3 -m pip install --no-cache-dir --no-build-isolation git+https://github.com/facebookresearch/detectron2.git'];

    it('says the build makes CPU ops only, and sets FORCE_CUDA with the arch list', () => {
      assert.deepEqual(messages('MLD413', transformers), [
        'This RUN builds detectron2 without FORCE_CUDA=1: docker build sees no GPU, so its setup.py compiles the CPU ops only and the CUDA ops fail at run time; set ENV FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="8.0;8.6;8.9;9.0" (the architectures you deploy on) before it.',
      ]);
      assert.deepEqual(fixTexts('MLD413', transformers), ['ENV FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="8.0;8.6;8.9;9.0"\n']);
    });

    it('asks for FORCE_CUDA alone where the arch list is set, and names each project once', () => {
      const listed = [devel, 'ENV TORCH_CUDA_ARCH_LIST="9.0"', 'RUN pip install --no-cache-dir --no-build-isolation mmcv==2.1.0 "mmcv==2.1.0"'];
      assert.match(messages('MLD413', listed)[0] ?? '', /^This RUN builds mmcv without FORCE_CUDA=1: .*; set ENV FORCE_CUDA=1 before it\.$/);
      assert.deepEqual(fixTexts('MLD413', listed), ['ENV FORCE_CUDA=1\n']);
    });

    it('keeps the arch-list message once FORCE_CUDA is on (ENV, ARG, inline or exported), and is silent with both set', () => {
      for (const force of ['ENV FORCE_CUDA="1"', 'ARG FORCE_CUDA=1']) {
        assert.match(messages('MLD413', [devel, force, transformers[1] as string])[0] ?? '', /builds CUDA extensions from source without TORCH_CUDA_ARCH_LIST/, force);
      }
      assert.match(messages('MLD413', [devel, 'RUN FORCE_CUDA=1 pip install --no-build-isolation "git+https://github.com/facebookresearch/pytorch3d.git@stable"'])[0] ?? '', /without TORCH_CUDA_ARCH_LIST/);
      assert.match(messages('MLD413', [devel, 'RUN export FORCE_CUDA=1 && pip install --no-build-isolation detectron2'])[0] ?? '', /without TORCH_CUDA_ARCH_LIST/);
      assert.deepEqual(lint('MLD413', [devel, 'ENV FORCE_CUDA=1 TORCH_CUDA_ARCH_LIST="8.0;9.0"', transformers[1] as string]), []);
    });

    it('stays silent where FORCE_CUDA=0 asks for the CPU build on purpose', () => {
      assert.deepEqual(lint('MLD413', [devel, 'ENV FORCE_CUDA=0', transformers[1] as string]), []);
      assert.deepEqual(lint('MLD413', [devel, 'ENV FORCE_CUDA=1', 'RUN FORCE_CUDA=0 pip install --no-build-isolation detectron2']), []);
    });

    it('keeps the generic message when other sources are built alongside', () => {
      const mixed = [devel, 'RUN pip install --no-build-isolation git+https://github.com/facebookresearch/detectron2.git git+https://github.com/NetEase-FuXi/EETQ.git'];
      assert.match(messages('MLD413', mixed)[0] ?? '', /builds CUDA extensions from source without TORCH_CUDA_ARCH_LIST/);
    });
  });

  describe('MLD413 and Transformer Engine, which reads NVTE_CUDA_ARCHS', () => {
    // huggingface/peft docker/peft-gpu: TE's build_tools/utils.py defaults NVTE_CUDA_ARCHS to 70;80;89;90[;100;120].
    const peft = ['FROM nvidia/cuda:12.8.1-devel-ubuntu22.04', 'RUN pip install --no-build-isolation "transformer_engine[pytorch]"'];

    it('names NVTE_CUDA_ARCHS and offers it in CMake form', () => {
      assert.deepEqual(messages('MLD413', peft), [
        'This RUN builds Transformer Engine from source without NVTE_CUDA_ARCHS (it ignores TORCH_CUDA_ARCH_LIST), so it compiles for all of its default architectures, 70;80;89;90 plus 100;120 from CUDA 12.8 (slow, large binaries); set ENV NVTE_CUDA_ARCHS="80;86;89;90;100;120" (the architectures you deploy on) before it.',
      ]);
      assert.deepEqual(fixTexts('MLD413', peft), ['ENV NVTE_CUDA_ARCHS="80;86;89;90;100;120"\n']);
    });

    it('takes NVTE_CUDA_ARCHS, not TORCH_CUDA_ARCH_LIST, as the setting', () => {
      assert.deepEqual(lint('MLD413', [peft[0] as string, 'ENV NVTE_CUDA_ARCHS="90"', peft[1] as string]), []);
      assert.deepEqual(lint('MLD413', [peft[0] as string, 'RUN NVTE_CUDA_ARCHS="90;100" pip install --no-build-isolation git+https://github.com/NVIDIA/TransformerEngine.git@v2.4']), []);
      assert.equal(lint('MLD413', [peft[0] as string, 'ENV TORCH_CUDA_ARCH_LIST="9.0"', peft[1] as string]).length, 1);
    });
  });

  describe('MLD413 and MLD203 name the setting an `&&` list needs', () => {
    // huggingface/transformers: ARG FLASH_ATTN='false', then `[ "$FLASH_ATTN" != "false" ] && … pip install flash-attn`.
    const guarded = (install: string): string[] => [devel, "ARG FLASH_ATTN='false'", `RUN [ "$FLASH_ATTN" != "false" ] && python3 -m pip install -U ninja==1.11.1 && ${install} || echo "skipped"`];

    it('prefixes the message with the setting the test needs', () => {
      assert.match(messages('MLD203', guarded('python3 -m pip install flash-attn --no-build-isolation'))[0] ?? '', /^When FLASH_ATTN is not false, flash-attn is not pinned/);
      assert.match(messages('MLD413', guarded('FLASH_ATTENTION_FORCE_BUILD=TRUE pip install --no-build-isolation flash-attn==2.7.4'))[0] ?? '', /^When FLASH_ATTN is not false, this RUN builds flash-attn/);
      const equal = [devel, 'ARG WITH_EXTRAS=0', 'RUN [ "$WITH_EXTRAS" = "1" ] && pip install --no-cache-dir einops'];
      assert.match(messages('MLD203', equal)[0] ?? '', /^When WITH_EXTRAS=1, einops is not pinned/);
      const ifBranch = [devel, 'ARG WITH_EXTRAS=0', 'RUN if [ "$WITH_EXTRAS" != 0 ]; then pip install --no-cache-dir einops; fi'];
      assert.match(messages('MLD203', ifBranch)[0] ?? '', /^When WITH_EXTRAS is not 0, einops is not pinned/);
    });

    it('adds none when the test passes, the value is unknown, or a `||` lets the list run without it', () => {
      const plain = /^einops is not pinned/;
      for (const run of [
        'RUN [ "$WITH_EXTRAS" = "0" ] && pip install --no-cache-dir einops',
        'RUN [ "$UNKNOWN" = "1" ] && pip install --no-cache-dir einops',
        'RUN true || [ "$WITH_EXTRAS" = "1" ] && pip install --no-cache-dir einops',
        'RUN [ "$WITH_EXTRAS" = "1" ] || pip install --no-cache-dir einops',
        'RUN [ "$WITH_EXTRAS" = "1" ]; pip install --no-cache-dir einops',
      ]) {
        assert.match(messages('MLD203', [devel, 'ARG WITH_EXTRAS=0', run])[0] ?? '', plain, run);
      }
    });
  });

  describe('MLD007 and search-path variables', () => {
    it('stays silent on a variable extending itself or a toolchain path the base may set (NVIDIA/Megatron-LM)', () => {
      for (const env of ['ENV CPATH=/usr/local/mpi/include:$CPATH', 'ENV LIBRARY_PATH=/opt/lib:${LIBRARY_PATH}', 'ENV MPATH=/opt/tools:$MPATH', 'ENV INC=$C_INCLUDE_PATH']) {
        assert.deepEqual(lint('MLD007', ['FROM nvcr.io/nvidia/pytorch:24.05-py3', env]), [], env);
      }
    });

    it('never offers the nearby PATH for a self-reference, even where the whole environment is known', () => {
      const found = lint('MLD007', ['FROM scratch', 'ENV PATH=/bin', 'ENV CPATH=/usr/include:$CPATH']);
      assert.deepEqual(found.map((f) => f.message), ['$CPATH is not defined by any ARG or ENV in scope, so it expands to an empty string; declare it first.']);
      assert.equal(found[0]?.fix, undefined);
    });

    it('still names the likely typo of another variable', () => {
      assert.deepEqual(messages('MLD007', ['FROM ubuntu:24.04', 'ENV TOOLS=/opt/tools', 'ENV PATH=$TOOLZ/bin:$PATH']), ['$TOOLZ is not defined here (it expands to an empty string); did you mean $TOOLS?']);
    });
  });

  describe('MLD405 counts FORCE_CUDA=1 with a source install as compiling', () => {
    // facebookresearch/detectron2 docker/Dockerfile: FORCE_CUDA=1, then `pip install --user -e detectron2_repo`.
    const detectron2 = (force: string, install = 'RUN pip install --user -e detectron2_repo'): string[] => [
      'FROM nvidia/cuda:11.1.1-cudnn8-devel-ubuntu18.04',
      'RUN pip install --user tensorboard cmake',
      'RUN pip install --user torch==1.10 torchvision==0.11.1',
      'RUN git clone https://github.com/facebookresearch/detectron2 detectron2_repo',
      force,
      install,
    ];

    it('says the stage compiles CUDA code', () => {
      for (const [force, install] of [
        ['ENV FORCE_CUDA="1"', undefined],
        ['ARG FORCE_CUDA=1', 'RUN pip install --no-cache-dir ./detectron2_repo'],
        ['ENV OTHER=1', 'RUN FORCE_CUDA=1 pip install "git+https://github.com/facebookresearch/pytorch3d.git@stable"'],
      ] as const) {
        assert.match(messages('MLD405', detectron2(force, install))[0] ?? '', /; this stage compiles CUDA code, so compile in a devel stage/, `${force} ${install ?? ''}`);
      }
    });

    it('not with FORCE_CUDA off, or with a package from the index', () => {
      for (const [force, install] of [
        ['ENV FORCE_CUDA="0"', undefined],
        ['ENV FORCE_CUDA=1', 'RUN pip install --user fvcore==0.1.5'],
      ] as const) {
        assert.doesNotMatch(messages('MLD405', detectron2(force, install))[0] ?? '', /this stage compiles CUDA code/, `${force} ${install ?? ''}`);
      }
    });
  });
});
