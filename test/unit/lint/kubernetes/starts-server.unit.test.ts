import * as assert from 'node:assert/strict';
import { startsServer } from '../../../../src/core/lint/kubernetes/gpu';

const words = (line: string) => line.split(/\s+/).filter((w) => w !== '');

describe('startsServer (a command on a serving image that starts its server, or something else)', () => {
  it('knows the servers\' programs and modules', () => {
    for (const line of ['vllm serve org/model', 'python3 -m vllm.entrypoints.openai.api_server', 'sglang serve --model-path org/m', 'python3 -m sglang.launch_server', '/opt/tritonserver/bin/tritonserver --model-repository=/m', 'text-generation-launcher', 'trtllm-serve /engine', 'lmdeploy serve api_server org/m', 'llama-server -m /m.gguf', 'ollama serve']) {
      assert.equal(startsServer(words(line)), true, line);
    }
  });

  it('a proxy, a client or a shell without a server is none', () => {
    for (const line of ['python3 /workspace/disagg_proxy_server.py --port 9000', 'perf_analyzer -m model -u triton:8001', 'sleep infinity', 'bash -c ls']) {
      assert.equal(startsServer(words(line)), false, line);
    }
  });
});
