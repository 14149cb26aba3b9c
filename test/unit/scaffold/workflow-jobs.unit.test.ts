// The generated CI workflow: tests when the project has them, deploy with rollout and roll-back for
// a Deployment, Job/CronJob apply for training, and the kubeconfig secret never printed.
import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { planScaffold } from '../../../src/core/scaffold/plan';
import type { ScaffoldAnswers } from '../../../src/core/scaffold/types';
import { parts } from '../../../src/core/scaffold/types';
import { scaffoldMatrix } from './scaffold-matrix';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Job {
  needs?: string;
  if?: string;
  steps: Step[];
}
interface Workflow {
  jobs: Record<string, Job>;
}

function workflowOf(answers: ScaffoldAnswers): Workflow {
  const result = planScaffold(answers);
  assert.ok(result.ok, result.ok ? '' : result.error);
  const file = result.files.find((f) => f.path === '.github/workflows/container.yml');
  assert.ok(file, 'workflow planned');
  return parse(file.content) as Workflow;
}

const runs = (job: Job | undefined): string => (job?.steps ?? []).map((s) => s.run ?? '').join('\n');

describe('scaffold: CI workflow jobs', () => {
  const base: ScaffoldAnswers = { name: 'Demo App', workload: 'inference', accelerator: 'cpu', framework: 'sklearn', server: 'fastapi', port: 8080, parts: [...parts] };

  it('a project with tests gets a pytest job on the detected Python, and build waits for it', () => {
    const wf = workflowOf({ ...base, tests: true, pythonVersion: '3.12', requirementsFile: 'requirements/prod.txt' });
    const test = wf.jobs.test;
    assert.ok(test);
    assert.equal(test.steps.find((s) => s.uses?.startsWith('actions/setup-python@'))?.with?.['python-version'], '3.12');
    assert.match(runs(test), /pip install -r requirements\/prod\.txt/);
    assert.match(runs(test), /python -m pytest/);
    assert.equal(wf.jobs.build?.needs, 'test');
  });

  it('without tests there is no test job; the Python version defaults to the stack row', () => {
    assert.equal(workflowOf(base).jobs.test, undefined);
    assert.equal(workflowOf(base).jobs.build?.needs, undefined);
    const wf = workflowOf({ ...base, tests: true });
    assert.equal(wf.jobs.test?.steps.find((s) => s.uses?.startsWith('actions/setup-python@'))?.with?.['python-version'], '3.11');
  });

  it('a GPU stack installs its requirements with the CUDA wheel index in the test job', () => {
    const wf = workflowOf({ ...base, framework: 'pytorch', accelerator: 'gpu', tests: true });
    const install = wf.jobs.test?.steps.find((s) => s.run?.includes('pip install -r'));
    assert.match(install?.env?.PIP_EXTRA_INDEX_URL ?? '', /^https:\/\/.+cu\d+$/);
  });

  it('inference: deploy on push to main after build, set image, apply -k, wait for the rollout, undo on failure', () => {
    const deploy = workflowOf(base).jobs.deploy;
    assert.ok(deploy);
    assert.equal(deploy.needs, 'build');
    assert.match(deploy.if ?? '', /github\.event_name == 'push'/);
    assert.match(deploy.if ?? '', /refs\/heads\/main/);
    const setImage = deploy.steps.find((s) => s.run?.includes('kustomize edit set image'));
    assert.equal(setImage?.['working-directory'], 'k8s');
    assert.match(setImage?.run ?? '', /"demo-app=\$\{\{ env\.IMAGE \}\}:\$\{\{ github\.sha \}\}"/);
    const text = runs(deploy);
    assert.match(text, /kubectl apply -k k8s\//);
    assert.match(text, /kubectl rollout status deployment\/demo-app --timeout=\d+s/);
    const undo = deploy.steps.find((s) => s.run?.includes('kubectl rollout undo deployment/demo-app'));
    assert.equal(undo?.if, 'failure()');
  });

  it('training replaces the Job and retraining applies the CronJob; neither waits for a rollout', () => {
    const training = runs(workflowOf({ ...base, workload: 'training' }).jobs.deploy);
    assert.match(training, /kubectl delete job\/demo-app-train --ignore-not-found/);
    assert.match(training, /kubectl apply -k k8s\//);
    assert.doesNotMatch(training, /rollout/);
    const retraining = runs(workflowOf({ ...base, workload: 'retraining' }).jobs.deploy);
    assert.match(retraining, /kubectl apply -k k8s\//);
    assert.doesNotMatch(retraining, /rollout|delete job/);
  });

  it('no Kubernetes part, no deploy job', () => {
    assert.equal(workflowOf({ ...base, parts: ['dockerfile', 'ci'] }).jobs.deploy, undefined);
  });

  it('every combination: the kubeconfig secret reaches a private file through env only, never a command line', () => {
    const seen = new Set<string>();
    for (const c of scaffoldMatrix()) {
      const result = planScaffold(c.answers);
      assert.ok(result.ok);
      const text = result.files.find((f) => f.path === '.github/workflows/container.yml')?.content ?? '';
      if (seen.has(text)) {
        continue;
      }
      seen.add(text);
      const wf = parse(text) as Workflow;
      const write = wf.jobs.deploy?.steps.find((s) => s.env?.KUBECONFIG_DATA !== undefined);
      assert.equal(write?.env?.KUBECONFIG_DATA, '${{ secrets.KUBECONFIG }}', c.label);
      assert.match(write?.run ?? '', /umask 077/);
      assert.match(write?.run ?? '', /printf '%s' "\$KUBECONFIG_DATA" > "\$RUNNER_TEMP\/kubeconfig"/);
      assert.equal(text.split('secrets.KUBECONFIG').length - 1, 1, `${c.label}: the secret is referenced once`);
      assert.doesNotMatch(text, /echo[^\n]*KUBECONFIG_DATA/, c.label);
      assert.equal(wf.jobs.test !== undefined, c.answers.tests === true, c.label);
    }
    assert.ok(seen.size > 1);
  });
});
