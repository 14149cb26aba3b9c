import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { expandReferences } from '../../../../src/core/lint/rules/kubernetes/env-references';
import { rule as mlk104 } from '../../../../src/core/lint/rules/kubernetes/mlk104-writable-root-filesystem';
import { rule as mlk304 } from '../../../../src/core/lint/rules/kubernetes/mlk304-ephemeral-storage-unset';

/**
 * A vLLM Deployment on Neuron whose model sits on a claim mounted at /var/mdl (after aws-neuron-eks-samples
 * tp_dp_trn2_vllm/qwen-vllm-tp2-deploy.yaml). `run` is the container's command and args, `model` MODEL_ID's value.
 */
const deployment = (run: string, model = '/var/mdl/Qwen-06B-BS1-SL128-TP2') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: qwen-vllm
spec:
  replicas: 1
  strategy:
    type: Recreate
  selector:
    matchLabels:
      app: qwen-vllm
  template:
    metadata:
      labels:
        app: qwen-vllm
    spec:
      containers:
        - name: app
          image: public.ecr.aws/neuron/pytorch-inference-vllm-neuronx:0.9.1-neuronx-py311-sdk2.26.1-ubuntu22.04
${run}
          env:
            - name: MODEL_ID
              value: ${model}
          resources:
            limits:
              aws.amazon.com/neuroncore: 2
          volumeMounts:
            - name: mdl
              mountPath: /var/mdl
      volumes:
        - name: mdl
          persistentVolumeClaim:
            claimName: mdl
`;

const script = (line: string) => `          command:\n            - /bin/bash\n            - -exc\n            - |\n              ${line}`;

const messages = (text: string) => {
  const findings = lintManifest(text, { rules: [mlk304, mlk104] }).findings;
  return { mlk304: findings.filter((f) => f.ruleId === 'MLK304').map((f) => f.message), mlk104: findings.filter((f) => f.ruleId === 'MLK104').map((f) => f.message) };
};

const generic304 = 'container "app" has no ephemeral-storage request or limit, so what it writes to its filesystem (logs, caches, temporary files) can fill the node disk and get pods evicted; set resources.requests/limits.ephemeral-storage.';
const generic104 = 'container "app" has a writable root filesystem; set readOnlyRootFilesystem: true and mount emptyDir volumes at the paths it writes (e.g. /tmp).';
const download304 = /so a model download into its filesystem can fill the node disk/;
const cache104 = /mount emptyDir volumes at \/tmp and the model cache/;

describe('MLK304 and MLK104 read a model path the container\'s env gives its command', () => {
  for (const [what, run] of [
    ['a shell script\'s $MODEL_ID', script('vllm serve $MODEL_ID --tensor-parallel-size 2')],
    ['a shell script\'s ${MODEL_ID}', script('exec vllm serve "${MODEL_ID}" --tensor-parallel-size 2')],
    ['the kubelet\'s $(MODEL_ID) in exec form', '          command: ["vllm", "serve", "$(MODEL_ID)", "--tensor-parallel-size", "2"]'],
  ] as const) {
    it(`${what} on the mounted claim: no model download, the generic advice`, () => {
      assert.deepEqual(messages(deployment(run)), { mlk304: [generic304], mlk104: [generic104] });
    });
  }

  it('the same message as the literal path', () => {
    assert.deepEqual(messages(deployment(script('vllm serve /var/mdl/Qwen-06B-BS1-SL128-TP2 --tensor-parallel-size 2'))), { mlk304: [generic304], mlk104: [generic104] });
  });

  for (const [what, text] of [
    ['the variable names a hub model', deployment(script('vllm serve $MODEL_ID --tensor-parallel-size 2'), 'Qwen/Qwen3-0.6B')],
    ['a $MODEL_ID in exec form, which no shell expands', deployment('          command: ["vllm", "serve", "$MODEL_ID", "--tensor-parallel-size", "2"]')],
    ['the script sets the variable itself first', deployment(script('MODEL_ID=Qwen/Qwen3-0.6B; vllm serve $MODEL_ID --tensor-parallel-size 2'))],
    ['the path is on no volume the container mounts', deployment(script('vllm serve $MODEL_ID --tensor-parallel-size 2'), '/opt/models/qwen')],
  ] as const) {
    it(`near miss: ${what}: still a model download`, () => {
      const found = messages(text);
      assert.equal(found.mlk304.length, 1);
      assert.match(found.mlk304[0] ?? '', download304);
      assert.equal(found.mlk104.length, 1);
      // A local path on no volume is in the image (MLK104 names no model cache for a literal one either).
      if (what.startsWith('the path is on no volume')) {
        assert.deepEqual(found.mlk104, [generic104]);
      } else {
        assert.match(found.mlk104[0] ?? '', cache104);
      }
    });
  }
});

describe("expandReferences: a shell's $NAME and ${NAME}", () => {
  const vars = new Map([['MODEL_ID', '/var/mdl/qwen']]);

  it('expands known names, bare and braced', () => {
    assert.equal(expandReferences('vllm serve $MODEL_ID; ls ${MODEL_ID}/config.json', vars, 'shell'), 'vllm serve /var/mdl/qwen; ls /var/mdl/qwen/config.json');
  });

  it('leaves unknown names, $$, the kubelet\'s $(NAME) and a default-value form as written', () => {
    assert.equal(expandReferences('$OTHER $$MODEL_ID $(MODEL_ID) ${MODEL_ID:-x}', vars, 'shell'), '$OTHER $$MODEL_ID $(MODEL_ID) ${MODEL_ID:-x}');
  });
});
