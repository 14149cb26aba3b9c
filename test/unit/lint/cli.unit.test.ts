import * as assert from 'node:assert/strict';
import { maxDockerfileChars } from '../../../src/core/lint/engine';
import { useLintRepo } from './support/lint-repo';

const cudaLatest = 'FROM nvidia/cuda:latest\nUSER 10001\n';
const warnOnly = 'FROM nvidia/cuda:10.2-runtime-ubuntu18.04\nUSER 10001\n';

describe('mlc lint (CLI)', () => {
  const { write, lint, lintPiped } = useLintRepo('cli');

  it('walks directories, picks Dockerfiles by name, skips node_modules and .git, and prints JSON', async () => {
    write('Dockerfile', cudaLatest);
    write('docker/train.Dockerfile', cudaLatest);
    write('docker/Dockerfile.serve', cudaLatest);
    write('legacy/Containerfile', cudaLatest);
    write('docker/Dockerfile.dockerignore', 'models/\n');
    write('node_modules/pkg/Dockerfile', cudaLatest);
    write('.git/Dockerfile', cudaLatest);
    write('README.md', 'FROM nvidia/cuda:latest\n');
    const r = await lint('--format', 'json');
    assert.equal(r.code, 1);
    const findings = JSON.parse(r.out) as Record<string, unknown>[];
    assert.deepEqual(findings.map((f) => f.file), ['Dockerfile', 'docker/Dockerfile.serve', 'docker/train.Dockerfile', 'legacy/Containerfile']);
    assert.deepEqual(findings[0], {
      file: 'Dockerfile', line: 1, column: 6, endLine: 1, endColumn: 24, ruleId: 'MLD402', severity: 'error',
      message: findings[0]?.message,
    });
    assert.deepEqual(Object.keys(findings[0] ?? {}), ['file', 'line', 'column', 'endLine', 'endColumn', 'ruleId', 'severity', 'message']);
  });

  it('picks lowercase names too (docker build\'s fallback `dockerfile`, the editor\'s `*.dockerfile` / `*.containerfile`) and hyphenated variants (`Dockerfile-cuda`)', async () => {
    write('svc/dockerfile', cudaLatest);
    write('docker/10-rocm.dockerfile', cudaLatest);
    write('docker/hpu.containerfile', cudaLatest);
    write('notes/dockerfile.md', 'FROM nvidia/cuda:latest\n');
    write('notes/dockerfiles.txt', 'FROM nvidia/cuda:latest\n');
    // Hyphenated variants (axolotl's Dockerfile-uv-base, TEI's Dockerfile-cuda), but not their notes or scripts.
    write('docker/Dockerfile-cuda', cudaLatest);
    write('docker/Dockerfile-notes.md', 'FROM nvidia/cuda:latest\n');
    write('docker/Dockerfile-build.sh', 'FROM nvidia/cuda:latest\n');
    const r = await lint('--format', 'json');
    const files = [...new Set((JSON.parse(r.out) as { file: string }[]).map((f) => f.file))];
    assert.deepEqual(files, ['docker/10-rocm.dockerfile', 'docker/Dockerfile-cuda', 'docker/hpu.containerfile', 'svc/dockerfile']);
  });

  it('exits 0 below the threshold and 1 at or above it (style is an alias of hint)', async () => {
    write('Dockerfile', warnOnly);
    assert.equal((await lint()).code, 0);
    assert.equal((await lint('--failure-threshold', 'warning')).code, 1);
    assert.equal((await lint('--failure-threshold=style')).code, 1);
    assert.equal((await lint('--failure-threshold', 'none')).code, 0);
  });

  it('prints clean JSON and exits 0 on a clean file', async () => {
    write('Dockerfile', 'FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nUSER 10001\n');
    const r = await lint('--format', 'json', '.');
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), []);
  });

  it('prints grep-friendly text lines', async () => {
    write('sub/Dockerfile', cudaLatest);
    const r = await lint('sub');
    assert.equal(r.code, 1);
    assert.match(r.out, /^sub\/Dockerfile:1:6: error MLD402 nvidia\/cuda uses the tag "latest".* \[cuda-image-untagged\]\n$/);
    assert.match(r.err, /1 file\(s\) linted, 1 finding\(s\)/);
  });

  it('writes SARIF 2.1.0 with rule metadata and the same regions as JSON', async () => {
    write('Dockerfile', `${cudaLatest}RUN huggingface-cli download gpt2\n`);
    const r = await lint('--format', 'sarif');
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.out) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string; helpUri: string; defaultConfiguration: { level: string } }[] } }; columnKind: string; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[]; partialFingerprints: Record<string, string>; properties: { severity: string } }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.ok(run);
    assert.equal(run.tool.driver.name, 'mlc');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const ruleIds = run.tool.driver.rules.map((x) => x.id);
    assert.ok(ruleIds.includes('MLD402') && !ruleIds.includes('MLD414'), 'enabled rules only');
    assert.deepEqual(run.results.map((x) => [x.ruleId, x.level, x.properties.severity]), [['MLD402', 'error', 'error'], ['MLD408', 'note', 'info']]);
    const first = run.results[0];
    assert.ok(first);
    assert.equal(run.tool.driver.rules[first.ruleIndex]?.id, 'MLD402');
    assert.equal(run.tool.driver.rules[first.ruleIndex]?.helpUri, 'https://ml-containers.dev/rules#MLD402');
    assert.deepEqual(first.locations[0]?.physicalLocation.region, { startLine: 1, startColumn: 6, endLine: 1, endColumn: 24 });
    assert.equal(first.locations[0]?.physicalLocation.artifactLocation.uri, 'Dockerfile');
    assert.match(first.partialFingerprints['mlcFingerprint/v1'] ?? '', /^[0-9a-f]{16}$/);
  });

  it('uses the nearest .mlc.yaml (rules and failOn) and --config over it', async () => {
    write('Dockerfile', `${cudaLatest}`);
    write('svc/Dockerfile', warnOnly);
    write('.mlc.yaml', 'failOn: warning\nrules:\n  MLD402: off\n');
    write('svc/.mlc.yaml', 'rules:\n  MLD403: error\n');
    const r = await lint('--format', 'json');
    const findings = JSON.parse(r.out) as { file: string; ruleId: string; severity: string }[];
    assert.deepEqual(findings.map((f) => [f.file, f.ruleId, f.severity]), [['svc/Dockerfile', 'MLD403', 'error']]);
    assert.equal(r.code, 1);
    write('strict.yaml', 'rules:\n  MLD403: off\n');
    const r2 = await lint('--format', 'json', '--config', 'strict.yaml');
    assert.deepEqual((JSON.parse(r2.out) as { ruleId: string }[]).map((f) => f.ruleId), ['MLD402']);
  });

  it('follows extends in .mlc.yaml (the child wins)', async () => {
    write('Dockerfile', warnOnly);
    write('base.yaml', 'rules:\n  MLD403: off\nfailOn: warning\n');
    write('.mlc.yaml', 'extends: base.yaml\nrules:\n  MLD403: error\n');
    const r = await lint('--format', 'json');
    assert.deepEqual((JSON.parse(r.out) as { severity: string }[]).map((f) => f.severity), ['error']);
  });

  it('refuses a file in the extends chain that is not a mapping, naming it', async () => {
    write('Dockerfile', warnOnly);
    write('base.yaml', '- a list\n- not settings\n');
    write('.mlc.yaml', 'extends: base.yaml\nrules:\n  MLD403: error\n');
    const r = await lint();
    assert.equal(r.code, 2);
    assert.match(r.err, /invalid config base\.yaml: the file must be a mapping of settings/);
  });

  it('hides hints unless --min-severity hint or a hint threshold asks for them', async () => {
    write('Dockerfile', 'FROM python:3.11-slim\nUSER 10001\nCMD ["python", "app.py"]\n');
    assert.deepEqual(JSON.parse((await lint('--format', 'json')).out), []);
    const shown = JSON.parse((await lint('--format', 'json', '--min-severity', 'hint')).out) as { ruleId: string }[];
    assert.deepEqual(shown.map((f) => f.ruleId), ['MLD415']);
    const r = await lint('--format', 'json', '--failure-threshold', 'hint');
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.out) as unknown[]).length, 1);
  });

  it('says in the text summary how many findings lie below the lowest severity shown, so a hint rule turned on does not look silent', async () => {
    write('Dockerfile', 'FROM python:3.11-slim\nUSER 10001\nCMD ["python", "app.py"]\n');
    assert.match((await lint()).err, /1 file\(s\) linted, 0 finding\(s\) \(1 more below info; --min-severity hint shows them\)\n$/);
    assert.match((await lint('--min-severity', 'hint')).err, /1 file\(s\) linted, 1 finding\(s\)\n$/);
  });

  it('lints an explicitly named file whatever its name', async () => {
    write('images/gpu.txt', cudaLatest);
    const r = await lint('--format', 'json', 'images/gpu.txt');
    assert.deepEqual((JSON.parse(r.out) as { file: string }[]).map((f) => f.file), ['images/gpu.txt']);
  });

  it('reads files that start with a UTF-8 byte-order mark as their text without it (as the editor does)', async () => {
    const bom = (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    write('k8s/pod.yaml', bom('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n'));
    write('app/Dockerfile', bom('FROM python:3.12-slim\nUSER 10001\nCOPY . /app\n'));
    write('app/model.safetensors', 'weights');
    write('app/.dockerignore', bom('*.safetensors\n'));
    const r = await lint('--format', 'json', '--failure-threshold', 'none', '.');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, /skipped/);
    const findings = JSON.parse(r.out) as { file: string; ruleId: string; line: number; column: number }[];
    assert.deepEqual(findings.filter((f) => f.ruleId === 'MLK201').map((f) => [f.file, f.line, f.column]), [['k8s/pod.yaml', 7, 14]]);
    assert.deepEqual(findings.filter((f) => f.file.startsWith('app/')).map((f) => f.ruleId).filter((id) => id.startsWith('MLX')), []);
  });

  it('lints JSON manifests (kubectl get -o json) found in a walk or piped in, and leaves other JSON alone', async () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.27', securityContext: { privileged: true } }] } };
    write('k8s/pod.json', `${JSON.stringify(pod, null, 4)}\n`);
    write('k8s/pods.json', `${JSON.stringify({ apiVersion: 'v1', items: [pod], kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`);
    write('package.json', '{"name": "app", "version": "1.0.0"}\n');
    write('data/events.json', JSON.stringify({ rows: [{ apiVersion: 'v1', kind: 'Event' }], padding: 'x'.repeat(8000) }));
    write('data/small.json', '[{"apiVersion": "v1", "kind": "Pod"}]');
    const r = await lint('--format', 'json', '--failure-threshold', 'none', '.');
    assert.equal(r.code, 0, r.err);
    const findings = JSON.parse(r.out) as { file: string; ruleId: string; line: number }[];
    assert.deepEqual([...new Set(findings.map((f) => f.file))], ['k8s/pod.json', 'k8s/pods.json']);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'MLK101').map((f) => [f.file, f.line]), [['k8s/pod.json', 13], ['k8s/pods.json', 16]]);

    const named = await lint('package.json');
    assert.match(named.err, /package\.json: skipped: not a Kubernetes manifest/);
    const piped = await lintPiped(`${JSON.stringify(pod)}\n`, '--format', 'json', '-');
    assert.deepEqual((JSON.parse(piped.out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLK101').length, 1);
  });

  it('does not walk into Python environments, tool caches or Jupyter checkpoints, but lints such a folder when named', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n';
    write('k8s/pod.yaml', pod);
    write('.venv/pyvenv.cfg', 'home = /usr/bin\n');
    write('.venv/lib/python3.12/site-packages/ray/deploy.yaml', pod);
    write('envs/train/conda-meta/history', '');
    write('envs/train/share/deploy.yaml', pod);
    write('k8s/.ipynb_checkpoints/pod-checkpoint.yaml', pod);
    write('src/__pycache__/deploy.yaml', pod);
    write('env/deploy.yaml', pod); // a folder that only looks like an environment by name
    const files = async (...args: string[]) => [...new Set((JSON.parse((await lint('--format', 'json', '--failure-threshold', 'none', ...args)).out) as { file: string }[]).map((f) => f.file))];
    assert.deepEqual(await files('.'), ['env/deploy.yaml', 'k8s/pod.yaml']);
    assert.deepEqual(await files('.venv'), ['.venv/lib/python3.12/site-packages/ray/deploy.yaml']);
  });

  it('checks the patch files a kustomization names (or their names say they are) for syntax and schema only (no required fields), and leaves $patch: delete documents alone', async () => {
    write('base/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, labels: {app: api}}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers:\n        - name: api\n          image: registry.example/api:1.0\n');
    write('overlay/kustomization.yaml', 'resources: [../base]\npatches:\n  - path: patches/api.yaml\n    target: {kind: Deployment, name: api}\npatchesStrategicMerge:\n  - patches/delete-job.yaml\n  - |-\n    apiVersion: v1\n    kind: ConfigMap\n');
    write('overlay/patches/api.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: "3"\n  template:\n    spec:\n      containers:\n        - name: api\n          env: [{name: MODE, value: prod}]\n');
    write('overlay/patches/delete-job.yaml', 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: warmup}\n$patch: delete\n');
    write('other/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers: [{name: x, image: registry.example/x:1.0}]\n');
    // A file named as a patch is one without a kustomization too (kubectl patch --patch-file; NVIDIA's dcgm-exporter examples).
    write('other/gpu-tolerations-patch.yaml', 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: dcgm-exporter}\nspec:\n  template:\n    spec:\n      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]\n');
    const r = await lint('--format', 'json', '--failure-threshold', 'none', 'overlay', 'other');
    const findings = JSON.parse(r.out) as { file: string; ruleId: string; message: string }[];
    const on = (file: string) => findings.filter((f) => f.file === file).map((f) => `${f.ruleId} ${f.message}`);
    assert.deepEqual(on('overlay/patches/api.yaml'), ['MLK002 spec.replicas: Expected integer, got string.'], 'schema types still checked; no required fields, no container rules');
    assert.deepEqual(on('overlay/patches/delete-job.yaml'), []);
    assert.ok(on('other/deploy.yaml').some((f) => f.startsWith('MLK002 spec.selector: Missing required field')), 'a file no kustomization names is a whole object');
    assert.deepEqual(on('other/gpu-tolerations-patch.yaml'), [], 'unless its name says it is a patch');
  });

  it('moves a kustomization\'s resources to the namespace it sets, for the cross-file rules and the per-file ones', async () => {
    write('kfp/kustomization.yaml', 'namespace: gpu-operator\nresources:\n  - deploy.yaml\n  - other.yaml\n  - svc.yaml\n  - ../shared\n');
    write('kfp/other.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other, namespace: gpu-operator}\nspec:\n  selector: {matchLabels: {app: other}}\n  template:\n    metadata: {labels: {app: other}}\n    spec:\n      containers: [{name: o, image: registry.example/o:1.0}]\n');
    write('kfp/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ui}\nspec:\n  selector: {matchLabels: {app: ui}}\n  template:\n    metadata: {labels: {app: ui}}\n    spec:\n      containers:\n        - name: ui\n          image: registry.example/ui:1.0\n          securityContext: {privileged: true}\n');
    write('kfp/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: ui, namespace: gpu-operator}\nspec:\n  selector: {app: ui}\n  ports: [{port: 80, targetPort: 8080}]\n');
    const r = await lint('--format', 'json', '--failure-threshold', 'none', 'kfp');
    const ids = (JSON.parse(r.out) as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok(!ids.includes('MLX006'), 'the Service selects the Deployment, both in gpu-operator after kustomize');
    assert.ok(!ids.includes('MLK101'), 'privileged is exempt in the gpu-operator namespace the kustomization sets');
    write('kfp/kustomization.yaml', 'resources:\n  - deploy.yaml\n  - other.yaml\n  - svc.yaml\n');
    const without = (JSON.parse((await lint('--format', 'json', '--failure-threshold', 'none', 'kfp')).out) as { ruleId: string }[]).map((f) => f.ruleId);
    assert.ok(without.includes('MLX006') && without.includes('MLK101'), `without the namespace the objects are apart: ${without.join(' ')}`);
  });

  it('an overlay\'s namespace reaches the files of the bases it builds on, for the cross-file rules', async () => {
    write('k8s/base/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: registry.example/api:1.0, ports: [{containerPort: 8080}]}]\n');
    write('k8s/base/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8080}]\n');
    write('k8s/base/kustomization.yaml', 'resources: [deploy.yaml, svc.yaml]\n');
    write('k8s/overlays/prod/ingress.yaml', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: api}\nspec:\n  rules:\n    - http:\n        paths:\n          - {path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 80}}}}\n');
    write('k8s/overlays/prod/svc-metrics.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: api-metrics}\nspec:\n  selector: {app: api}\n  ports: [{port: 9090, targetPort: 8080}]\n');
    write('k8s/overlays/prod/kustomization.yaml', 'namespace: prod\nresources: [../../base, ingress.yaml, svc-metrics.yaml]\n');
    write('k8s/overlays/dev/kustomization.yaml', 'namespace: dev\nresources: [../../base]\n');
    const mlx = async () => (JSON.parse((await lint('--format', 'json', '--failure-threshold', 'none', 'k8s')).out) as { ruleId: string; file: string; message: string }[]).filter((f) => f.ruleId.startsWith('MLX'));
    assert.deepEqual(await mlx(), [], 'the Ingress and the metrics Service find the base\'s Service and pods in prod');
    write('k8s/overlays/prod/kustomization.yaml', 'namespace: prod\nresources: [ingress.yaml, svc-metrics.yaml]\n');
    const apart = (await mlx()).map((f) => `${f.ruleId} ${f.file}`);
    assert.ok(apart.includes('MLX008 k8s/overlays/prod/ingress.yaml'), `without the base the backend is missing in prod: ${apart.join('; ')}`);
  });

  it('a kubebuilder layout: the selector the default kustomization\'s labels write and the tag its images: entry sets are no findings', async () => {
    write('config/manager/manager.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: controller-manager, namespace: system}\nspec:\n  template:\n    metadata: {labels: {control-plane: controller-manager}}\n    spec:\n      containers:\n        - name: manager\n          image: controller:latest\n');
    write('config/manager/kustomization.yaml', 'resources: [manager.yaml]\nimages:\n  - name: controller\n    newName: registry.example/kueue\n    newTag: v0.9.1\n');
    write('config/default/kustomization.yaml', 'namespace: kueue-system\nlabels:\n  - pairs: {control-plane: controller-manager}\n    includeSelectors: true\nresources: [../manager]\n');
    const findings = async () => (JSON.parse((await lint('--format', 'json', '--failure-threshold', 'none', 'config')).out) as { ruleId: string; message: string }[]).map((f) => `${f.ruleId} ${f.message}`);
    const built = await findings();
    assert.ok(!built.some((f) => f.startsWith('MLK002 spec.selector')), built.join('\n'));
    assert.ok(!built.some((f) => f.startsWith('MLK201')), built.join('\n'));
    write('config/default/kustomization.yaml', 'resources: []\n');
    write('config/manager/kustomization.yaml', 'resources: [manager.yaml]\nimages:\n  - name: controller\n    newTag: latest\n');
    const alone = await findings();
    assert.ok(alone.some((f) => f.startsWith('MLK002 spec.selector: Missing required field')), alone.join('\n'));
    assert.ok(alone.some((f) => f.startsWith('MLK201')), 'a newTag of latest pins nothing');
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['--bogus'], ['--format', 'xml'], ['--format'], ['--failure-threshold', 'loud'], ['--min-severity', 'none']]) {
      const r = await lint(...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^mlc lint: /);
    }
    const help = await lint('--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /Usage: mlc lint/);
  });

  it('exits 2 on I/O problems but still reports the files it linted', async () => {
    write('Dockerfile', cudaLatest);
    const missing = await lint('--format', 'json', 'Dockerfile', 'nope');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope: no such file or directory/);
    assert.equal((JSON.parse(missing.out) as unknown[]).length, 1);

    write('empty/readme.md', 'hi\n');
    const none = await lint('empty');
    assert.equal(none.code, 2);
    assert.match(none.err, /no Dockerfile found/);

    write('bin/Dockerfile', Buffer.from([0x46, 0x52, 0x00, 0x01, 0xff]));
    const binary = await lint('bin');
    assert.equal(binary.code, 2);
    assert.match(binary.err, /bin\/Dockerfile: binary content/);
  });

  it('exits 2 on an invalid config, naming the problem', async () => {
    write('Dockerfile', cudaLatest);
    write('.mlc.yaml', 'rules:\n  MLD402: loud\n');
    const r = await lint();
    assert.equal(r.code, 2);
    assert.match(r.err, /invalid config \.mlc\.yaml: rules\.MLD402 must be one of/);
    const r2 = await lint('--config', 'missing.yaml');
    assert.equal(r2.code, 2);
    assert.match(r2.err, /invalid config missing\.yaml: no such file/);
  });

  it('lints a Dockerfile just under the size limit and a file with a 1 MB line without failing', async function () {
    this.timeout(120_000); // ~5 s of CPU; the shared test machine can be several times slower
    const line = 'RUN echo hello && ls -la /tmp\n';
    write('big/Dockerfile', `FROM nvidia/cuda:latest\nUSER 10001\n${line.repeat(Math.floor((maxDockerfileChars - 100) / line.length))}`);
    write('long/Dockerfile', `FROM python:3.11\nUSER 10001\nRUN echo ${'x'.repeat(1_000_000)}\n`);
    const r = await lint('--format', 'json', 'big', 'long');
    assert.equal(r.code, 1);
    assert.deepEqual((JSON.parse(r.out) as { file: string }[]).map((f) => f.file), ['big/Dockerfile']);
  });
});

describe('mlc lint timing (MLC_LINT_TIMING=1)', () => {
  const { write, lint } = useLintRepo('cli-timing');

  it('writes each phase once to stderr, and nothing of the kind without it', async () => {
    write('Dockerfile', cudaLatest);
    write('k8s/app.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n');
    const before = process.env.MLC_LINT_TIMING;
    process.env.MLC_LINT_TIMING = '1';
    let timed;
    try {
      timed = await lint('--format', 'json', '.');
    } finally {
      if (before === undefined) {
        delete process.env.MLC_LINT_TIMING;
      } else {
        process.env.MLC_LINT_TIMING = before;
      }
    }
    const phases = [...timed.err.matchAll(/^mlc lint: timing: (.+) \d+\.\d ms$/gm)].map((m) => m[1]);
    assert.deepEqual(phases, ['discovery', 'reading', 'configuration', 'per-file pass on this thread', 'cross-file pass', 'waiting for workers', 'report']);
    const plain = await lint('--format', 'json', '.');
    assert.equal(plain.out, timed.out);
    assert.doesNotMatch(plain.err, /timing/);
  });
});
