import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import type { RuleFinding } from '../../../../src/core/lint/types';

function findings(text: string, ruleId: string): RuleFinding[] {
  return lintManifest(text, { fixes: true }).findings.filter((f) => f.ruleId === ruleId);
}

/** A one-container GPU Deployment (Recreate, so MLK417 stays out of the way) with the given container fields. */
function deployment(container: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: embeddings}
spec:
  strategy: {type: Recreate}
  selector: {matchLabels: {app: embeddings}}
  template:
    metadata: {labels: {app: embeddings}}
    spec:
      containers:
      - name: tei
${container}
        resources: {limits: {nvidia.com/gpu: "1"}}
${extra}`;
}

const teiModelVariable = `        env:
        - {name: MODEL_ID, value: BAAI/bge-large-en-v1.5}`;

describe('TEI serves a model whether or not it declares a port (MLK415)', () => {
  for (const image of [
    'ghcr.io/huggingface/text-embeddings-inference:1.5',
    'ghcr.io/huggingface/text-embeddings-inference:turing-1.5',
    'ghcr.io/huggingface/text-embeddings-inference:cpu-1.5',
    'us-docker.pkg.dev/deeplearning-platform-release/gcr.io/huggingface-text-embeddings-inference-cu122.1-4.ubuntu2204:latest',
  ]) {
    it(`flags ${image} without ports or probe`, () => {
      const [finding] = findings(deployment(`        image: ${image}\n${teiModelVariable}`), 'MLK415');
      assert.ok(finding, 'MLK415 reports the TEI container');
      assert.match(finding.message, /readiness probe on \/health/);
    });
  }

  it('flags a command that starts the router itself', () => {
    const text = deployment(`        image: ghcr.io/huggingface/text-embeddings-inference:1.5\n        command: [text-embeddings-router]\n        args: [--model-id, BAAI/bge-large-en-v1.5]`);
    assert.equal(findings(text, 'MLK415').length, 1);
  });

  it('near miss: a command that starts no server on the TEI image', () => {
    const text = deployment(`        image: ghcr.io/huggingface/text-embeddings-inference:1.5\n        command: [sh, -c, "sleep infinity"]`);
    assert.deepEqual(findings(text, 'MLK415'), []);
  });

  it('near miss: a TEI container with a readinessProbe', () => {
    const text = deployment(`        image: ghcr.io/huggingface/text-embeddings-inference:1.5\n${teiModelVariable}\n        readinessProbe: {httpGet: {path: /health, port: 80}}`);
    assert.deepEqual(findings(text, 'MLK415'), []);
  });
});

describe("MLK415's probe for Hugging Face's routers follows their PORT variable and TEI's gRPC builds", () => {
  const probe = (text: string): string => findings(text, 'MLK415')[0]?.fix?.edits[0]?.newText ?? '';

  it('probes the port the PORT variable sets (Google examples set 8080)', () => {
    const text = deployment(`        image: ghcr.io/huggingface/text-embeddings-inference:1.5\n        env:\n        - {name: MODEL_ID, value: BAAI/bge-large-en-v1.5}\n        - {name: PORT, value: "8080"}`);
    assert.match(probe(text), /path: \/health\n\s+port: 8080\n/);
  });

  it('--port wins over the PORT variable, as the routers read them', () => {
    const text = deployment(`        image: ghcr.io/huggingface/text-generation-inference:2.4.0\n        args: [--model-id, mistralai/Mistral-7B-Instruct-v0.3, --port, "9090"]\n        env:\n        - {name: PORT, value: "8080"}`);
    assert.match(probe(text), /path: \/health\n\s+port: 9090\n/);
  });

  it("near miss: PORT on another server's image is not its port", () => {
    const text = deployment(`        image: vllm/vllm-openai:v0.6.3\n        args: [--model, meta-llama/Llama-3.1-8B-Instruct]\n        env:\n        - {name: PORT, value: "8080"}`);
    assert.match(probe(text), /port: 8000\n/);
  });

  it("a TEI -grpc image gets a grpc probe on the router's port, not an HTTP one", () => {
    const text = deployment(`        image: ghcr.io/huggingface/text-embeddings-inference:turing-1.5-grpc\n${teiModelVariable}`);
    const [finding] = findings(text, 'MLK415');
    assert.ok(finding);
    assert.match(finding.message, /gRPC readiness probe on port 80/);
    assert.equal(finding.fix?.title, 'Add a gRPC readinessProbe on port 80');
    assert.match(probe(text), /readinessProbe:\n\s+grpc:\n\s+port: 80\n/);
    assert.doesNotMatch(probe(text), /httpGet/);
  });

  it('near miss: a TEI image whose tag merely mentions grpc elsewhere keeps the HTTP probe', () => {
    const text = deployment(`        image: registry.example/grpc-mirror/text-embeddings-inference:1.5\n${teiModelVariable}`);
    assert.match(probe(text), /httpGet:\n\s+path: \/health/);
  });
});

describe('MLK419 reads the model TGI and TEI take from MODEL_ID', () => {
  const pvc = `      volumes:
      - name: models
        persistentVolumeClaim: {claimName: models}`;
  const emptyDir = `      volumes:
      - name: models
        emptyDir: {}`;
  const localModel = (image: string): string => `        image: ${image}
        env:
        - {name: MODEL_ID, value: /models/bge-large-en-v1.5}
        readinessProbe: {httpGet: {path: /health, port: 80}}
        volumeMounts:
        - {name: models, mountPath: /models}`;

  it('flags a TEI hub model named only by MODEL_ID, downloading into /data', () => {
    const [finding] = findings(deployment(`        image: ghcr.io/huggingface/text-embeddings-inference:1.5\n${teiModelVariable}`), 'MLK419');
    assert.ok(finding);
    assert.match(finding.message, /downloads its model into \/data on every restart/);
  });

  for (const image of ['ghcr.io/huggingface/text-embeddings-inference:1.5', 'ghcr.io/huggingface/text-generation-inference:2.4.0']) {
    it(`near miss: ${image} with MODEL_ID on a PersistentVolumeClaim downloads nothing`, () => {
      assert.deepEqual(findings(deployment(localModel(image), pvc), 'MLK419'), []);
    });

    it(`${image} with MODEL_ID on an emptyDir: the model is lost with the pod`, () => {
      const [finding] = findings(deployment(localModel(image), emptyDir), 'MLK419');
      assert.ok(finding);
      assert.match(finding.message, /serves its model from \/models\/bge-large-en-v1\.5 on the emptyDir "models"/);
    });
  }

  it('a --model-id flag wins over MODEL_ID: a hub model there is still downloaded', () => {
    const text = deployment(`${localModel('ghcr.io/huggingface/text-embeddings-inference:1.5')}\n        args: [--model-id, BAAI/bge-large-en-v1.5]`, pvc);
    assert.equal(findings(text, 'MLK419').length, 1);
  });
});

describe('MLK417 on HAMi shares that take the whole card', () => {
  const hami = (limits: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: hami}
spec:
  replicas: 1
  selector: {matchLabels: {app: hami}}
  template:
    metadata: {labels: {app: hami}}
    spec:
      containers:
      - name: cuda
        image: registry.example/cuda-sample:12.4
        resources:
          limits: {nvidia.com/gpu: 1, ${limits}}
`;

  for (const limits of ['nvidia.com/gpucores: 100', 'nvidia.com/gpumem-percentage: 100', 'nvidia.com/gpumem-percentage: "100", nvidia.com/gpucores: 40', 'nvidia.com/gpumem: 8000, nvidia.com/gpucores: "100"']) {
    it(`flags ${limits}: the surge pod waits for the card`, () => {
      assert.equal(findings(hami(limits), 'MLK417').length, 1);
    });
  }

  for (const limits of ['nvidia.com/gpumem-percentage: 30, nvidia.com/gpucores: 30', 'nvidia.com/gpumem: 12000, nvidia.com/gpucores: 30', 'nvidia.com/gpumem: 3000']) {
    it(`near miss: ${limits} is a slice a surge pod can share`, () => {
      assert.deepEqual(findings(hami(limits), 'MLK417'), []);
    });
  }
});
