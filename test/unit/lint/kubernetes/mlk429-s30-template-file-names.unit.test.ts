import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';
import { useLintRepo } from '../support/lint-repo';

/** A Pod given the token as a shell variable, and nothing else that says the file is rendered. */
const tokenFromShell = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: server',
  'spec:',
  '  containers:',
  '    - name: server',
  '      image: registry.example/server:1.0.0',
  '      env:',
  '        - name: HF_TOKEN',
  '          value: $HF_TOKEN',
  '',
].join('\n');

/** The lines of MLK429's findings when the editor lints the text under `path` (all rules, as it runs them). */
function mlk429LinesAt(path: string | undefined): number[] {
  const { findings } = lintManifest(tokenFromShell, path === undefined ? {} : { path });
  return findings.filter((f) => f.ruleId === 'MLK429').map((f) => f.range.start.line);
}

/** The files and lines of MLK429's findings in `mlc lint --format json` output. */
function mlk429In(out: string): string[] {
  return (JSON.parse(out) as { file: string; line: number; ruleId: string }[]).filter((f) => f.ruleId === 'MLK429').map((f) => `${f.file}:${f.line}`);
}

const templateNames = ['deploy.template.yaml', 'k8s/deploy.yaml.tpl', 'deploy.tpl.yaml', 'deploy.yaml.tmpl', 'job-tpl.yaml', 'pod_tmpl.yml', 'template.yaml', 'deploy.envsubst.yaml', 'deploy.yaml.in', 'deploy.yaml.j2', 'deploy.yaml.jinja2', 'deploy.yaml.gotmpl', 'Deploy.Template.YAML'];
// A hyphenated `-template` names the kind of object (an Argo WorkflowTemplate, a pod template), not a rendered file.
const plainNames = ['deploy.yaml', 'k8s/deploy.yaml', 'templates/deploy.yaml', 'template/pod.yaml', 'argo-workflow-template.yaml', 'job_template.yaml', 'pod-templates.yaml', 'contemplate.yaml', 'inference.yaml', 'deploy.bin.yaml', 'train-j2.yaml'];

describe('MLK429 knows a template by its file name', () => {
  it('is silent on the same text under a template name, in the editor (lintManifest with the document path)', () => {
    for (const name of templateNames) {
      assert.deepEqual(mlk429LinesAt(name), [], name);
    }
  });

  it('still reports it under a plain name, a kind named -template, a folder named templates, and with no name at all (an untitled document)', () => {
    for (const name of plainNames) {
      assert.deepEqual(mlk429LinesAt(name), [11], name);
    }
    assert.deepEqual(mlk429LinesAt(undefined), [11]);
  });

  describe('through mlc lint', () => {
    const { write, lint, lintPiped } = useLintRepo('mlk429-template-names');

    it('reports deploy.yaml and leaves the template names it discovers beside it alone', async () => {
      for (const name of ['deploy.yaml', 'deploy.template.yaml', 'deploy.envsubst.yaml', 'k8s/job-tpl.yaml', 'k8s/pod.tmpl.yml']) {
        write(name, tokenFromShell);
      }
      const r = await lint('--format', 'json', '--failure-threshold', 'none');
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(mlk429In(r.out), ['deploy.yaml:11']);
    });

    it('judges standard input by --stdin-filename: deploy.yaml.tpl is a template, deploy.yaml is not', async () => {
      const template = await lintPiped(tokenFromShell, '-', '--stdin-filename', 'deploy.yaml.tpl', '--format', 'json', '--failure-threshold', 'none');
      assert.equal(template.code, 0, template.err);
      assert.deepEqual(mlk429In(template.out), []);
      const plain = await lintPiped(tokenFromShell, '-', '--stdin-filename', 'deploy.yaml', '--format', 'json', '--failure-threshold', 'none');
      assert.deepEqual(mlk429In(plain.out), ['deploy.yaml:11']);
    });
  });
});
