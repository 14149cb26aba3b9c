import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** MLK117's findings, as `line:column text`, for a container with this command and args. */
function flagged(command: string, args: string): string[] {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: server\n      image: vllm/vllm-openai:v0.9.1\n      command: ${command}\n      args: ${args}\n`;
  const lines = text.split('\n');
  return lintManifest(text)
    .findings.filter((f) => f.ruleId === 'MLK117')
    .map((f) => `${f.range.start.line}:${f.range.start.column} ${(lines[f.range.start.line - 1] ?? '').slice(f.range.start.column - 1, f.range.end.column - 1)}`);
}

const serve = '[vllm, serve, meta-llama/Llama-3.1-8B-Instruct]';

describe('MLK117: a literal credential passed to a server flag in command or args', () => {
  it('reports the value after --api-key, --hf-token, --token and --password, as its own item or after `=`', () => {
    assert.deepEqual(flagged(serve, '[--api-key, "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"]'), ['9:26 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']);
    assert.deepEqual(flagged(serve, '["--api-key=token-abc123"]'), ['9:25 token-abc123']);
    assert.deepEqual(flagged(serve, '[--hf-token, hf_abcdefghijklmnopqrstuvwxyzABCDEFGH]'), ['9:26 hf_abcdefghijklmnopqrstuvwxyzABCDEFGH']);
    assert.deepEqual(flagged('[huggingface-cli, login]', '[--token, hunter2hunter2]'), ['9:23 hunter2hunter2']);
    assert.deepEqual(flagged('[sh, -c]', '["ray start --head --redis-password=LetMeInRay --block"]'), ['9:49 LetMeInRay']);
  });

  it('reads the flag in command and its value in args, and flags inside an sh -c script', () => {
    assert.deepEqual(flagged('[vllm, serve, m, --api-key]', '[s3cr3t-key]'), ['9:14 s3cr3t-key']);
    assert.deepEqual(flagged('[sh, -c]', '["vllm serve m --api-key \'s3cr3t-key\' --port 8000"]'), ['9:39 s3cr3t-key']);
  });

  it('leaves expansions, placeholders, files, switches, counts and variable names alone', () => {
    for (const args of [
      '[--api-key, $(VLLM_API_KEY)]',
      '["--api-key=$(VLLM_API_KEY)"]',
      '[--hf-token, "${HF_TOKEN}"]',
      '[--api-key, <your-api-key>]',
      '[--api-key, ""]',
      '[--api-key, EMPTY]',
      '[--token, /var/run/secrets/hf/token]',
      '[--hf-token, --trust-remote-code]',
      '[--hf-token]',
      '[--hf-token, "true"]',
      '[--token-budget, "4096"]',
      '[--api-key-env, OPENAI_API_KEY]',
      '[--max-num-batched-tokens, "8192", --tokenizer, meta-llama/Llama-3.1-8B-Instruct, --api-key-file, key.txt]',
      '["vllm serve m --api-key \\"$API_KEY\\""]',
    ]) {
      assert.deepEqual(flagged(serve, args), [], args);
    }
  });
});
