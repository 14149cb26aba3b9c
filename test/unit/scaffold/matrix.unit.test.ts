import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { lintCompose } from '../../../src/core/lint/compose/lint';
import { lintWorkspace } from '../../../src/core/lint/cross/lint';
import type { WorkspaceFile } from '../../../src/core/lint/cross/types';
import { lintDockerfile } from '../../../src/core/lint/engine';
import { lintManifest } from '../../../src/core/lint/kubernetes/lint';
import { severityRank } from '../../../src/core/lint/types';
import { stackTable } from '../../../src/core/scaffold/compat';
import { planScaffold } from '../../../src/core/scaffold/plan';
import type { PlannedFile, ScaffoldAnswers, Server } from '../../../src/core/scaffold/types';
import { parts, workloads } from '../../../src/core/scaffold/types';

const servers: Server[] = ['flask', 'fastapi'];

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

function yamlDocs(text: string, label: string): unknown[] {
  const docs = parseAllDocuments(text);
  for (const d of docs) {
    assert.deepEqual(d.errors.map((e) => e.message), [], label);
  }
  return docs.map((d) => d.toJS() as unknown);
}

describe('scaffold/plan: every combination of the matrix', () => {
  for (const row of stackTable) {
    for (const workload of workloads) {
      for (const server of servers) {
        const label = `${workload} · ${row.id} · ${server}`;
        const answers: ScaffoldAnswers = { name: 'Demo App', workload, accelerator: row.accelerator, framework: row.framework, stackId: row.id, server, port: 8080, parts: [...parts] };
        const gpu = row.accelerator === 'gpu';

        it(`${label}: Dockerfile lints with no finding at warning or above and follows the house rules`, () => {
          const text = file(plan(answers), 'Dockerfile');
          const result = lintDockerfile(text);
          assert.deepEqual(result.problems, []);
          const serious = result.findings.filter((f) => severityRank[f.severity] <= severityRank.warning);
          assert.deepEqual(serious.map((f) => `${f.ruleId}: ${f.message}`), []);
          const froms = [...text.matchAll(/^FROM (\S+)/gm)].map((m) => m[1]);
          assert.equal(froms.length, 2, 'multi-stage');
          assert.ok(froms.every((f) => f === row.baseImage), 'pinned base from the table');
          assert.doesNotMatch(text, /devel/);
          assert.match(text, /^USER 10001:10001$/m);
          assert.match(text, /^ARG PIP_INDEX_URL$/m);
          assert.match(text, /pip install --no-cache-dir/);
          assert.match(text, /^CMD \[".*"\]$/m);
          assert.match(text, /org\.opencontainers\.image\.title="demo-app"/);
          assert.equal(/^HEALTHCHECK /m.test(text), workload === 'inference' || workload === 'notebook');
          assert.equal(/NVIDIA_DRIVER_CAPABILITIES=compute,utility/.test(text) && /NVIDIA_VISIBLE_DEVICES=all/.test(text), gpu);
        });

        it(`${label}: YAML parses, compose and k8s carry GPU requests exactly when GPU`, () => {
          const files = plan(answers);
          for (const f of files.filter((x) => /\.ya?ml$/.test(x.path))) {
            yamlDocs(f.content, f.path);
          }
          for (const f of files.filter((x) => x.path.endsWith('.json'))) {
            assert.doesNotThrow(() => JSON.parse(f.content) as unknown, f.path);
          }
          const composeLint = lintCompose(file(files, 'compose.yaml'), { path: 'compose.yaml' });
          assert.deepEqual(composeLint.problems, [], 'compose.yaml');
          assert.deepEqual(composeLint.findings.filter((x) => severityRank[x.severity] <= severityRank.warning).map((x) => `compose.yaml ${x.ruleId}: ${x.message}`), []);
          const compose = yamlDocs(file(files, 'compose.yaml'), 'compose')[0] as { services: Record<string, { deploy?: { resources: { reservations: { devices: { capabilities: string[] }[] } } }; shm_size?: string; depends_on?: Record<string, { condition: string }> }> };
          const main = { inference: compose.services.api, training: compose.services.train, retraining: compose.services.train, notebook: compose.services.notebook }[workload];
          assert.ok(main);
          assert.equal(main.deploy?.resources.reservations.devices[0]?.capabilities.includes('gpu') ?? false, gpu);
          assert.equal(main.shm_size !== undefined, gpu);
          if (workload === 'inference') {
            assert.deepEqual(Object.keys(compose.services).sort(), ['api', 'grafana', 'prometheus', 'redis']);
            assert.equal(main.depends_on?.redis?.condition, 'service_healthy');
            file(files, 'monitoring/grafana/provisioning/datasources/prometheus.yaml');
          }
          for (const f of files.filter((x) => x.path.startsWith('k8s/') && x.path !== 'k8s/kustomization.yaml')) {
            const result = lintManifest(f.content, { path: f.path });
            assert.deepEqual(result.problems, [], f.path);
            assert.deepEqual(result.findings.filter((x) => severityRank[x.severity] <= severityRank.warning).map((x) => `${f.path} ${x.ruleId}: ${x.message}`), []);
          }
          const kindOf = (p: string): WorkspaceFile['kind'] | undefined => (p === 'Dockerfile' ? 'dockerfile' : p === 'compose.yaml' ? 'compose' : p.startsWith('k8s/') && p !== 'k8s/kustomization.yaml' ? 'kubernetes' : undefined);
          const workspace = files.flatMap((f) => {
            const kind = kindOf(f.path);
            return kind ? [{ path: f.path, kind, text: f.content }] : [];
          });
          const cross = lintWorkspace(workspace);
          assert.deepEqual(cross.problems, []);
          assert.deepEqual(cross.findings.filter((x) => severityRank[x.severity] <= severityRank.warning).map((x) => `${x.ruleId}: ${x.message}`), [], 'cross-file lint');
          const kustomization = yamlDocs(file(files, 'k8s/kustomization.yaml'), 'kustomization')[0] as { resources: string[] };
          for (const r of kustomization.resources) {
            file(files, `k8s/${r}`);
          }
          type PodTemplate = { spec: { containers: { resources: { limits: Record<string, string> } }[]; tolerations?: unknown[]; nodeSelector?: unknown; securityContext: { runAsNonRoot: boolean } } };
          const workloadFile = { inference: 'k8s/deployment.yaml', training: 'k8s/job.yaml', retraining: 'k8s/cronjob.yaml', notebook: 'k8s/deployment.yaml' }[workload];
          const object = yamlDocs(file(files, workloadFile), workloadFile)[0] as { kind: string; spec: { template?: PodTemplate; schedule?: string; concurrencyPolicy?: string; jobTemplate?: { spec: { template: PodTemplate; backoffLimit: number } } } };
          const pod = (workload === 'retraining' ? object.spec.jobTemplate?.spec.template : object.spec.template)?.spec;
          assert.ok(pod, workloadFile);
          if (workload === 'retraining') {
            assert.equal(object.kind, 'CronJob');
            assert.match(object.spec.schedule ?? '', /^\S+ \S+ \S+ \S+ \S+$/);
            assert.equal(object.spec.concurrencyPolicy, 'Forbid');
            assert.equal(object.spec.jobTemplate?.spec.backoffLimit, 2);
          }
          assert.equal(pod.containers[0]?.resources.limits['nvidia.com/gpu'] === '1', gpu);
          assert.equal(pod.tolerations !== undefined && pod.nodeSelector !== undefined, gpu);
          assert.equal(pod.securityContext.runAsNonRoot, true);
          const workflow = yamlDocs(file(files, '.github/workflows/container.yml'), 'workflow')[0] as { jobs: { build: { steps: { run?: string; uses?: string; 'continue-on-error'?: boolean }[] } } };
          const steps = workflow.jobs.build.steps;
          assert.ok(steps.some((s) => s.run?.includes('mlc lint --format github')), 'lint findings annotate the pull request');
          assert.equal(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.['continue-on-error'], true, 'a repository without code scanning still builds');
        });
      }
    }
  }

  it('a CPU-only framework has no GPU plan, and an unknown stack id is refused', () => {
    const base: ScaffoldAnswers = { name: 'x', workload: 'inference', accelerator: 'gpu', framework: 'sklearn', server: 'flask', port: 8000, parts: ['dockerfile'] };
    assert.deepEqual(planScaffold(base), { ok: false, error: 'no GPU stack for sklearn in the compatibility table' });
    assert.equal(planScaffold({ ...base, framework: 'pytorch', stackId: 'nope' }).ok, false);
  });

  it('uses the detected entry point instead of a sample app and keeps the project requirements', () => {
    const files = plan({ name: 'x', workload: 'inference', accelerator: 'cpu', framework: 'sklearn', server: 'fastapi', port: 9000, parts: [...parts], entry: { path: 'api/main.py', kind: 'serve', server: 'fastapi', appObject: 'api' }, requirementsFile: 'requirements.txt' });
    assert.match(file(files, 'Dockerfile'), /^CMD \["uvicorn", "api\.main:api", "--host", "0\.0\.0\.0", "--port", "9000"\]$/m);
    assert.equal(files.some((f) => f.path === 'serve.py' || f.path === 'requirements.txt'), false);
  });

  it('generates a sample app and pinned requirements when absent', () => {
    const files = plan({ name: 'x', workload: 'inference', accelerator: 'cpu', framework: 'pytorch', server: 'fastapi', port: 8000, parts: ['dockerfile', 'app'] });
    const app = file(files, 'serve.py');
    for (const route of ['/predict', '/healthz', '/readyz', '/metrics']) {
      assert.ok(app.includes(`"${route}"`), route);
    }
    assert.match(app, /MODEL_PATH = os\.environ\.get\("MODEL_PATH"/);
    assert.deepEqual(file(files, 'requirements.txt').split('\n').filter((l) => l && !l.startsWith('#')), ['torch==2.5.1', 'fastapi==0.112.2', 'uvicorn==0.30.6']);
    assert.match(file(files, 'Dockerfile'), /^ARG PIP_EXTRA_INDEX_URL=https:\/\/download\.pytorch\.org\/whl\/cpu$/m);
  });

  it('carries requirements declared in pyproject/environment.yml into a generated requirements.txt, stack pins first', () => {
    const files = plan({ name: 'x', workload: 'training', accelerator: 'cpu', framework: 'jax', server: 'flask', port: 8000, parts: ['dockerfile'], extraRequirements: ['flax==0.8.5', 'jax==0.4.20', 'optax'] });
    assert.deepEqual(file(files, 'requirements.txt').split('\n').filter((l) => l && !l.startsWith('#')), ['jax==0.4.31', 'flax==0.8.5', 'optax']);
  });

  it('lists data folders and artifacts found in the project in .dockerignore', () => {
    const files = plan({ name: 'x', workload: 'training', accelerator: 'cpu', framework: 'sklearn', server: 'flask', port: 8000, parts: ['dockerignore'], dataDirs: ['data', 'corpora'], modelArtifacts: ['weights/best.bin'] });
    const ignore = file(files, '.dockerignore');
    assert.match(ignore, /^corpora\/$/m);
    assert.match(ignore, /^weights\/best\.bin$/m);
    assert.match(ignore, /^\.git$/m);
    assert.match(ignore, /^\*\.ipynb$/m);
  });
});
