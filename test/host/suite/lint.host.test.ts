import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitFor, writeUntil } from '../support/wait';

const develDockerfile = 'FROM nvidia/cuda:12.4.1-devel-ubuntu22.04\nRUN pip install --no-cache-dir torch==2.4.0\nCMD ["python", "-u", "serve.py"]\n';

function ours(uri: vscode.Uri, ruleId: string): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => d.source === 'mlc' && typeof d.code === 'object' && d.code.value === ruleId);
}

describe('Dockerfile linting in the editor', function () {
  this.timeout(60_000);
  let dir: string;
  let uri: vscode.Uri;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-lint-'));
    const file = path.join(dir, 'Dockerfile');
    fs.writeFileSync(file, develDockerfile);
    uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports the CUDA devel base in the final stage at the image reference, linked to the rule docs', async () => {
    const diagnostic = await waitFor('an MLD401 diagnostic', () => ours(uri, 'MLD401'));
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character], [0, 5, 0, 41]);
    assert.match(diagnostic.message, /runtime/);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.match(code.target.toString(), /MLD401/);
  });

  it('offers "suppress for this instruction", which inserts # mlc-ignore and clears the diagnostic', async () => {
    const diagnostic = await waitFor('an MLD401 diagnostic', () => ours(uri, 'MLD401'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const suppress = actions.find((a) => a.title === 'Suppress MLD401 for this instruction');
    assert.ok(suppress?.edit, `no suppress action among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(0).text, '# mlc-ignore MLD401');
    await waitFor('MLD401 to disappear after the suppression', () => (ours(uri, 'MLD401') ? undefined : true));
    assert.ok(ours(uri, 'MLD104'), 'other rules still report on the same instruction');
  });
});

describe('A manifest named as a template (deploy.yaml.tpl), in the editor', function () {
  this.timeout(60_000);
  let dir: string;
  let uri: vscode.Uri;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-template-'));
    const file = path.join(dir, 'deploy.yaml.tpl');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${NAME}\nspec:\n  containers:\n    - name: api\n      image: nginx:${TAG}\n      env:\n        - name: TOKEN\n          value: $HF_TOKEN\n');
    uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gets the manifest rules though the editor opens it as plain text, and no shell-variable warning (MLK429)', async () => {
    const diagnostic = await waitFor('an MLK302 diagnostic', () => ours(uri, 'MLK302'));
    assert.equal(diagnostic.range.start.line, 6);
    assert.equal(ours(uri, 'MLK429'), undefined, 'a template\'s shell variables are filled in when it is rendered');
  });
});

describe('Kustomize patch files in the editor', function () {
  this.timeout(60_000);
  let dir: string;
  const patchText = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  replicas: "3"\n  template:\n    spec:\n      containers:\n        - name: api\n          env: [{name: MODE, value: prod}]\n';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-kustomize-'));
    fs.mkdirSync(path.join(dir, 'overlay', 'patches'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'overlay', 'kustomization.yaml'), 'resources: [../base]\npatches:\n  - path: patches/api.yaml\n');
    fs.writeFileSync(path.join(dir, 'overlay', 'patches', 'api.yaml'), patchText);
    fs.writeFileSync(path.join(dir, 'other', 'api.yaml'), patchText);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const schemaCodes = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => typeof d.code === 'string' && d.code.startsWith('schema/')).map((d) => d.code as string);

  it('the same text outside a kustomization gets required-field and container findings', async () => {
    const uri = vscode.Uri.file(path.join(dir, 'other', 'api.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor('MLK301 on the whole object', () => ours(uri, 'MLK301'));
    await waitFor('a required-field schema finding', () => (schemaCodes(uri).includes('schema/required') ? true : undefined));
  });

  it('a patch the kustomization names keeps type checks but gets no required-field or container findings', async () => {
    const uri = vscode.Uri.file(path.join(dir, 'overlay', 'patches', 'api.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor('the type finding on replicas', () => (schemaCodes(uri).includes('schema/type') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.deepEqual(schemaCodes(uri), ['schema/type']);
    assert.equal(ours(uri, 'MLK301'), undefined);
  });
});

describe('Operators\' pod templates in the editor', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-operator-'));
    fs.writeFileSync(path.join(dir, 'notebook.yaml'), [
      'apiVersion: kubeflow.org/v1', 'kind: Notebook', 'metadata: {name: nb}', 'spec:', '  template:', '    spec:', '      containers:',
      '        - name: nb', '          image: registry.example/jupyter-pytorch-cuda:v1.9.0', '          imagePullPolicy: ifNotPresent',
      '          resources: {limits: {nvidia.com/gpu: 1, memory: 16Gi}, requests: {cpu: "2", memory: 16Gi}}', '',
    ].join('\n'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a Kubeflow Notebook gets the GPU rules on its container and the pod schema on its template', async () => {
    const uri = vscode.Uri.file(path.join(dir, 'notebook.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const shm = await waitFor('MLK405 on the GPU notebook container', () => ours(uri, 'MLK405'));
    assert.equal(shm.range.start.line, 7);
    const pullPolicy = await waitFor('the imagePullPolicy enum finding', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'schema/enum'));
    assert.equal(pullPolicy.range.start.line, 9);
    assert.match(pullPolicy.message, /IfNotPresent/);
  });
});

describe('Compose files that read other files, in the editor', function () {
  this.timeout(90_000);
  let dir: string;
  let uri: vscode.Uri;
  // Tensor parallelism over two GPUs: the vLLM workers need more than the 64 MB /dev/shm (on one GPU MLC405 is silent).
  const main = 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.6.2\n    command: ["--model", "mistralai/Mistral-7B-Instruct-v0.3", "--tensor-parallel-size", "2"]\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              count: 2\n              capabilities: [gpu]\n';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-compose-'));
    const file = path.join(dir, 'compose.yaml');
    fs.writeFileSync(file, main);
    uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lints the main file again when its override file appears, changes and goes away on disk', async () => {
    await waitFor('MLC405 on the GPU service', () => ours(uri, 'MLC405'));
    const override = path.join(dir, 'compose.override.yaml');
    const setsShm = () => fs.writeFileSync(override, 'services:\n  vllm:\n    shm_size: 16gb\n');
    await writeUntil('MLC405 to go once the override sets shm_size', setsShm, () => !ours(uri, 'MLC405'));
    await writeUntil('MLC405 back when the override no longer sets it', () => fs.writeFileSync(override, 'services:\n  vllm:\n    ipc: private\n'), () => !!ours(uri, 'MLC405'));
    await writeUntil('MLC405 gone again', setsShm, () => !ours(uri, 'MLC405'));
    await writeUntil('MLC405 back once the override is deleted', () => fs.rmSync(override, { force: true }), () => !!ours(uri, 'MLC405'));
  });

  it('lints a file again when the .env beside it sets, changes or drops the variable its image reads (MLC201)', async () => {
    const project = path.join(dir, 'env-project');
    fs.mkdirSync(project);
    const file = path.join(project, 'compose.yaml');
    fs.writeFileSync(file, 'services:\n  api:\n    image: vllm/vllm-openai:${VLLM_TAG:-v0.6.2}\n    ports: ["127.0.0.1:8000:8000"]\n');
    const reads = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(reads));
    await waitFor('MLC409 on the serving service (the file is linted)', () => ours(reads, 'MLC409'));
    assert.equal(ours(reads, 'MLC201'), undefined, 'the default tag is pinned');
    const env = path.join(project, '.env');
    await writeUntil('MLC201 once .env sets VLLM_TAG=latest', () => fs.writeFileSync(env, 'VLLM_TAG=latest\n'), () => /VLLM_TAG from \.env/.test(ours(reads, 'MLC201')?.message ?? ''));
    await writeUntil('MLC201 gone when .env pins a version', () => fs.writeFileSync(env, 'VLLM_TAG=v0.6.3\n'), () => !ours(reads, 'MLC201'));
    await writeUntil('MLC201 back when .env floats it again', () => fs.writeFileSync(env, '# local\nVLLM_TAG="latest"\n'), () => !!ours(reads, 'MLC201'));
    await writeUntil('MLC201 gone once .env is deleted (the default is pinned)', () => fs.rmSync(env, { force: true }), () => !ours(reads, 'MLC201'));
  });
});

// A Kueue setup (flavor, ClusterQueue, LocalQueue) and a GPU Job queued on it, for the tests of files beside the one edited.
const kueueFlavor = (tolerations: string) => `apiVersion: kueue.x-k8s.io/v1beta1\nkind: ResourceFlavor\nmetadata:\n  name: gpu-flavor\nspec:\n  nodeLabels: {nvidia.com/gpu.present: "true"}\n${tolerations}`;
const tolerates = '  tolerations:\n    - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}\n';
const kueueQueues = 'apiVersion: kueue.x-k8s.io/v1beta1\nkind: ClusterQueue\nmetadata:\n  name: gpu-cq\nspec:\n  resourceGroups:\n    - coveredResources: ["nvidia.com/gpu"]\n      flavors: [{name: gpu-flavor, resources: [{name: nvidia.com/gpu, nominalQuota: 8}]}]\n---\napiVersion: kueue.x-k8s.io/v1beta1\nkind: LocalQueue\nmetadata:\n  name: gpu-queue\n  namespace: team-a\nspec:\n  clusterQueue: gpu-cq\n';
const kueueJob = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\n  namespace: team-a\n  labels:\n    kueue.x-k8s.io/queue-name: gpu-queue\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: train\n          image: registry.example/train:1.0.0\n          resources: {limits: {nvidia.com/gpu: 1}}\n';

describe('Files beside the one being edited that change its findings, in the editor', function () {
  this.timeout(90_000);
  let dir: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-host-beside-'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a Dockerfile built by a bake target may name its named contexts in FROM and COPY --from (MLD201, MLD011 silent)', async () => {
    const docker = path.join(dir, 'docker', 'trt');
    fs.mkdirSync(docker, { recursive: true });
    fs.writeFileSync(path.join(docker, 'trt.hcl'), 'target "trt" {\n  dockerfile = "Dockerfile"\n  contexts = { wheels = "target:wheels", rootfs = "target:rootfs" }\n}\n');
    const other = path.join(docker, 'Dockerfile.dev');
    const text = 'FROM wheels AS trt-wheels\nRUN echo built\nFROM debian:12-slim\nCOPY --from=rootfs / /\nCOPY --from=trt-wheels /wheels /wheels\n';
    fs.writeFileSync(path.join(docker, 'Dockerfile'), text);
    fs.writeFileSync(other, text);
    // The same text in a file no bake target builds: both names are reported there.
    const unbaked = vscode.Uri.file(other);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(unbaked));
    await waitFor('MLD011 on the Dockerfile no bake target builds', () => ours(unbaked, 'MLD011'));
    assert.ok(ours(unbaked, 'MLD201'), 'FROM wheels is an untagged image there');
    const baked = vscode.Uri.file(path.join(docker, 'Dockerfile'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(baked));
    await waitFor('the baked Dockerfile linted (MLD104 on its final stage)', () => ours(baked, 'MLD104'));
    assert.equal(ours(baked, 'MLD011'), undefined);
    assert.equal(ours(baked, 'MLD201'), undefined);
    // The bake file goes away: the Dockerfile is linted again without its named contexts (each try writes it back and
    // deletes it again, until the editor has seen a deletion).
    const bake = path.join(docker, 'trt.hcl');
    const bakeText = fs.readFileSync(bake, 'utf8');
    await writeUntil(
      'MLD011 once the bake file is deleted',
      () => {
        fs.writeFileSync(bake, bakeText);
        fs.rmSync(bake, { force: true });
      },
      () => !!ours(baked, 'MLD011'),
    );
  });

  it('a Job queued on Kueue gets the tolerations of the flavor set up elsewhere in the workspace (MLK409), read again after the flavor changes', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the host tier opens a workspace folder');
    const base = fs.mkdtempSync(path.join(root, 'kueue-'));
    try {
      fs.mkdirSync(path.join(base, 'setup'));
      fs.mkdirSync(path.join(base, 'jobs'));
      const flavorFile = path.join(base, 'setup', 'flavor.yaml');
      fs.writeFileSync(flavorFile, kueueFlavor(tolerates));
      fs.writeFileSync(path.join(base, 'setup', 'queues.yaml'), kueueQueues);
      const job = path.join(base, 'jobs', 'train.yaml');
      fs.writeFileSync(job, kueueJob);
      const uri = vscode.Uri.file(job);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitFor('the queued Job linted (MLK414: no deadline)', () => ours(uri, 'MLK414'));
      assert.equal(ours(uri, 'MLK409'), undefined, 'the flavor tolerates nvidia.com/gpu');
      // The flavor loses its toleration; an edit of the Job lints it again, with the flavor read afresh.
      fs.writeFileSync(flavorFile, kueueFlavor(''));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n')));
      await waitFor('MLK409 once the flavor tolerates nothing', () => ours(uri, 'MLK409'));
      assert.ok(await editor.document.save());
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('a Job queued on Kueue is linted again when flavor and queue files are written or deleted on disk (MLK409)', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the host tier opens a workspace folder');
    const base = fs.mkdtempSync(path.join(root, 'kueue-disk-'));
    try {
      const flavorFile = path.join(base, 'flavor.yaml');
      const queuesFile = path.join(base, 'queues.yaml');
      const job = path.join(base, 'train.yaml');
      fs.writeFileSync(job, kueueJob);
      const uri = vscode.Uri.file(job);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitFor('the queued Job linted (MLK409: no flavor tolerates the GPU taint yet)', () => ours(uri, 'MLK409'));
      // The setup appears on disk beside it (written again until the editor's watcher has seen the new folder).
      await writeUntil(
        'MLK409 gone once a flavor that tolerates nvidia.com/gpu and its queues are written',
        () => {
          fs.writeFileSync(flavorFile, kueueFlavor(tolerates));
          fs.writeFileSync(queuesFile, kueueQueues);
        },
        () => !!ours(uri, 'MLK414') && !ours(uri, 'MLK409'),
      );
      await writeUntil('MLK409 once the flavor on disk tolerates nothing', () => fs.writeFileSync(flavorFile, kueueFlavor('')), () => !!ours(uri, 'MLK409'));
      await writeUntil('MLK409 gone once the flavor tolerates the GPU taint again', () => fs.writeFileSync(flavorFile, kueueFlavor(tolerates)), () => !ours(uri, 'MLK409'));
      await writeUntil('MLK409 once the flavor file is deleted', () => fs.rmSync(flavorFile, { force: true }), () => !!ours(uri, 'MLK409'));
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('an InferenceService is linted again when the ServingRuntime it names is written on disk in another file (MLK405)', async () => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the host tier opens a workspace folder');
    const base = fs.mkdtempSync(path.join(root, 'runtimes-'));
    try {
      const runtime = (volume: string) => `apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: vllm-cuda-runtime\nspec:\n  supportedModelFormats: [{name: vLLM}]\n  containers:\n    - name: kserve-container\n      image: registry.example/vllm:0.8.5\n      volumeMounts: [{name: shm, mountPath: /dev/shm}]\n  volumes:\n    - name: shm\n      ${volume}\n`;
      const runtimeFile = path.join(base, 'vllm-runtime.yaml');
      const isvc = path.join(base, 'granite.yaml');
      fs.writeFileSync(isvc, 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: granite\nspec:\n  predictor:\n    model:\n      runtime: vllm-cuda-runtime\n      modelFormat: {name: vLLM}\n      storageUri: pvc://models/granite\n      resources: {limits: {nvidia.com/gpu: "1"}}\n');
      const uri = vscode.Uri.file(isvc);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitFor('MLK405 on the InferenceService (no runtime in sight)', () => ours(uri, 'MLK405'));
      await writeUntil('MLK405 gone once the runtime mounting a memory-backed /dev/shm is written', () => fs.writeFileSync(runtimeFile, runtime('emptyDir: {medium: Memory, sizeLimit: 2Gi}')), () => !ours(uri, 'MLK405'));
      await writeUntil('MLK405 back once the runtime\'s /dev/shm is on disk', () => fs.writeFileSync(runtimeFile, runtime('emptyDir: {}')), () => !!ours(uri, 'MLK405'));
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('a Compose variant file may depend on the main file\'s services (MLC009), and is linted again when the main file changes', async () => {
    const main = path.join(dir, 'docker-compose.yml');
    fs.writeFileSync(main, 'services:\n  redis:\n    image: redis:7.2-alpine\n');
    const variant = path.join(dir, 'docker-compose.gpu.yml');
    fs.writeFileSync(variant, 'services:\n  worker:\n    image: acme/worker:1\n    depends_on: [redis]\n');
    const uri = vscode.Uri.file(variant);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await writeUntil('MLC009 once the main file no longer defines redis', () => fs.writeFileSync(main, 'services:\n  cache:\n    image: redis:7.2-alpine\n'), () => !!ours(uri, 'MLC009'));
    await writeUntil('MLC009 gone once it defines redis again', () => fs.writeFileSync(main, 'services:\n  redis:\n    image: redis:7.2-alpine\n'), () => !ours(uri, 'MLC009'));
  });
});
