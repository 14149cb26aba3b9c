import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { looksTemplated, parseYaml } from '../../../../src/core/lint/yaml/parse';
import { fixtureSchemas } from '../kubernetes/support';

/** A KServe ServingRuntime: `{{.Name}}` is KServe's placeholder inside a string, in valid YAML. */
const servingRuntime = [
  'apiVersion: serving.kserve.io/v1alpha1',
  'kind: ServingRuntime',
  'metadata: {name: vllm}',
  'spec:',
  '  supportedModelFormats: [{name: vllm}]',
  '  containers:',
  '    - name: kserve-container',
  '      image: vllm/vllm-openai:latest',
  '      args:',
  '        - --model=/mnt/models',
  '        - --served-model-name={{.Name}}',
  '',
].join('\n');

describe('Helm templates and other programs\' placeholders', () => {
  it('takes Helm actions for templates: at a line\'s or a value\'s start, with Helm\'s objects, functions, trim markers, pipes or variables', () => {
    for (const helm of [
      'image: {{ .Values.image }}',
      '{{- if .Values.gpu }}',
      'name: x-{{ include "chart.fullname" . }}',
      'image: "{{ .Values.repo }}:{{ .Chart.AppVersion }}"',
      'labels: {{- toYaml .Values.labels | nindent 4 }}',
      '  - {{ $name }}',
      'replicas: {{.Replicas}}',
      'value: x-{{ unterminated',
      'image: "{{ $.Values.image }}"',
      'value: "{{ $ }}"',
      // A variable the file declares is Helm's.
      '{{- range $key, $value := .Values.env }}\nvalue: "{{ $value }}"\n{{- end }}',
    ]) {
      assert.ok(looksTemplated(`apiVersion: v1\nkind: ConfigMap\n${helm}\n`), helm);
    }
  });

  it('lints a field placeholder inside a string (KServe, Argo) as the YAML it is', () => {
    for (const placeholder of [
      '  - --served-model-name={{.Name}}',
      '  args: ["{{inputs.parameters.message}}"]',
      '  url: "s3://bucket/{{ .StorageUri }}"',
      '# image: {{ .Values.image }}',
      // Argo: a `: ` inside the quoted string is no value start; Kubeflow Pipelines: `$.` is its own placeholder.
      '  args: ["echo result was: {{inputs.parameters.message}}"]',
      "      - '{{$.inputs.parameters[''text'']}}'",
      // Argo: a parameter as the tag of an unquoted image is part of one plain scalar.
      '  image: registry.example/trainer:{{inputs.parameters.tag}}',
    ]) {
      assert.ok(!looksTemplated(`apiVersion: v1\nkind: ConfigMap\n${placeholder}\n`), placeholder);
    }
    assert.deepEqual(parseYaml(servingRuntime).documents.map((d) => d.skipped), [undefined]);
  });

  it('lints Prometheus alerting rules: their `$labels` and `$value` are variables no Helm template declares, so Helm would refuse them', () => {
    // kube-prometheus, manifests/kubePrometheus-prometheusRule.yaml (TargetDown), and a folded form of the same message.
    const rule = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata:',
      '  name: kube-prometheus-rules',
      '  namespace: monitoring',
      'spec:',
      '  groups:',
      '  - name: general.rules',
      '    rules:',
      '    - alert: TargetDown',
      '      annotations:',
      `        description: '{{ printf "%.4g" $value }}% of the {{ $labels.job }}/{{ $labels.service }} targets in {{ $labels.namespace }} namespace are down.'`,
      '        summary: One or more targets are unreachable.',
      '        message: >-',
      '          {{ $labels.job }}/{{ $labels.service }} targets in',
      '          {{ $labels.namespace }} namespace are down.',
      '      expr: 100 * (count(up == 0) BY (cluster, job, namespace, service) / count(up) BY (cluster, job, namespace, service)) > 10',
      "      for: 10m",
      '    - alert: GpuUtilisationHigh',
      '      annotations:',
      '        description: "{{ $value | humanizePercentage }} on {{ $labels.gpu }}"',
      '      expr: DCGM_FI_DEV_GPU_UTIL > 95',
      '',
    ].join('\n');
    assert.equal(looksTemplated(rule), false);
    assert.deepEqual(parseYaml(rule).documents.map((d) => d.skipped), [undefined]);
    // The same message in a chart that declares the variable is Helm's.
    assert.equal(looksTemplated(`{{- $value := .Values.threshold }}\n${rule}`), true);
  });

  it('keeps a chart whose variables are declared in an earlier document a template: a range over models with `---` inside', () => {
    const chart = [
      '{{- range $name, $svc := .Values.models }}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: "{{ $name }}"',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: server',
      '          image: "{{ $svc.image }}"',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: x}',
      'data:',
      '  a: |',
      '    {{ $svc.config }}',
      '    {{/* uses $undeclared */}}',
      '{{- end }}',
      '',
    ].join('\n');
    assert.deepEqual(parseYaml(chart).documents.map((d) => d.skipped !== undefined), [true, true, true]);
    assert.equal(lintManifest(chart).findings.length, 0);
    assert.equal(looksTemplated('data:\n  a: |\n    {{/* mentions $x */}}\n'), true, 'a Go comment in a block scalar');
  });

  it('reads a block scalar as text: a {{ at a line start there is a placeholder unless it uses Helm\'s syntax', () => {
    // Argo Workflows' script template (examples/scripts-bash.yaml) and a Jinja chat template in a ConfigMap.
    for (const block of [
      ['spec:', '  templates:', '    - name: gen', '      script:', '        source: |', '          {{inputs.parameters.cmd}}', '          echo done', '    - name: next'],
      ['data:', '  chat.jinja: |-', '    {{ bos_token }}', '    {% for m in messages %}{{ m.content }}{% endfor %}', 'metadata: {name: t}'],
      ['args:', '  - >', '    {{workflow.parameters.model}}', '  - --x'],
      ['steps:', '  - run: |', '      {{steps.a.outputs.result}}', '    name: b'],
      // Jinja's trim markers, pipes, filters with arguments and its own `range()`: Llama 3's chat template, as a vLLM ConfigMap mounts it.
      [
        'data:',
        '  llama3.jinja: |',
        '    {{- bos_token }}',
        '    {%- for message in messages %}',
        "    {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' }}",
        "    {{- message['content'] | trim }}",
        "    {{- '<|eot_id|>' }}",
        '    {%- endfor %}',
        '    {{ x | default("none") | indent(4) }}{{ range(3) | list }}',
        // Helm's words and `$` inside a string are text (Mistral's template raises with such messages).
        "    {{- raise_exception('A user message is required first; include one') }}{{ 'price in $' }}",
        'metadata: {name: t}',
      ],
    ]) {
      assert.ok(!looksTemplated(`apiVersion: v1\nkind: ConfigMap\n${block.join('\n')}\n`), block.join('\n'));
    }
    for (const helm of [
      ['data:', '  config.yaml: |', '    {{- toYaml .Values.config | nindent 4 }}'],
      ['data:', '  run.sh: |', '    {{ include "chart.script"', '      . }}'],
      // The block ends where the indentation falls back: a value-start action after it is Helm's.
      ['data:', '  a: |', '    {{ x }}', 'image: {{ y }}'],
      ['  - script: |', '    other: {{ .Values.x }}'],
      // Go's control words, comments, variables and Helm's indent inside a block are still Helm's.
      ['data:', '  a: |', '    {{- if .enabled }}'],
      ['data:', '  a: |', '    {{- range .items }}x{{ end }}'],
      ['data:', '  a: |', '    {{/* a comment */}}'],
      ['data:', '  a: |', '    {{ $v := 1 }}'],
      ['data:', '  a: |', '    {{ indent 4 .body }}'],
      ['data:', '  a: |', '    {{ include "chart.name" . }}', '    {{ printf "%s-x" .Release.Name }}'],
    ]) {
      assert.ok(looksTemplated(`apiVersion: v1\nkind: ConfigMap\n${helm.join('\n')}\n`), helm.join('\n'));
    }
    const invalid = servingRuntime.replace('supportedModelFormats: [{name: vllm}]', 'supportedModelFormats: [{name: vllm, autoSelect: "yes"}]');
    const schemaFindings = lintManifest(invalid, { schemas: fixtureSchemas() }).findings.filter((f) => f.ruleId === 'MLK002');
    assert.deepEqual(schemaFindings.map((f) => f.range.start.line), [5], 'validated against the ServingRuntime schema');
  });
});
