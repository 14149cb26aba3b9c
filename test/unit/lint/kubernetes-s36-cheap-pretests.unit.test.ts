import * as assert from 'node:assert/strict';
import { afterLastSlash } from '../../../src/core/lint/after-last-slash';
import { onlySleeps } from '../../../src/core/lint/device-checks';
import { isDistributedLauncher, isMlCommand, isServingCommand } from '../../../src/core/lint/kubernetes/gpu';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { positionalModel } from '../../../src/core/lint/server-commands';
import { keepsToOneGpu, runsOneWorker, serverParallelism } from '../../../src/core/lint/server-parallelism';

/*
 * The Kubernetes lint path's cheap tests and one-pass readings (session 36's CPU work) give the answers of the readings
 * they replace: each case below holds for the old formulation, written out here, and for the new one.
 */

const lastSegment = (word: string): string => word.slice(word.lastIndexOf('/') + 1);

const commandLines: readonly (readonly string[])[] = [
  [],
  [''],
  ['torchrun', '--nproc_per_node=8', 'train.py'],
  ['/usr/local/bin/deepspeed', 'train.py'],
  ['accelerate', 'launch', 'train.py'],
  ['/opt/conda/bin/accelerate', '/x/launch'],
  ['accelerate', 'config'],
  ['python', '-m', 'torch.distributed.run', 'train.py'],
  ['python', '-m', 'vllm.entrypoints.openai.api_server', '--model', 'org/m'],
  ['vllm', 'serve', 'org/m', '--tensor-parallel-size', '2'],
  ['/usr/bin/vllm', '/bin/serve'],
  ['text-generation-launcher', '--model-id', 'org/m'],
  ['/opt/tritonserver/bin/tritonserver', '--model-repository=/models'],
  ['ray', 'start', '--head'],
  ['/home/ray/anaconda3/bin/ray', 'start'],
  ['kubectl', 'rollout', 'restart', 'deployment/vllm'],
  ['python', 'serve.py', '-m'],
];

describe('Kubernetes lint: cheap tests give the old answers (s36)', () => {
  it('afterLastSlash is the text after the last slash, all of it without one', () => {
    for (const word of ['', '/', 'a/', '/usr/bin/torchrun', 'torchrun', 'nvcr.io/nvidia/pytorch', 'a//b']) {
      assert.equal(afterLastSlash(word), lastSegment(word), word);
    }
  });

  it('the launcher and server tests read each word as the arrays of program names did', () => {
    const names = (words: readonly string[]): string[] => words.map(lastSegment);
    const pair = (words: readonly string[], first: string, second: (w: string) => boolean): boolean => words.some((w, k) => w === first && second(words[k + 1] ?? ''));
    const launcher = (words: readonly string[]): boolean => names(words).some((n) => n === 'torchrun' || n === 'deepspeed') || pair(names(words), 'accelerate', (w) => w === 'launch') || pair(words, '-m', (w) => w.startsWith('torch.distributed'));
    const serving = (words: readonly string[]): boolean => pair(names(words), 'vllm', (w) => w === 'serve') || names(words).some((n) => n === 'text-generation-launcher' || n === 'tritonserver') || pair(words, '-m', (w) => w.startsWith('vllm.entrypoints'));
    for (const words of commandLines) {
      assert.equal(isDistributedLauncher(words), launcher(words), words.join(' '));
      assert.equal(isServingCommand(words), serving(words), words.join(' '));
    }
    assert.equal(isMlCommand(['kubectl', 'rollout', 'restart', 'deployment/vllm']), false);
    assert.equal(isMlCommand(['/home/ray/anaconda3/bin/ray', 'start']), true);
  });

  it('onlySleeps: a command that never names sleep does not only sleep', () => {
    assert.equal(onlySleeps(['python', 'train.py']), false);
    assert.equal(onlySleeps([]), false);
    assert.equal(onlySleeps(['sh', '-c', 'echo held; sleep infinity']), true);
    assert.equal(onlySleeps(['/bin/sleep', '86400']), true);
  });

  it('positionalModel reads a subcommand only after vllm, sglang or lmdeploy, quotes and separators taken off', () => {
    assert.equal(positionalModel(['vllm', 'serve', '--port', '8000', 'org/name']), 'org/name');
    assert.equal(positionalModel(['sh', '-c', 'vllm', '"serve"', '"org/name";']), 'org/name');
    assert.equal(positionalModel(['/usr/bin/sglang', 'serve', 'org/name']), 'org/name');
    assert.equal(positionalModel(['lmdeploy', 'serve', 'api_server', 'org/name']), 'org/name');
    assert.equal(positionalModel(['python', 'serve', 'org/name']), undefined);
    assert.equal(positionalModel([]), undefined);
  });

  it('runsOneWorker is keepsToOneGpu and a parallelism of 1, read once', () => {
    const cases: readonly (readonly string[])[] = [[], ['--tensor-parallel-size', '1'], ['-tp', '2'], ['--distributed-executor-backend', 'ray'], ['--distributed-executor-backend', 'uni'], ['--tensor_parallel_size=1', '--pipeline-parallel-size', '1'], ['--tp', '$TP']];
    for (const server of ['vLLM', 'SGLang', 'TGI', 'LMDeploy'] as const) {
      for (const words of cases) {
        for (const env of [[], [{ name: 'NUM_SHARD', value: '1' }]]) {
          assert.equal(runsOneWorker(server, words, env), keepsToOneGpu(server, words, env) && serverParallelism(server, words, env) === 1, `${server} ${words.join(' ')}`);
        }
      }
    }
  });

  it('MLK306 reads the exemptions only below the minimum, and MLK201 the range only of an unpinned image', () => {
    const deployment = (replicas: number, command: string, image: string): string =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: tools}',
        'spec:',
        `  replicas: ${replicas}`,
        '  selector: {matchLabels: {app: tools}}',
        '  template:',
        '    metadata: {labels: {app: tools}}',
        '    spec:',
        '      containers:',
        `        - {name: main, image: "${image}", command: ${command}}`,
        '',
      ].join('\n');
    const ids = (text: string): string[] => lintManifest(text).findings.map((f) => `${f.ruleId}@${f.range.start.line}:${f.range.start.column}`);
    assert.ok(ids(deployment(1, '[python, serve.py]', 'app:1.0')).includes('MLK306@5:13'));
    assert.ok(!ids(deployment(1, '[sleep, infinity]', 'app:1.0')).some((id) => id.startsWith('MLK306')));
    assert.ok(!ids(deployment(2, '[python, serve.py]', 'app:1.0')).some((id) => id.startsWith('MLK306')));
    assert.ok(ids(deployment(2, '[python, serve.py]', 'app:latest')).includes('MLK201@11:31'));
    assert.ok(!ids(deployment(2, '[python, serve.py]', 'app:1.0')).some((id) => id.startsWith('MLK201')));
  });
});
