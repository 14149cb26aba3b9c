import * as assert from 'node:assert/strict';
import { acceleratorsFor, describeStack, selectStack, stackTable } from '../../../src/core/scaffold/compat';
import { frameworks } from '../../../src/core/scaffold/types';

describe('scaffold/compat', () => {
  it('has unique ids and a consistent row for every GPU stack', () => {
    assert.equal(new Set(stackTable.map((r) => r.id)).size, stackTable.length);
    for (const row of stackTable.filter((r) => r.accelerator === 'gpu')) {
      assert.match(row.baseImage, /^nvidia\/cuda:\d+\.\d+\.\d+-runtime-ubuntu\d+\.\d+$/, row.id);
      assert.ok(row.baseImage.includes(row.cuda ?? 'missing'), `${row.id}: base matches its CUDA`);
      assert.match(row.minDriver ?? '', /^\d{3}\.\d+(\.\d+)?$/, row.id);
      if (row.extraIndexUrl) {
        const variant = /whl\/(cu\d+)$/.exec(row.extraIndexUrl)?.[1];
        assert.equal(variant, `cu${(row.cuda ?? '').split('.').slice(0, 2).join('')}`, `${row.id}: wheel index matches CUDA`);
      }
    }
  });

  it('covers PyTorch 2.3–2.5 on CUDA 11.8/12.1/12.4, TensorFlow 2.15–2.17 and a CPU row per framework but vLLM', () => {
    const torch = stackTable.filter((r) => r.framework === 'pytorch' && r.accelerator === 'gpu').map((r) => `${r.frameworkVersion.slice(0, 3)}/${r.cuda?.slice(0, 4) ?? ''}`);
    for (const want of ['2.5/12.4', '2.5/12.1', '2.5/11.8', '2.4/12.4', '2.3/12.1', '2.3/11.8']) {
      assert.ok(torch.includes(want), want);
    }
    assert.deepEqual(stackTable.filter((r) => r.framework === 'tensorflow' && r.accelerator === 'gpu').map((r) => r.frameworkVersion.slice(0, 4)), ['2.17', '2.16', '2.15']);
    for (const f of frameworks) {
      assert.deepEqual(acceleratorsFor(f).includes('cpu'), f !== 'vllm', f);
    }
    assert.deepEqual(acceleratorsFor('sklearn'), ['cpu']);
  });

  it('selects by id, by the pinned major.minor, else the newest', () => {
    assert.equal(selectStack('pytorch', 'gpu')?.id, 'pytorch-2.5.1-cu124');
    assert.equal(selectStack('pytorch', 'gpu', { pinnedVersion: '2.3.0' })?.id, 'pytorch-2.3.1-cu121');
    assert.equal(selectStack('pytorch', 'gpu', { pinnedVersion: '1.13' })?.id, 'pytorch-2.5.1-cu124');
    assert.equal(selectStack('pytorch', 'gpu', { stackId: 'pytorch-2.4.1-cu118' })?.cuda, '11.8.0');
    assert.equal(selectStack('pytorch', 'cpu', { stackId: 'pytorch-2.4.1-cu118' }), undefined);
    assert.equal(selectStack('sklearn', 'gpu'), undefined);
  });

  it('describes a row with CUDA, cuDNN and driver', () => {
    const row = selectStack('tensorflow', 'gpu');
    assert.ok(row);
    assert.equal(describeStack(row), 'tensorflow 2.17.0 · CUDA 12.3.2 · cuDNN 8.9 · driver ≥ 545.23.08 · nvidia/cuda:12.3.2-runtime-ubuntu22.04');
  });
});
