/**
 * How many words a server flag takes after it, as the server's argparse parser declares it: `none` (store_true,
 * store_false, BooleanOptionalAction), `one` (a single value), `many` (nargs '+' or '*': every word up to the next flag).
 */
export type FlagArity = 'none' | 'one' | 'many';

export type ServerFlags = ReadonlyMap<string, FlagArity>;

function flagTable(flags: Readonly<Record<FlagArity, readonly string[]>>): ServerFlags {
  const table = new Map<string, FlagArity>();
  for (const arity of ['none', 'one', 'many'] as const) {
    for (const flag of flags[arity]) {
      table.set(flag, arity);
    }
  }
  return table;
}

/**
 * `vllm serve`'s common flags (vllm/engine/arg_utils.py, vllm/entrypoints/openai/cli_args.py), only those whose arity
 * is the same in every release that has them: the booleans were store_true before they became BooleanOptionalAction;
 * `--served-model-name` and `--api-key` take a list in current releases. Left out, so read as unknown: flags whose
 * arity changed (`--enable-chunked-prefill` once took an optional value), `--hf-token` (an optional value), `--model`
 * and `--config` (which move the model elsewhere).
 */
export const vllmServeFlags: ServerFlags = flagTable({
  none: [
    '--trust-remote-code',
    '--no-trust-remote-code',
    '--enforce-eager',
    '--no-enforce-eager',
    '--enable-prefix-caching',
    '--no-enable-prefix-caching',
    '--disable-log-requests',
    '--no-disable-log-requests',
    '--enable-log-requests',
    '--no-enable-log-requests',
    '--disable-log-stats',
    '--enable-auto-tool-choice',
    '--no-enable-auto-tool-choice',
    '--enable-lora',
    '--no-enable-lora',
    '--enable-expert-parallel',
    '--no-enable-expert-parallel',
    '--disable-custom-all-reduce',
    '--no-disable-custom-all-reduce',
    '--disable-uvicorn-access-log',
    '--no-disable-uvicorn-access-log',
    '--headless',
  ],
  one: [
    '--host',
    '--port',
    '--uvicorn-log-level',
    '--tensor-parallel-size',
    '-tp',
    '--pipeline-parallel-size',
    '-pp',
    '--data-parallel-size',
    '-dp',
    '--distributed-executor-backend',
    '--dtype',
    '--max-model-len',
    '--gpu-memory-utilization',
    '--max-num-seqs',
    '--max-num-batched-tokens',
    '--kv-cache-dtype',
    '--block-size',
    '--swap-space',
    '--cpu-offload-gb',
    '--quantization',
    '-q',
    '--load-format',
    '--download-dir',
    '--seed',
    '--tokenizer',
    '--tokenizer-mode',
    '--revision',
    '--tokenizer-revision',
    '--chat-template',
    '--tool-call-parser',
    '--reasoning-parser',
    '--max-loras',
    '--max-lora-rank',
    '--limit-mm-per-prompt',
    '--hf-overrides',
    '--ssl-keyfile',
    '--ssl-certfile',
    '--root-path',
  ],
  many: ['--served-model-name', '--api-key', '--lora-modules'],
});

/**
 * `lmdeploy serve api_server`'s flags (lmdeploy/cli/serve.py and the ArgumentHelper of lmdeploy/cli/utils.py); its
 * parser is plain argparse, so a flag spelt with underscores is unknown.
 */
export const lmDeployApiServerFlags: ServerFlags = flagTable({
  none: [
    '--allow-credentials',
    '--ssl',
    '--disable-fastapi-docs',
    '--allow-terminate-by-client',
    '--enable-abort-handling',
    '--eager-mode',
    '--enable-prefix-caching',
    '--enable-microbatch',
    '--enable-eplb',
    '--disable-metrics',
    '--disable-vision-encoder',
    '--trust-remote-code',
  ],
  one: [
    '--server-name',
    '--server-port',
    '--proxy-url',
    '--max-concurrent-requests',
    '--backend',
    '--log-level',
    '--model-name',
    '--max-log-len',
    '--chat-template',
    '--tool-call-parser',
    '--reasoning-parser',
    '--revision',
    '--download-dir',
    '--device',
    '--dtype',
    '--tp',
    '--dp',
    '--ep',
    '--session-len',
    '--max-batch-size',
    '--cache-max-entry-count',
    '--cache-block-seq-len',
    '--max-prefill-token-num',
    '--quant-policy',
    '--model-format',
    '--hf-overrides',
    '--rope-scaling-factor',
    '--num-tokens-per-iter',
    '--max-prefill-iters',
    '--communicator',
    '--vision-max-batch-size',
    '--role',
    '--migration-backend',
    '--node-rank',
    '--nnodes',
  ],
  many: ['--allow-origins', '--allow-methods', '--allow-headers', '--api-keys', '--adapters'],
});
