import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig } from '../../../src/core/lint/config';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { lmDeployOrSglangModel, lmDeployOrSglangPositionalModel, positionalModel } from '../../../src/core/lint/server-commands';

const words = (line: string) => line.split(' ');
const positional = (line: string) => positionalModel(words(line));
const mlk419Fixture = (name: string) => fs.readFileSync(path.join('test/fixtures/lint/kubernetes/MLK419', name), 'utf8');
const ruleFindings = (findings: readonly { ruleId: string; message: string }[], id: string) => findings.filter((f) => f.ruleId === id).map((f) => f.message);

describe('server-commands: a server’s positional model after its flags', () => {
  it('reads vLLM’s model after flags that take one value, booleans and `--flag=value` words', () => {
    assert.equal(positional('vllm serve --port 8000 meta-llama/Llama-3.1-8B-Instruct'), 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(positional('vllm serve --trust-remote-code --enforce-eager -tp 2 --dtype bfloat16 Qwen/Qwen2.5-7B'), 'Qwen/Qwen2.5-7B');
    assert.equal(positional('vllm serve --disable-log-requests --no-enable-prefix-caching --gpu-memory-utilization=0.9 Qwen/Qwen2.5-7B'), 'Qwen/Qwen2.5-7B');
    assert.equal(positional('/usr/local/bin/vllm serve --host 0.0.0.0 "Qwen/Qwen2.5-7B";'), 'Qwen/Qwen2.5-7B');
  });

  it('reads vLLM’s flags spelt with underscores as its parser does (`--max_model_len` is `--max-model-len`)', () => {
    assert.equal(positional('vllm serve --max_model_len 8192 --tensor_parallel_size 2 Qwen/Qwen2.5-7B'), 'Qwen/Qwen2.5-7B');
  });

  it('lets a list flag take every word up to the next flag, as nargs="+" does', () => {
    assert.equal(positional('vllm serve --served-model-name llama meta-llama/Llama-3.1-8B-Instruct'), undefined);
    assert.equal(positional('vllm serve --served-model-name llama chat --port 8000 meta-llama/Llama-3.1-8B-Instruct'), 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(positional('vllm serve --api-key sk-local --port 8000 meta-llama/Llama-3.1-8B-Instruct'), 'meta-llama/Llama-3.1-8B-Instruct');
  });

  it('reads no model past a flag whose arity it does not know, nor past one whose arity changed between releases', () => {
    assert.equal(positional('vllm serve --some-new-flag 1 Qwen/Qwen2.5-7B'), undefined);
    assert.equal(positional('vllm serve --hf-token Qwen/Qwen2.5-7B'), undefined);
    assert.equal(positional('vllm serve --enable-chunked-prefill Qwen/Qwen2.5-7B'), undefined);
    assert.equal(positional('vllm serve --config /etc/vllm.yaml Qwen/Qwen2.5-7B'), undefined);
  });

  it('reads no model when the command ends before one', () => {
    assert.equal(positional('vllm serve --port 8000 && echo Qwen/Qwen2.5-7B'), undefined);
    assert.equal(positional('vllm serve --port 8000; echo Qwen/Qwen2.5-7B'), undefined);
    assert.equal(positional('vllm serve --enforce-eager > /tmp/vllm.log'), undefined);
    assert.equal(positional('vllm serve --port'), undefined);
    assert.equal(positional('vllm serve --port --enforce-eager Qwen/Qwen2.5-7B'), undefined);
  });

  it('reads no model past a quoted value that a whitespace split cut in two', () => {
    assert.equal(positional(`vllm serve --hf-overrides '{"architectures": ["Qwen2ForCausalLM"]}' Qwen/Qwen2.5-7B`), undefined);
    assert.equal(positional(`vllm serve --hf-overrides '{"architectures":["Qwen2ForCausalLM"]}' Qwen/Qwen2.5-7B`), 'Qwen/Qwen2.5-7B');
  });

  it('reads LMDeploy’s model path after its api_server flags, by program or module', () => {
    const line = 'lmdeploy serve api_server --server-port 23333 --tp 2 --enable-prefix-caching internlm/internlm2_5-7b-chat';
    assert.equal(positional(line), 'internlm/internlm2_5-7b-chat');
    assert.equal(lmDeployOrSglangPositionalModel(words(line)), 'internlm/internlm2_5-7b-chat');
    assert.equal(lmDeployOrSglangModel(words(line)), 'internlm/internlm2_5-7b-chat');
    assert.equal(lmDeployOrSglangPositionalModel(words('python3 -m lmdeploy serve api_server --backend pytorch /models/internlm2_5-7b-chat')), '/models/internlm2_5-7b-chat');
    assert.equal(lmDeployOrSglangPositionalModel(words('lmdeploy serve api_server --api-keys k1 k2 --tp 1 internlm/internlm2_5-7b-chat')), 'internlm/internlm2_5-7b-chat');
    assert.equal(lmDeployOrSglangPositionalModel(words('lmdeploy serve api_server --api-keys k1 internlm/internlm2_5-7b-chat')), undefined);
    assert.equal(lmDeployOrSglangPositionalModel(words('lmdeploy serve api_server --max_batch_size 8 internlm/internlm2_5-7b-chat')), undefined);
  });

  it('reads SGLang’s positional model only first (after --model-type), as `sglang serve` does', () => {
    assert.equal(positional('sglang serve --port 30000 Qwen/Qwen2.5-7B'), undefined);
    assert.equal(lmDeployOrSglangPositionalModel(words('sglang serve --port 30000 Qwen/Qwen2.5-7B')), undefined);
    assert.equal(lmDeployOrSglangModel(words('sglang serve --port 30000 Qwen/Qwen2.5-7B')), undefined);
    assert.equal(positional('sglang serve --model-type=llm --model-type llm Qwen/Qwen2.5-7B --port 30000'), 'Qwen/Qwen2.5-7B');
    assert.equal(lmDeployOrSglangModel(words('sglang serve --port 30000 --model-path Qwen/Qwen2.5-7B')), 'Qwen/Qwen2.5-7B');
  });

  it('keeps reading a first argument as before', () => {
    assert.equal(positional('vllm serve Qwen/Qwen2.5-7B --some-new-flag 1'), 'Qwen/Qwen2.5-7B');
    assert.equal(positional('lmdeploy serve api_server internlm/internlm2_5-7b-chat --server-port 23333'), 'internlm/internlm2_5-7b-chat');
    assert.equal(positional('vllm serve --model Qwen/Qwen2.5-7B'), undefined);
  });
});

describe('server-commands: rules reading a model after flags', () => {
  it('MLK419 reports LMDeploy downloading a model named after its flags, not one behind an unknown flag', () => {
    const found = ruleFindings(lintManifest(mlk419Fixture('fail/lmdeploy-api-server-model-after-flags.yaml')).findings, 'MLK419');
    assert.equal(found.length, 1);
    assert.match(found[0] as string, /downloads its model into \/root\/\.cache\/huggingface/);
    assert.deepEqual(ruleFindings(lintManifest(mlk419Fixture('pass/lmdeploy-sglang-model-after-unknown-or-misplaced-flags.yaml')).findings, 'MLK419'), []);
  });

  it('MLC409 reads a vLLM model path after flags as local, and an LMDeploy hub model after flags as a download', () => {
    const compose = [
      'services:',
      '  vllm:',
      '    image: vllm/vllm-openai:v0.8.5',
      '    entrypoint: ["vllm", "serve", "--port", "8000", "--max-model-len", "8192", "/models/llama-3.1-8b"]',
      '    volumes:',
      '      - ./models:/models',
      '    gpus: all',
      '  lmdeploy:',
      '    image: openmmlab/lmdeploy:v0.9.2-cu12',
      '    command: lmdeploy serve api_server --server-port 23333 --tp 1 internlm/internlm2_5-7b-chat',
      '    gpus: all',
      '',
    ].join('\n');
    const found = ruleFindings(lintCompose(compose, { config: emptyConfig() }).findings, 'MLC409');
    assert.equal(found.length, 1);
    assert.match(found[0] as string, /"lmdeploy"/);
  });
});
