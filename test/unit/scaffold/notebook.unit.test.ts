// The notebook workload: a JupyterLab image on the project's stack, reachable only from loopback in
// compose, single-replica and cluster-internal in Kubernetes, and never a token written into a file.
import * as assert from 'node:assert/strict';
import { parse, parseAllDocuments } from 'yaml';
import { answersForWorkload, defaultAnswers } from '../../../src/core/scaffold/defaults';
import { planScaffold } from '../../../src/core/scaffold/plan';
import type { PlannedFile, ProjectFacts, ScaffoldAnswers } from '../../../src/core/scaffold/types';
import { parts } from '../../../src/core/scaffold/types';
import { scaffoldMatrix } from './scaffold-matrix';

function plan(answers: ScaffoldAnswers): PlannedFile[] {
  const result = planScaffold(answers);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.files;
}

function file(files: PlannedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  assert.ok(f, `${path} is planned (have: ${files.map((x) => x.path).join(', ')})`);
  return f.content;
}

interface Container {
  ports: { containerPort: number }[];
  env: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  resources: { limits: Record<string, string> };
  volumeMounts: { name: string; mountPath: string }[];
}

const notebook: ScaffoldAnswers = { name: 'Lab', workload: 'notebook', accelerator: 'cpu', framework: 'sklearn', server: 'fastapi', port: 8888, parts: [...parts] };

describe('scaffold: notebook workload', () => {
  const cases = scaffoldMatrix().filter((c) => c.answers.workload === 'notebook');

  it('the matrix offers the notebook workload for every stack row', () => {
    assert.ok(cases.length > 10);
    assert.ok(cases.some((c) => c.row.accelerator === 'gpu') && cases.some((c) => c.row.accelerator === 'cpu'));
  });

  for (const c of cases) {
    it(`${c.label}: JupyterLab image, loopback port, token from the environment, notebooks volume`, () => {
      const files = plan(c.answers);
      const gpu = c.row.accelerator === 'gpu';
      const dockerfile = file(files, 'Dockerfile');
      assert.match(dockerfile, /-r requirements\.txt -r requirements-notebook\.txt/);
      assert.match(dockerfile, /^CMD \["jupyter", "lab", "--ip=0\.0\.0\.0", "--port=8888", "--no-browser", "--ServerApp\.root_dir=\/notebooks"\]$/m);
      assert.match(dockerfile, /^USER 10001:10001$/m);
      assert.match(dockerfile, /^EXPOSE 8888$/m);
      assert.doesNotMatch(dockerfile, /token/i);
      assert.match(file(files, 'requirements-notebook.txt'), /^jupyterlab==\d+\.\d+\.\d+$/m);
      assert.equal(files.some((f) => f.path === 'serve.py' || f.path === 'train.py'), false, 'no sample app for a notebook');

      const compose = parse(file(files, 'compose.yaml')) as { services: Record<string, { ports: string[]; environment: Record<string, string>; volumes: string[]; shm_size?: string }>; volumes: Record<string, unknown> };
      assert.deepEqual(Object.keys(compose.services), ['notebook']);
      const service = compose.services.notebook;
      assert.ok(service);
      assert.deepEqual(service.ports, ['127.0.0.1:8888:8888']);
      assert.match(service.environment.JUPYTER_TOKEN ?? '', /^\$\{JUPYTER_TOKEN:\?.+\}$/, 'required from the environment, no default');
      assert.ok(service.volumes.includes('notebooks:/notebooks'));
      assert.ok('notebooks' in compose.volumes);
      assert.equal(service.shm_size !== undefined, gpu);

      const k8s = files.filter((f) => f.path.startsWith('k8s/')).map((f) => f.path).sort();
      assert.deepEqual(k8s, ['k8s/deployment.yaml', 'k8s/kustomization.yaml', 'k8s/pvc-notebooks.yaml', 'k8s/service.yaml']);
      const deployment = parse(file(files, 'k8s/deployment.yaml')) as { spec: { replicas: number; strategy: { type: string }; template: { spec: { containers: Container[]; nodeSelector?: unknown; tolerations?: unknown } } } };
      assert.equal(deployment.spec.replicas, 1);
      assert.equal(deployment.spec.strategy.type, 'Recreate');
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      assert.ok(container);
      assert.equal(container.ports[0]?.containerPort, 8888);
      assert.deepEqual(container.env.find((e) => e.name === 'JUPYTER_TOKEN')?.valueFrom?.secretKeyRef, { name: 'demo-app-jupyter', key: 'token' });
      assert.equal(container.env.find((e) => e.name === 'JUPYTER_TOKEN')?.value, undefined);
      assert.ok(container.volumeMounts.some((m) => m.name === 'notebooks' && m.mountPath === '/notebooks'));
      assert.equal(container.resources.limits['nvidia.com/gpu'] === '1', gpu);
      assert.equal(pod.nodeSelector !== undefined && pod.tolerations !== undefined, gpu);
      const service2 = parse(file(files, 'k8s/service.yaml')) as { spec: { type: string; ports: { port: number }[] } };
      assert.equal(service2.spec.type, 'ClusterIP');
      assert.equal(service2.spec.ports[0]?.port, 8888);
      for (const f of files.filter((x) => x.path.startsWith('k8s/'))) {
        assert.doesNotMatch(f.content, /kind: Ingress/);
        assert.deepEqual(parseAllDocuments(f.content).flatMap((d) => d.errors.map((e) => e.message)), [], f.path);
      }
      const workflow = file(files, '.github/workflows/container.yml');
      assert.match(workflow, /kubectl rollout status deployment\/demo-app --timeout=\d+s/);
    });
  }

  it('mlc scaffold defaults: port 8888 and no entry point for a notebook', () => {
    const facts: ProjectFacts = {
      frameworks: ['sklearn'], pins: {}, entryPoints: [{ path: 'app.py', kind: 'serve', server: 'flask', runsItself: true, port: 5055 }],
      modelArtifacts: [], dataDirs: [], declared: [], existing: { dockerfiles: [], compose: [], kubernetes: [], workflows: [] }, hasTests: false,
    };
    const answers = defaultAnswers(facts, 'lab', { workload: 'notebook' });
    assert.ok(!('error' in answers));
    assert.equal(answers.port, 8888);
    assert.equal(answers.entry, undefined);
  });

  it('changing the workload in the quick pick drops an entry point of another kind and resets the port', () => {
    const entry = { path: 'app.py', kind: 'serve' as const, server: 'flask' as const, runsItself: true, port: 5055 };
    const inference: ScaffoldAnswers = { ...notebook, workload: 'inference', port: 5055, entry };
    assert.deepEqual(answersForWorkload(inference, 'inference'), inference);
    const toNotebook = answersForWorkload({ ...inference, workload: 'notebook' }, 'inference');
    assert.equal(toNotebook.port, 8888);
    assert.equal(toNotebook.entry, undefined);
    const toTraining = answersForWorkload({ ...inference, workload: 'training' }, 'inference');
    assert.equal(toTraining.entry, undefined);
    assert.equal(toTraining.port, 5055);
    assert.equal(answersForWorkload({ ...notebook, workload: 'inference' }, 'notebook').port, 8000);
  });
});
