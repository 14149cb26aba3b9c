import * as assert from 'node:assert/strict';
import { onlyChecksDevices } from '../../../src/core/lint/device-checks';
import { serverGpuMismatch } from '../../../src/core/lint/server-gpu-mismatch';
import { parallelLayout } from '../../../src/core/lint/server-parallelism';

const words = (line: string) => line.split(' ');

/** The server serverGpuMismatch reports for `line` run by `image` on `given` GPUs, or undefined for no finding. */
function reported(line: string, given: number, image = 'ghcr.io/org/app', entrypointKept = false): string | undefined {
  return serverGpuMismatch(image, words(line), entrypointKept, [], false, given)?.server;
}

describe('serverGpuMismatch: the cheap tests in front of its scans find what the scans find', () => {
  it('uses the server the caller found for the command instead of looking it up again', () => {
    const flagsOnly = words('--model m --port 8000');
    assert.equal(serverGpuMismatch('vllm/vllm-openai', flagsOnly, true, [], false, 2)?.server, 'vLLM');
    assert.equal(serverGpuMismatch('vllm/vllm-openai', flagsOnly, true, [], false, 2, 'SGLang')?.server, 'SGLang');
    assert.equal(serverGpuMismatch('vllm/vllm-openai', words('vllm serve m'), false, [], false, 2, 'vLLM')?.server, 'vLLM');
  });

  it('counts a start by program path, after an opening quote, or before a closing quote or separator', () => {
    assert.equal(reported('/usr/local/bin/vllm serve m', 2), 'vLLM');
    // A start the lookup cannot name (its program quoted): the image's server is not taken for it.
    assert.equal(reported('"vllm serve" m', 2, 'vllm/vllm-openai', true), undefined);
    assert.equal(reported('--model m', 2, 'vllm/vllm-openai', true), 'vLLM');
    assert.equal(reported('sglang serve; m', 2), 'SGLang');
    assert.equal(reported('lmdeploy serve api_server" m', 2), 'LMDeploy');
    assert.equal(reported('python3 -m vllm.entrypoints.openai.api_server --model m', 2), 'vLLM');
    assert.equal(reported('python3 -m sglang.launch_server\' --model-path m', 2), 'SGLang');
  });

  it('reports no server the command starts twice, nor one it only names (a client, a module left at the end)', () => {
    assert.equal(reported('vllm serve a & vllm serve b', 2), undefined);
    assert.equal(reported('vllm serve a ; "vllm serve b', 2), undefined);
    assert.equal(reported('vllm bench serve', 2), undefined);
    assert.equal(reported('python -m', 2, 'vllm/vllm-openai', true), 'vLLM');
    assert.equal(reported('python -m sglang.bench_serving', 2, 'vllm/vllm-openai', true), undefined);
    assert.equal(reported('lmdeploy serve proxy', 2), undefined);
  });

  it('leaves the GPUs to a background job, a Ray node or a visible-devices variable, wherever the word holds it', () => {
    assert.equal(reported('vllm serve m', 2), 'vLLM');
    for (const elsewhere of ['vllm serve m &', 'vllm serve m&', 'ray start --head ; vllm serve m', '/opt/bin/ray start ; vllm serve m', "'ray start ; vllm serve m", 'CUDA_VISIBLE_DEVICES=0 vllm serve m', 'export HIP_VISIBLE_DEVICES=0 ; vllm serve m', 'GPU_DEVICE_ORDINAL=1 vllm serve m']) {
      assert.equal(reported(elsewhere, 2), undefined, elsewhere);
    }
    assert.equal(reported('vllm serve m && echo done', 2), 'vLLM');
    assert.equal(reported('vllm serve array', 2), 'vLLM');
  });
});

describe('parallelLayout: long flags read without their regex tests where they cannot match', () => {
  it('reads underscores as dashes, and leaves size families and context parallelism unread', () => {
    assert.equal(parallelLayout('vLLM', words('vllm serve m --tensor_parallel_size=2'), [])?.gpus, 2);
    assert.equal(parallelLayout('vLLM', words('vllm serve m --data_parallel_rank 0'), []), undefined);
    assert.equal(parallelLayout('vLLM', words('vllm serve m -tp 2 --decode_context_parallel_size 2'), []), undefined);
    assert.equal(parallelLayout('vLLM', words('vllm serve m -tp 2 -data-parallel-rank 0'), [])?.gpus, 2);
  });
});

describe('onlyChecksDevices: a command that names no device program stops at one test', () => {
  it('still finds device listers and tests by path, in scripts and after assignments', () => {
    assert.equal(onlyChecksDevices(['/usr/bin/nvidia-smi', '-L']), true);
    assert.equal(onlyChecksDevices(['sh', '-c', 'nvidia-smi; ls -la /dev/nvidia-caps; sleep 9000 & wait']), true);
    assert.equal(onlyChecksDevices(['bash', '-lc', 'CUDA_VISIBLE_DEVICES=0 ./deviceQuery && \\\n  rocm_bandwidth_test']), true);
    assert.equal(onlyChecksDevices(['sh', '-c', 'while true; do amd-smi monitor; sleep 10; done'], true), true);
  });

  it('says no for commands that name none, or name one but run more', () => {
    assert.equal(onlyChecksDevices(['--model', 'meta-llama/Llama-3-8B', '--port', '8000']), false);
    assert.equal(onlyChecksDevices(['python', 'train.py']), false);
    assert.equal(onlyChecksDevices(['sh', '-c', 'sleep infinity']), false);
    assert.equal(onlyChecksDevices(['nvidia-smi', 'topo']), false);
    assert.equal(onlyChecksDevices(['sh', '-c', 'nvidia-smi && python serve.py']), false);
    assert.equal(onlyChecksDevices(['sh', '-c', 'nvidia-\\\nsmi']), false);
  });
});
