import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule as mlc414Rule } from '../../../../src/core/lint/rules/compose/mlc414-server-uses-fewer-gpus';
import { rule as mlc415Rule } from '../../../../src/core/lint/rules/compose/mlc415-server-parallelism-exceeds-gpus';
import { rule as mlk425Rule } from '../../../../src/core/lint/rules/kubernetes/mlk425-server-uses-fewer-gpus';
import { rule as mlk428Rule } from '../../../../src/core/lint/rules/kubernetes/mlk428-server-parallelism-exceeds-gpus';
import { keepsToOneGpu, parallelLayout } from '../../../../src/core/lint/server-parallelism';
import { parallelServer } from '../../../../src/core/lint/tensor-parallel-servers';

const words = (line: string) => line.split(' ');
const serverOf = (line: string, repository = 'openmmlab/lmdeploy', entrypointKept = false) => parallelServer(repository, words(line), entrypointKept);
/** MLK425's idle GPUs and MLK428's shortfall (MLC414 and MLC415 in Compose), each message after its rule ID. */
const mlk425 = (text: string) => lintManifest(text, { rules: [mlk425Rule, mlk428Rule] }).findings.map((f) => `${f.ruleId} ${f.message}`);
const mlc414 = (text: string) => lintCompose(text, { config: emptyConfig(), rules: [mlc414Rule, mlc415Rule] }).findings.map((f) => `${f.ruleId} ${f.message}`);

/** A Pod whose one container runs `command`, limited to `gpus` NVIDIA GPUs. */
function pod(command: readonly string[], gpus: number): string {
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: lmdeploy', 'spec:', '  containers:', '    - name: lmdeploy', '      image: openmmlab/lmdeploy:v0.9.2-cu12', `      command: ${JSON.stringify(command)}`, '      resources:', `        limits: {nvidia.com/gpu: ${gpus}}`, ''].join('\n');
}

describe('LMDeploy as a tensor-parallel server', () => {
  it('is the server of `lmdeploy serve api_server`, by program path or module', () => {
    assert.equal(serverOf('lmdeploy serve api_server internlm/internlm2_5-7b-chat --tp 2'), 'LMDeploy');
    assert.equal(serverOf('/opt/py3/bin/lmdeploy serve api_server m'), 'LMDeploy');
    assert.equal(serverOf('python3 -m lmdeploy serve api_server m'), 'LMDeploy');
  });

  it('is not the server of its other commands, nor of its images’ entry point (they set none)', () => {
    for (const line of ['lmdeploy chat m --tp 2', 'lmdeploy lite auto_awq m', 'lmdeploy convert internlm2 m --tp 2', 'lmdeploy serve proxy --server-port 8000', 'lmdeploy serve gradio m', 'lmdeploy serve']) {
      assert.equal(serverOf(line), undefined, line);
    }
    assert.equal(serverOf('--model-path m', 'openmmlab/lmdeploy', true), undefined);
  });

  it('keeps its model on one GPU without --tp (its default is 1) or with --tp 1, and not with data parallelism', () => {
    assert.equal(parallelLayout('LMDeploy', words('lmdeploy serve api_server m'), [])?.gpus, 1);
    assert.equal(keepsToOneGpu('LMDeploy', words('lmdeploy serve api_server m'), []), true);
    assert.equal(keepsToOneGpu('LMDeploy', words('lmdeploy serve api_server m --tp 1'), []), true);
    assert.equal(keepsToOneGpu('LMDeploy', words('lmdeploy serve api_server m --backend pytorch --dp 2'), []), false);
  });

  it('MLK428: --tp above the GPU limit fails at start-up; MLK425: below it leaves GPUs idle, with --tp named in the fix', () => {
    assert.deepEqual(mlk425(pod(['lmdeploy', 'serve', 'api_server', 'm', '--tp', '4'], 2)), [
      'MLK428 container "lmdeploy" gets 2 GPUs but its --tp 4 needs 4, so LMDeploy fails at start-up (TurboMind cannot lay its ranks out on the GPUs it sees; the PyTorch engine waits for GPUs Ray cannot place, then stops); lower the parallel sizes to fit 2 GPUs, or raise its nvidia.com/gpu limit to 4.',
    ]);
    assert.deepEqual(mlk425(pod(['lmdeploy', 'serve', 'api_server', 'm'], 2)), [
      'MLK425 container "lmdeploy" gets 2 GPUs but LMDeploy without a parallel size uses 1, so 1 of them sits idle while still allocated; set --tp to 2, or lower its nvidia.com/gpu limit to 1.',
    ]);
  });

  it('MLK425 and MLK428: silent for a matching --tp, the unread data-parallel layout, and `lmdeploy chat`', () => {
    assert.deepEqual(mlk425(pod(['lmdeploy', 'serve', 'api_server', 'm', '--tp', '2'], 2)), []);
    assert.deepEqual(mlk425(pod(['lmdeploy', 'serve', 'api_server', 'm', '--backend', 'pytorch', '--dp', '2', '--ep', '2'], 4)), []);
    assert.deepEqual(mlk425(pod(['lmdeploy', 'chat', 'm', '--tp', '4'], 2)), []);
  });

  it('MLC414: a service reserving more GPUs than its --tp uses', () => {
    const compose = ['services:', '  lmdeploy:', '    image: openmmlab/lmdeploy:v0.9.2-cu12', '    command: lmdeploy serve api_server m --tp 2', '    shm_size: 8gb', '    gpus:', '      - {driver: nvidia, count: 4}', ''].join('\n');
    assert.deepEqual(mlc414(compose), ['MLC414 Service "lmdeploy" gets 4 GPUs but its --tp 2 uses 2, so 2 of them sit idle while still allocated; set --tp to 4, or lower its GPU reservation to 2.']);
  });
});
