import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintCompose } from '../../../../src/core/lint/compose/lint';
import type { ComposeRule } from '../../../../src/core/lint/compose/rule';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { KubernetesRule } from '../../../../src/core/lint/kubernetes/rule';
import { rule as mlc414 } from '../../../../src/core/lint/rules/compose/mlc414-server-uses-fewer-gpus';
import { rule as mlc415 } from '../../../../src/core/lint/rules/compose/mlc415-server-parallelism-exceeds-gpus';
import { rule as mlk425 } from '../../../../src/core/lint/rules/kubernetes/mlk425-server-uses-fewer-gpus';
import { rule as mlk428 } from '../../../../src/core/lint/rules/kubernetes/mlk428-server-parallelism-exceeds-gpus';
import { describeFinding, expectations } from '../fixtures';
import { composeFixtureConfig, composeFixturesRoot, fixtureExtendsFiles, listComposeFixtures } from '../compose/support';
import { fixtureSchemas, kubernetesFixturesRoot, listManifestFixtures, manifestFixtureConfig } from './support';

const kubernetesPair: readonly KubernetesRule[] = [mlk425, mlk428];
const composePair: readonly ComposeRule[] = [mlc414, mlc415];

/** The two rules' findings on a manifest, as `ID@line:column`. */
function manifestFindings(text: string, rules: readonly KubernetesRule[] = kubernetesPair): string[] {
  return lintManifest(text, { rules, schemas: fixtureSchemas() }).findings.map((f) => describeFinding(f, false));
}

async function composeFindings(file: string, rules: readonly ComposeRule[] = composePair): Promise<string[]> {
  const text = fs.readFileSync(file, 'utf8');
  const result = lintCompose(text, { config: emptyConfig(), rules, path: path.basename(file), extendsFiles: await fixtureExtendsFiles(file, text) });
  return result.findings.map((f) => describeFinding(f, false));
}

/** A Pod whose one container runs `image` with `args`, limited to `gpus` NVIDIA GPUs. */
function pod(image: string, args: readonly string[], gpus: number): string {
  return ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: server', 'spec:', '  containers:', '    - name: server', `      image: ${image}`, `      args: ${JSON.stringify(args)}`, `      resources: {limits: {nvidia.com/gpu: ${gpus}}}`, ''].join('\n');
}

const messageOf = (text: string) => lintManifest(text, { rules: kubernetesPair }).findings.map((f) => `${f.ruleId} ${f.severity}: ${f.message}`);

describe('MLK428 and MLC415: a server whose parallel sizes need more GPUs than it gets', () => {
  describe('golden fixtures, with the rules imported directly', () => {
    for (const rule of [mlk428, mlk425]) {
      const ruleDir = path.join(kubernetesFixturesRoot, rule.meta.id);
      for (const file of listManifestFixtures(path.join(ruleDir, 'fail'))) {
        it(`${rule.meta.id} flags fail/${path.basename(file)} where its expect line says`, () => {
          const text = fs.readFileSync(file, 'utf8');
          const result = lintManifest(text, { config: manifestFixtureConfig(ruleDir, file, rule.meta.id), rules: [rule], schemas: fixtureSchemas() });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.map((f) => describeFinding(f, false)).sort(), expectations(text));
          assert.ok(result.findings.every((f) => f.severity === rule.meta.severity && !f.message.includes('\n')));
        });
      }
    }
    for (const rule of [mlc415, mlc414]) {
      const ruleDir = path.join(composeFixturesRoot, rule.meta.id);
      for (const file of listComposeFixtures(path.join(ruleDir, 'fail'))) {
        it(`${rule.meta.id} flags fail/${path.basename(file)} where its expect line says`, async () => {
          const text = fs.readFileSync(file, 'utf8');
          const config = composeFixtureConfig(ruleDir, file, rule.meta.id);
          const result = lintCompose(text, { config, rules: [rule], path: path.basename(file), extendsFiles: await fixtureExtendsFiles(file, text) });
          assert.deepEqual(result.problems, []);
          assert.deepEqual(result.findings.map((f) => describeFinding(f, false)).sort(), expectations(text));
          assert.ok(result.findings.every((f) => f.severity === rule.meta.severity));
        });
      }
    }
  });

  describe('one reading, two rules: each case is reported by exactly one of them, at the same place', () => {
    it('the Kubernetes fail fixtures of either rule get only their own findings from the pair, and the pass fixtures none', () => {
      for (const id of ['MLK425', 'MLK428']) {
        for (const file of listManifestFixtures(path.join(kubernetesFixturesRoot, id, 'fail'))) {
          const text = fs.readFileSync(file, 'utf8');
          assert.deepEqual(manifestFindings(text).sort(), expectations(text), file);
        }
        for (const file of listManifestFixtures(path.join(kubernetesFixturesRoot, id, 'pass'))) {
          assert.deepEqual(manifestFindings(fs.readFileSync(file, 'utf8')), [], file);
        }
      }
    });

    it('the Compose fail fixtures of either rule get only their own findings from the pair, and the pass fixtures none', async () => {
      for (const id of ['MLC414', 'MLC415']) {
        for (const file of listComposeFixtures(path.join(composeFixturesRoot, id, 'fail'))) {
          assert.deepEqual((await composeFindings(file)).sort(), expectations(fs.readFileSync(file, 'utf8')), file);
        }
        for (const file of listComposeFixtures(path.join(composeFixturesRoot, id, 'pass'))) {
          assert.deepEqual(await composeFindings(file), [], file);
        }
      }
    });

    it('splits by direction alone: more GPUs than the limit is MLK428, fewer is MLK425, as many is neither', () => {
      const image = 'vllm/vllm-openai:v0.10.1';
      assert.deepEqual(manifestFindings(pod(image, ['--model', 'm', '-tp', '4'], 2)), ['MLK428@9:29-9:32']);
      assert.deepEqual(manifestFindings(pod(image, ['--model', 'm', '-tp', '4'], 8)), ['MLK425@9:29-9:32']);
      assert.deepEqual(manifestFindings(pod(image, ['--model', 'm', '-tp', '4'], 4)), []);
      assert.deepEqual(manifestFindings(pod(image, ['--model', 'm', '-tp', '4', '--nnodes', '2'], 2)), []);
    });
  });

  describe('says what the user sees at start-up, as each server reports it', () => {
    it('vLLM: its world-size check, with the world size and GPUs it would print', () => {
      assert.deepEqual(messageOf(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '4', '-pp', '2'], 4)), [
        'MLK428 error: container "server" gets 4 GPUs but its -tp 4 × -pp 2 need 8, so vLLM stops at start-up ("World size (8) is larger than the number of available GPUs (4) in this node" on NVIDIA GPUs); lower the parallel sizes to fit 4 GPUs, or raise its nvidia.com/gpu limit to 8.',
      ]);
    });

    it('vLLM: data-parallel engines past the GPUs, when one engine’s world size still fits', () => {
      assert.deepEqual(messageOf(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm', '-tp', '2', '--data-parallel-size', '2'], 2)), [
        'MLK428 error: container "server" gets 2 GPUs but its -tp 2 × --data-parallel-size 2 need 4, so vLLM stops at start-up (a data-parallel engine past the GPUs it sees has none to run on); lower the parallel sizes to fit 2 GPUs, or raise its nvidia.com/gpu limit to 4.',
      ]);
    });

    it('SGLang, TGI and LMDeploy: their own failures', () => {
      assert.match(messageOf(pod('lmsysorg/sglang:v0.5.0-cu126', ['python3', '-m', 'sglang.launch_server', '--model-path', 'm', '--tp', '4'], 2))[0] ?? '', /SGLang stops at start-up \(the scheduler of a rank beyond the GPUs it sees fails with "invalid device ordinal"\)/);
      assert.match(messageOf(pod('ghcr.io/huggingface/text-generation-inference:3.0.1', ['--model-id', 'm', '--num-shard', '2'], 1))[0] ?? '', /TGI stops at start-up \(each shard asserts "Each process is one gpu"\)/);
      assert.match(messageOf(pod('openmmlab/lmdeploy:v0.9.2-cu12', ['lmdeploy', 'serve', 'api_server', 'm', '--tp', '4'], 2))[0] ?? '', /^MLK428 error: .* so LMDeploy fails at start-up \(TurboMind cannot lay its ranks out/);
    });

    it('keeps the idle-GPU warning as it was', () => {
      assert.deepEqual(messageOf(pod('vllm/vllm-openai:v0.10.1', ['--model', 'm'], 2)), [
        'MLK425 warning: container "server" gets 2 GPUs but vLLM without a parallel size uses 1, so 1 of them sits idle while still allocated; set --tensor-parallel-size to 2, or lower its nvidia.com/gpu limit to 1.',
      ]);
    });
  });

  it('declares the start-up failure an error and the idle GPUs a warning, neither with a fix', () => {
    assert.deepEqual(
      [mlk428, mlc415, mlk425, mlc414].map((r) => [r.meta.id, r.meta.name, r.meta.severity, r.meta.fixable, r.meta.enabledByDefault]),
      [
        ['MLK428', 'server-parallelism-exceeds-gpus', 'error', false, true],
        ['MLC415', 'server-parallelism-exceeds-gpus', 'error', false, true],
        ['MLK425', 'server-uses-fewer-gpus', 'warning', false, true],
        ['MLC414', 'server-uses-fewer-gpus', 'warning', false, true],
      ],
    );
  });
});
