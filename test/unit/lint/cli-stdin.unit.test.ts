import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { parseLintArgs, runLintCommand } from '../../../src/cli/lint-command';
import { useLintRepo } from './support/lint-repo';

const deployment = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${app}
spec:
  selector:
    matchLabels: {app: ${app}}
  template:
    metadata:
      labels: {app: ${app}}
    spec:
      containers:
        - name: ${app}
          image: registry.example/${app}:1.0
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: {app: web}
  ports:
    - port: 80
`;

interface Finding {
  file: string;
  line: number;
  ruleId: string;
}

describe('mlc lint - (standard input)', () => {
  const repo = useLintRepo('stdin');

  it('parses - and --stdin, --stdin-filename; lints no folder unless one is named', () => {
    assert.deepEqual(parseLintArgs(['-']), { paths: [], stdin: true, format: 'text', noInlineIgnores: false });
    assert.deepEqual(parseLintArgs(['--stdin', '--stdin-filename', 'k8s/app.yaml', 'k8s']), { paths: ['k8s'], stdin: true, stdinFilename: 'k8s/app.yaml', format: 'text', noInlineIgnores: false });
    assert.deepEqual(parseLintArgs(['--stdin-filename=x.yaml']), { error: '--stdin-filename names standard input: add - (or --stdin)' });
    assert.deepEqual(parseLintArgs([]), { paths: ['.'], stdin: false, format: 'text', noInlineIgnores: false });
  });

  it('lints rendered manifests piped in (helm template … | mlc lint -), reported as <stdin>', async () => {
    repo.write('k8s/other.yaml', deployment('other'));
    const r = await repo.lintPiped(`---\n# Source: chart/templates/deploy.yaml\n${deployment('web')}`, '-', '--format', 'json', '--failure-threshold', 'warning');
    assert.equal(r.code, 1, r.err);
    const findings = JSON.parse(r.out) as Finding[];
    assert.ok(findings.length > 0);
    assert.deepEqual([...new Set(findings.map((f) => f.file))], ['<stdin>'], 'only standard input is linted when no folder is named');
    assert.ok(findings.some((f) => f.ruleId === 'MLK301' && f.line === 15), 'per-file rules run on the piped manifest');
  });

  it('takes the name, kind and place --stdin-filename gives: a piped Dockerfile, and a manifest the cross-file pass sees beside the files on disk', async () => {
    const docker = await repo.lintPiped('FROM python:3.12\nRUN pip install torch\n', '--stdin', '--stdin-filename', 'train.Dockerfile', '--format', 'json', '--failure-threshold', 'none');
    assert.equal(docker.code, 0, docker.err);
    const dockerFindings = JSON.parse(docker.out) as Finding[];
    assert.ok(dockerFindings.some((f) => f.file === 'train.Dockerfile' && f.ruleId.startsWith('MLD')), docker.out);

    repo.write('k8s/service.yaml', service);
    repo.write('k8s/app.yaml', deployment('old-name'));
    const selects = (out: string) => (JSON.parse(out) as Finding[]).filter((f) => f.ruleId === 'MLX006');
    const onDisk = await repo.lint('k8s', '--format', 'json', '--failure-threshold', 'none');
    assert.equal(selects(onDisk.out).length, 1, 'on disk, the Service selects nothing');
    const piped = await repo.lintPiped(deployment('web'), 'k8s', '-', '--stdin-filename', 'k8s/app.yaml', '--format', 'json', '--failure-threshold', 'none');
    assert.equal(piped.code, 0, piped.err);
    assert.deepEqual(selects(piped.out), [], 'the piped text stands in for k8s/app.yaml: the Service now selects its pods');
    const files = (JSON.parse(piped.out) as Finding[]).map((f) => f.file);
    assert.ok(files.includes('k8s/app.yaml') && !files.some((f) => f.includes('old-name')));
    assert.ok(!piped.out.includes('old-name'), 'the file on disk is not linted too');
  });

  it('refuses a terminal and binary input with exit 2 and a message', async () => {
    const err = { text: '', write(s: string) { this.text += s; return true; } };
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    assert.equal(await runLintCommand(['-'], { write: () => true }, err, { cwd: repo.root, stdin: tty }), 2);
    assert.match(err.text, /standard input \(-\) is a terminal/);
    const binary = await repo.lintPiped(Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x00, 0x01]), '-');
    assert.equal(binary.code, 2);
    assert.match(binary.err, /<stdin>: binary content/);
  });
});
