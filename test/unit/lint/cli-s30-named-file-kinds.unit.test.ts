import * as assert from 'node:assert/strict';
import { stdinKind } from '../../../src/cli/lint-stdin';
import { useLintRepo } from './support/lint-repo';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example/web:latest
`;
const compose = 'services:\n  api:\n    image: api:latest\n';
const cudaLatest = 'FROM nvidia/cuda:latest\nUSER 10001\n';
const heredocManifest = 'FROM python:3.12\nRUN cat <<EOF > /etc/app.yaml\napiVersion: v1\nkind: Config\nservices:\nEOF\n';

interface Finding {
  file: string;
  line: number;
  ruleId: string;
}

describe('mlc lint FILE: a named file that is neither a Dockerfile nor YAML by name is judged by content', () => {
  const repo = useLintRepo('named-kinds');
  const rulesOf = (out: string, file: string) => (JSON.parse(out) as Finding[]).filter((f) => f.file === file).map((f) => `${f.ruleId}@${f.line}`);

  it('lints a templated manifest as Kubernetes, a templated Compose file as Compose, a Containerfile as a Dockerfile, and skips prose with a message', async () => {
    repo.write('deploy.yaml.tpl', deployment);
    repo.write('compose.yaml.j2', compose);
    repo.write('Containerfile.gpu', cudaLatest);
    repo.write('notes.txt', 'These notes say how to run the trainer.\nRun it with care.\n');
    const r = await repo.lint('deploy.yaml.tpl', 'compose.yaml.j2', 'Containerfile.gpu', 'notes.txt', '--format', 'json', '--failure-threshold', 'error');
    const deploy = rulesOf(r.out, 'deploy.yaml.tpl');
    assert.ok(deploy.includes('MLK201@14'), r.out);
    assert.ok(deploy.every((id) => id.startsWith('MLK')), `no Dockerfile rules on the manifest: ${deploy.join(', ')}`);
    assert.deepEqual(rulesOf(r.out, 'compose.yaml.j2'), ['MLC201@3']);
    assert.deepEqual(rulesOf(r.out, 'Containerfile.gpu'), ['MLD402@1']);
    assert.deepEqual(rulesOf(r.out, 'notes.txt'), []);
    assert.match(r.err, /notes\.txt: skipped: neither a Dockerfile .*nor a Compose file.*name a Dockerfile `Dockerfile\.<name>`/);
    assert.equal(r.code, 1, 'the Containerfile\'s error fails the run');
  });

  it('exits 0 when the only file named is skipped prose or Python, as for a YAML file that is no manifest', async () => {
    repo.write('notes.txt', 'From here on, run the trainer.\n');
    repo.write('train.py', 'from torch import nn\n');
    const r = await repo.lint('notes.txt', 'train.py', '--format', 'json');
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), []);
    assert.match(r.err, /notes\.txt: skipped/);
    assert.match(r.err, /train\.py: skipped/);
  });

  it('keeps Dockerfile names Dockerfiles whatever they hold, and lints an oddly named file that opens with FROM as one', async () => {
    repo.write('Dockerfile.compose', compose);
    repo.write('Dockerfile_gpu', cudaLatest);
    repo.write('gpu.docker', `# syntax=docker/dockerfile:1\nARG BASE=nvidia/cuda:latest\n${heredocManifest}`);
    const r = await repo.lint('Dockerfile.compose', 'Dockerfile_gpu', 'gpu.docker', '--format', 'json', '--failure-threshold', 'none');
    assert.equal(r.code, 0, r.err);
    assert.ok(rulesOf(r.out, 'Dockerfile.compose').includes('MLD001@1'), r.out);
    assert.deepEqual(rulesOf(r.out, 'Dockerfile_gpu'), ['MLD402@1']);
    const heredoc = rulesOf(r.out, 'gpu.docker');
    assert.ok(heredoc.length > 0 && heredoc.every((id) => id.startsWith('MLD')), `a Dockerfile whose heredoc writes YAML: ${heredoc.join(', ')}`);
  });

  it('judges standard input the same way: a Dockerfile whose heredoc writes a manifest is a Dockerfile', () => {
    assert.equal(stdinKind(heredocManifest, undefined), 'dockerfile');
    assert.equal(stdinKind(heredocManifest, 'build/gpu.docker'), 'dockerfile');
    assert.equal(stdinKind(deployment, 'deploy.yaml.tpl'), 'kubernetes');
    assert.equal(stdinKind('from torch import nn\n', undefined), 'dockerfile', 'unknown text on standard input stays a Dockerfile (hadolint)');
  });
});
