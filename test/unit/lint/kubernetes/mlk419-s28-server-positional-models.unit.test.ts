import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

/** A GPU Deployment whose one container runs `command` on an image that starts no server of its own. */
function workload(command: string, extra = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: llm}
spec:
  selector: {matchLabels: {app: llm}}
  template:
    metadata: {labels: {app: llm}}
    spec:
      containers:
      - name: server
        image: registry.example.com/ml/llm-runtime:2025.06
        command: ${command}
${extra}        resources: {limits: {nvidia.com/gpu: "1"}}
      volumes:
      - {name: models, persistentVolumeClaim: {claimName: models}}
      - {name: hf-cache, persistentVolumeClaim: {claimName: hf-cache}}
`;
}

function messages(text: string): string[] {
  return lintManifest(text).findings.filter((f) => f.ruleId === 'MLK419').map((f) => f.message);
}

const downloads = 'container "server" downloads its model into /root/.cache/huggingface on every restart; mount a PersistentVolumeClaim (or another persistent volume) there.';

describe('MLK419 reads the positional hub model of LMDeploy and SGLang servers', () => {
  it('lmdeploy serve api_server <org/name> by program, path, python -m and sh -c', () => {
    for (const command of [
      '["lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat"]',
      '["/opt/py3/bin/lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat", "--server-port", "8080"]',
      '["python3", "-m", "lmdeploy", "serve", "api_server", "Qwen/Qwen2.5-7B-Instruct", "--tp", "2"]',
      '["sh", "-c", "pip install timm && exec lmdeploy serve api_server OpenGVLab/InternVL2-8B --tp 1"]',
    ]) {
      assert.deepEqual(messages(workload(command)), [downloads], command);
    }
  });

  it('sglang serve <org/name>, also after --model-type and from a $(NAME) the kubelet expands', () => {
    assert.deepEqual(messages(workload('["sglang", "serve", "Qwen/Qwen2.5-7B-Instruct", "--port", "30000"]')), [downloads]);
    assert.deepEqual(messages(workload('["sglang", "serve", "--model-type", "llm", "Qwen/Qwen2.5-7B-Instruct"]')), [downloads]);
    assert.deepEqual(messages(workload('["sglang", "serve", "$(MODEL)"]', '        env: [{name: MODEL, value: Qwen/Qwen2.5-7B-Instruct}]\n')), [downloads]);
  });

  it('near miss: a hub model whose cache is on a claim', () => {
    const cache = '        volumeMounts: [{name: hf-cache, mountPath: /root/.cache/huggingface}]\n';
    assert.deepEqual(messages(workload('["lmdeploy", "serve", "api_server", "internlm/internlm2_5-7b-chat"]', cache)), []);
    assert.deepEqual(messages(workload('["sglang", "serve", "Qwen/Qwen2.5-7B-Instruct"]', cache)), []);
  });

  it('near miss: local folders, absolute or relative to a volume, and variables left unresolved', () => {
    const models = '        volumeMounts: [{name: models, mountPath: /models}]\n';
    for (const command of [
      '["lmdeploy", "serve", "api_server", "/models/internlm2_5-7b-chat"]',
      '["lmdeploy", "serve", "api_server", "models/internlm2_5-7b-chat"]',
      '["sglang", "serve", "models/Qwen2.5-7B-Instruct"]',
      '["sh", "-c", "sglang serve $MODEL"]',
    ]) {
      assert.deepEqual(messages(workload(command, models)), [], command);
    }
  });

  it('near miss: LMDeploy commands that serve no model over HTTP and SGLang modules that take no positional model', () => {
    for (const command of [
      '["lmdeploy", "chat", "internlm/internlm2_5-7b-chat"]',
      '["lmdeploy", "lite", "auto_awq", "internlm/internlm2_5-7b-chat", "--work-dir", "/models/awq"]',
      '["lmdeploy", "serve", "proxy", "--server-port", "8000"]',
      '["lmdeploy", "serve", "gradio", "internlm/internlm2_5-7b-chat"]',
      '["python3", "-m", "sglang.launch_server", "Qwen/Qwen2.5-7B-Instruct"]',
      '["python3", "-m", "sglang_router.launch_router", "--worker-urls", "http://qwen-0:30000"]',
    ]) {
      assert.deepEqual(messages(workload(command)), [], command);
    }
  });
});
