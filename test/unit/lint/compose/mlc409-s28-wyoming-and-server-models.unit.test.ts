import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';

/** One service `app` with the given lines. */
const service = (lines: readonly string[]): string => ['services:', '  app:', ...lines.map((l) => `    ${l}`), ''].join('\n');

const mlc409 = (text: string): string[] =>
  lintCompose(text, { config: emptyConfig() })
    .findings.filter((f) => f.ruleId === 'MLC409')
    .map((f) => /keeps its model cache \(([^)]*)\)/.exec(f.message)?.[1] ?? f.message);

describe('MLC409: Wyoming Whisper keeps its models in /data', () => {
  it('the image rhasspy/wyoming-whisper, with or without a command, names /data', () => {
    assert.deepEqual(mlc409(service(['image: rhasspy/wyoming-whisper:2.2.0', 'command: --model tiny-int8 --language en'])), ['/data']);
    assert.deepEqual(mlc409(service(['image: rhasspy/wyoming-whisper'])), ['/data']);
  });

  it("a service built from wyoming-addons' whisper folder names /data, as its base compose file has it", () => {
    const built = ['services:', '  wyoming-whisper:', '    build:', '      context: ./whisper/', '    command: ["--model", "tiny-int8", "--language", "en"]', ''].join('\n');
    assert.deepEqual(mlc409(built), ['/data']);
  });

  it('a volume at /data keeps them; --data-dir elsewhere moves them', () => {
    assert.deepEqual(mlc409(service(['image: rhasspy/wyoming-whisper:2.2.0', 'volumes: ["./data:/data"]'])), []);
    assert.deepEqual(mlc409(service(['image: rhasspy/wyoming-whisper:2.2.0', 'command: --model tiny-int8 --data-dir /models', 'volumes: ["./data:/data"]'])), ['/models']);
  });

  it('another service built from a whisper folder, named for no Wyoming server, is not one', () => {
    const other = ['services:', '  stt:', '    build:', '      context: ./whisper/', '    command: ["python", "app.py"]', ''].join('\n');
    assert.deepEqual(mlc409(other), []);
  });
});

describe("MLC409 reads LMDeploy's and SGLang's model argument", () => {
  it('reports a hub model named by position or by --model-path, through sh -c and python -m too', () => {
    assert.deepEqual(mlc409(service(['image: openmmlab/lmdeploy:v0.6.0-cu12', 'command: lmdeploy serve api_server internlm/internlm2_5-7b-chat --server-port 23333'])), ['/root/.cache/huggingface']);
    assert.deepEqual(mlc409(service(['image: openmmlab/lmdeploy:v0.6.0-cu12', 'command: ["python3", "-m", "lmdeploy", "serve", "api_server", "Qwen/Qwen2.5-7B-Instruct"]'])), ['/root/.cache/huggingface']);
    assert.deepEqual(mlc409(service(['image: lmsysorg/sglang:v0.4.6', 'command: ["sh", "-c", "exec sglang serve Qwen/Qwen2.5-7B-Instruct --port 30000"]'])), ['/root/.cache/huggingface']);
    assert.deepEqual(mlc409(service(['image: lmsysorg/sglang:v0.4.6', 'command: ["sglang", "serve", "--model-type", "llm", "Qwen/Qwen2.5-7B-Instruct"]'])), ['/root/.cache/huggingface']);
    assert.deepEqual(mlc409(service(['image: lmsysorg/sglang:v0.4.6', 'command: python3 -m sglang.launch_server --model-path=Qwen/Qwen2.5-7B-Instruct'])), ['/root/.cache/huggingface']);
  });

  it('a --download-dir moves the cache for them as for vLLM', () => {
    assert.deepEqual(mlc409(service(['image: lmsysorg/sglang:v0.4.6', 'command: sglang serve Qwen/Qwen2.5-7B-Instruct --download-dir /hub'])), ['/hub']);
  });

  it('a model read from a container path, or left to a variable of the container, is no download it can report', () => {
    assert.deepEqual(mlc409(service(['image: openmmlab/lmdeploy:v0.6.0-cu12', 'command: lmdeploy serve api_server /models/internlm2_5-7b-chat'])), []);
    assert.deepEqual(mlc409(service(['image: lmsysorg/sglang:v0.4.6', 'command: ["sglang", "serve", "./weights/qwen"]'])), []);
    assert.deepEqual(mlc409(service(['image: lmsysorg/sglang:v0.4.6', 'command: python3 -m sglang.launch_server --model-path /models/qwen'])), []);
    assert.deepEqual(mlc409(service(['image: lmsysorg/sglang:v0.4.6', 'command: ["sh", "-c", "sglang serve $$MODEL"]'])), []);
  });

  it("LMDeploy's other subcommands run no server; a model after flags is read past known flags only", () => {
    assert.deepEqual(mlc409(service(['image: openmmlab/lmdeploy:v0.6.0-cu12', 'command: lmdeploy chat internlm/internlm2_5-7b-chat'])), []);
    assert.deepEqual(mlc409(service(['image: openmmlab/lmdeploy:v0.6.0-cu12', 'command: lmdeploy serve proxy --server-port 8000'])), []);
    assert.deepEqual(mlc409(service(['image: openmmlab/lmdeploy:v0.6.0-cu12', 'command: lmdeploy serve api_server --server-port 23333 internlm/internlm2_5-7b-chat'])), ['/root/.cache/huggingface']);
    assert.deepEqual(mlc409(service(['image: openmmlab/lmdeploy:v0.6.0-cu12', 'command: lmdeploy serve api_server --some-new-flag 1 internlm/internlm2_5-7b-chat'])), []);
  });

  it('vllm serve keeps reading its positional model as before', () => {
    assert.deepEqual(mlc409(service(['image: vllm/vllm-openai:v0.8.5', 'command: ["vllm", "serve", "./weights/qwen"]'])), []);
    assert.deepEqual(mlc409(service(['image: registry.example/llm:1', 'command: ["vllm", "serve", "Qwen/Qwen3-8B"]'])), ['/root/.cache/huggingface']);
  });
});
