import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk429-env-value-shell-variable';

/** A Pod whose one container has these env entries (YAML lines under `env:`) and these other container fields. */
function pod(env: string[], container: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: trainer',
    'spec:',
    '  containers:',
    '    - name: main',
    '      image: registry.example/trainer:1.0',
    ...container.map((l) => `      ${l}`),
    '      env:',
    ...env.map((l) => `        ${l}`),
    '',
  ].join('\n');
}

function messages(text: string, path?: string): string[] {
  return lintManifest(text, { rules: [rule], ...(path === undefined ? {} : { path }) }).findings.map((f) => f.message);
}

const efaPath = ['- name: PATH', '  value: $PATH:/opt/amazon/efa/bin:/usr/bin'];

describe('MLK429: an env list that appends to its own variable, which Kubernetes cannot do', () => {
  it('reports $NAME, ${NAME} and $(NAME) anywhere in a :-separated list, saying the image entries are dropped', () => {
    const lists = ['$PATH:/opt/amazon/efa/bin:/usr/bin', '${LD_LIBRARY_PATH}:/usr/local/nvidia/lib64', '/opt/nccl/build/lib:$LD_LIBRARY_PATH', '/app/src:$(PYTHONPATH)'];
    for (const value of lists) {
      const name = /\$[({]?([A-Z_]+)/.exec(value)?.[1] ?? '';
      const findings = lintManifest(pod([`- name: ${name}`, `  value: ${value}`]), { rules: [rule] }).findings;
      assert.equal(findings.length, 1, value);
      const [f] = findings;
      assert.equal(f?.severity, 'warning');
      assert.equal(f?.fix, undefined, 'the image value is unknown, so there is nothing to write in');
      assert.equal(
        f?.message,
        `container "main" gets ${name} as the literal text "${value}": Kubernetes cannot append to the image's ${name} (neither $${name} nor $(${name}) sees the image's environment), so the image's entries are dropped; write the whole list, the image's entries included.`,
      );
    }
  });

  it('does not say the container breaks, nor point at envsubst or a Secret', () => {
    const [message] = messages(pod(efaPath));
    assert.ok(message);
    assert.doesNotMatch(message, /break|envsubst|Secret/);
  });

  it('leaves $(NAME) alone where the kubelet fills it in: set earlier in the container, or envFrom may set it', () => {
    assert.deepEqual(messages(pod(['- name: PATH', '  value: /opt/conda/bin:/usr/bin:/bin', '- name: PATH', '  value: $(PATH):/opt/tools/bin'])), []);
    assert.deepEqual(messages(pod(['- name: LD_LIBRARY_PATH', '  value: /usr/local/nvidia/lib64:$(LD_LIBRARY_PATH)'], ['envFrom: [{configMapRef: {name: paths}}]'])), []);
  });

  it('is silent on escaped $$NAME, another variable in the list, and a full list', () => {
    assert.deepEqual(messages(pod(['- name: CLASSPATH', '  value: /app/lib/*:$$CLASSPATH'])), []);
    assert.deepEqual(messages(pod(['- name: EXTRA', '  value: /opt/extra/lib', '- name: LD_LIBRARY_PATH', '  value: /usr/local/nvidia/lib64:$(EXTRA)'])), []);
    assert.deepEqual(messages(pod(['- name: PATH', '  value: /opt/conda/bin:/usr/local/bin:/usr/bin:/bin'])), []);
    assert.deepEqual(messages(pod(['- name: PATHS', '  value: $PATH:/x'])), []);
  });

  it('keeps the template guards: a template file name, or a file rendered before it is applied', () => {
    assert.deepEqual(messages(pod(efaPath), 'k8s/nccl-tests.yaml.tpl'), []);
    assert.deepEqual(messages(pod(efaPath, ['command: ["mpirun", "-np", "$NUM_WORKERS", "/opt/nccl-tests/build/all_reduce_perf"]'])), []);
    assert.equal(messages(pod(efaPath), 'k8s/nccl-tests.yaml').length, 1);
  });
});
