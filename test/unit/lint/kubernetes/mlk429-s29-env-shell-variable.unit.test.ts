import * as assert from 'node:assert/strict';
import { applyTextEdits } from '../../../../src/core/lint/apply-edits';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { rule } from '../../../../src/core/lint/rules/kubernetes/mlk429-env-value-shell-variable';

/** MLK429's findings in a default run (the rule list holds MLK429 only). */
function mlk429(text: string, fixes = true) {
  return lintManifest(text, { rules: [rule], fixes }).findings;
}

/** A Pod whose one container has these env entries (YAML lines under `env:`) and these other container fields. */
function pod(env: string[], container: string[] = [], top: string[] = []): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: server',
    ...top,
    'spec:',
    '  containers:',
    '    - name: server',
    '      image: registry.example/server:1.0.0',
    ...container.map((l) => `      ${l}`),
    '      env:',
    ...env.map((l) => `        ${l}`),
    '',
  ].join('\n');
}

const tokenFromShell = ['- name: HF_TOKEN', '  value: $HF_TOKEN'];

describe('MLK429: a shell variable as an env value, which the kubelet passes as literal text', () => {
  it('reports the lws pattern at the value, on by default, as a warning that says what to do', () => {
    const text = pod(tokenFromShell);
    const [f, ...rest] = mlk429(text);
    assert.ok(f);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.deepEqual([f.range.start.line, f.range.start.column, f.range.end.column], [11, 18, 27]);
    assert.match(f.message, /^container "server" gets HF_TOKEN as the literal text "\$HF_TOKEN": Kubernetes does not expand shell variables/);
    assert.match(f.message, /valueFrom\.secretKeyRef/);
    assert.match(f.message, /envsubst/);
    // The variable names the entry itself: $(HF_TOKEN) would name nothing set before it.
    assert.doesNotMatch(f.message, /\$\(HF_TOKEN\)/);
    assert.equal(f.fix, undefined);
  });

  it('reports ${NAME} too, and offers $(NAME) for another variable', () => {
    const [f] = mlk429(pod(['- name: HUGGING_FACE_HUB_TOKEN', '  value: "${HF_TOKEN}"']));
    assert.ok(f);
    assert.match(f.message, /literal text "\$\{HF_TOKEN\}"/);
    assert.match(f.message, /write \$\(HF_TOKEN\) for a variable set earlier/);
  });

  it('for a variable set earlier in the container, says to write $(NAME) and fixes it', () => {
    const text = pod(['- name: MODEL_DIR', '  value: /models', '- name: HF_HOME', '  value: $MODEL_DIR']);
    const [f] = mlk429(text);
    assert.ok(f);
    assert.match(f.message, /write \$\(MODEL_DIR\) to use the MODEL_DIR set above it\.$/);
    const fixed = applyTextEdits(text, f.fix?.edits ?? []);
    assert.match(fixed, /value: \$\(MODEL_DIR\)\n/);
    assert.deepEqual(mlk429(fixed), []);
    assert.equal(mlk429(text, false)[0]?.fix, undefined);
  });

  it('is silent on the kubelet’s syntax, escapes and values that are no whole variable', () => {
    const values = ['$(HF_TOKEN)', '$$HF_TOKEN', '$$(HF_TOKEN)', '$1', '${WORKERS:-4}', 'pa$word', '$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy', 'jdbc:postgresql://${DB_HOST}:5432/app', '$HF_TOKEN/sub', '$', '${}', '$-x'];
    for (const value of values) {
      assert.deepEqual(mlk429(pod(['- name: SOME_VALUE', `  value: '${value}'`])), [], value);
    }
  });

  it('leaves ${NAME} to an application that resolves it from its environment (NAME set in the container, or envFrom)', () => {
    assert.deepEqual(mlk429(pod(['- name: DB_HOST', '  value: db', '- name: DATASOURCE_HOST', '  value: ${DB_HOST}'])), []);
    assert.deepEqual(mlk429(pod(['- name: DATASOURCE_HOST', '  value: ${DB_HOST}'], ['envFrom: [{configMapRef: {name: db}}]'])), []);
    // A bare $NAME is no such placeholder.
    assert.equal(mlk429(pod(tokenFromShell, ['envFrom: [{secretRef: {name: hf}}]'])).length, 1);
  });

  it('is silent in a file that a tool renders: a variable in an image, a name, a count or a plain argument', () => {
    const rendered: [string[], string[]][] = [
      [['image: ${IMAGE}'], []],
      [['args: ["--model", "$MODEL_ID"]'], []],
      [['workingDir: /data/$RUN_ID'], []],
      [[], ['  namespace: ${NAMESPACE}']],
      [[], ['  labels: {team: $TEAM}']],
    ];
    for (const [container, top] of rendered) {
      assert.deepEqual(mlk429(pod(tokenFromShell, container, top)), [], [...container, ...top].join(' '));
    }
  });

  it('is silent when another document of the file, or a rendering marker, shows a template', () => {
    const service = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: ${APP_NAME}', 'spec:', '  ports: [{port: 80}]', ''].join('\n');
    assert.deepEqual(mlk429(`${service}---\n${pod(tokenFromShell)}`), []);
    assert.deepEqual(mlk429(pod(tokenFromShell, [], ['  annotations: {kustomize.toolkit.fluxcd.io/substitute: enabled}'])), []);
    assert.deepEqual(mlk429(pod(tokenFromShell, ['args: ["--output={{$.outputs.artifacts[\'model\'].path}}"]'])), []);
  });

  it('still reports beside a shell script that uses variables at run time, and beside names with a $ in a comment', () => {
    const script = ['command: ["/bin/sh", "-c"]', 'args: ["python3 server.py --group=${GROUP_KEY} --dir=$HOME/models"]'];
    assert.equal(mlk429(pod(tokenFromShell, script)).length, 1);
    assert.equal(mlk429(`# render with: envsubst < pod.yaml | kubectl apply -f - (image \${IMAGE})\n${pod(tokenFromShell)}`).length, 1);
  });

  it('is silent for an entry that also has valueFrom, and for containers without a $ in their env', () => {
    assert.deepEqual(mlk429(pod(['- name: HF_TOKEN', '  value: $HF_TOKEN', '  valueFrom: {secretKeyRef: {name: hf, key: token}}'])), []);
    assert.deepEqual(mlk429(pod(['- name: HF_HOME', '  value: /cache'], ['image: ${IMAGE}'])), []);
  });
});
