import * as assert from 'node:assert/strict';
import { useLintRepo } from './support/lint-repo';

/** A base Deployment that leaves its selector and image tag to the overlay (`commonLabels`, `images:`). */
const base = {
  'base/kustomization.yaml': 'resources: [deploy.yaml]\n',
  'base/deploy.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web}',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: example/web',
    '',
  ].join('\n'),
};
const overlay = 'resources: [../../base]\nnamespace: prod\ncommonLabels: {app: web}\nimages: [{name: example/web, newTag: "1.2.3"}]\n';

describe('mlc lint on Kustomize layouts', () => {
  const { write, lint } = useLintRepo('kustomize');
  const selectorOrTag = async (...args: string[]) => {
    const r = await lint('--format', 'json', ...args);
    return (JSON.parse(r.out) as { ruleId: string; message: string }[]).filter((f) => (f.ruleId === 'MLK002' && f.message.includes('selector')) || f.ruleId === 'MLK201').map((f) => f.ruleId);
  };

  it('reads an overlay beside the base when only the base (or one of its files) is linted, as the editor does', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    write('overlays/prod/kustomization.yaml', overlay);
    assert.deepEqual(await selectorOrTag('base'), []);
    assert.deepEqual(await selectorOrTag('base/deploy.yaml'), []);
    assert.deepEqual(await selectorOrTag('.'), []);
  });

  it('reads a kustomization named Kustomization (no extension), as kustomize does', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    write('overlays/prod/Kustomization', overlay);
    assert.deepEqual(await selectorOrTag('.'), []);
  });

  it('finds each base\'s overlay when many files are named (a pre-commit hook), as when one is', async () => {
    const files: string[] = [];
    for (let i = 1; i <= 12; i++) {
      Object.entries(base).forEach(([p, t]) => write(`apps/app${i}/${p}`, t));
      write(`apps/app${i}/overlays/prod/kustomization.yaml`, overlay);
      files.push(`apps/app${i}/base/deploy.yaml`);
    }
    assert.deepEqual(await selectorOrTag(...files), []);
  });

  it('a folder whose name starts with two dots (..deploy) is inside the repository', async () => {
    Object.entries(base).forEach(([p, t]) => write(`..deploy/${p}`, t));
    write('..deploy/overlays/prod/kustomization.yaml', overlay);
    assert.deepEqual(await selectorOrTag('..deploy/base'), []);
  });

  it('without an overlay, the base is what gets applied: its missing selector and floating tag are reported', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    assert.deepEqual((await selectorOrTag('.')).sort(), ['MLK002', 'MLK201']);
  });
});

describe('mlc lint: MLK201 under a kustomization that renames the image (images: newName)', () => {
  const { write, lint } = useLintRepo('kustomize-rename');
  const mlk201 = async () => (JSON.parse((await lint('--format', 'json', '.')).out) as { ruleId: string; message: string }[]).filter((f) => f.ruleId === 'MLK201').map((f) => f.message);
  const withImage = (image: string) => ({ ...base, 'base/deploy.yaml': base['base/deploy.yaml'].replace('image: example/web', `image: ${image}`) });
  const overlayWith = (images: string) => `resources: [../../base]\nimages:\n${images}`;

  it('names the image the kustomization deploys instead, with the tag the manifest keeps, and says where to pin it', async () => {
    Object.entries(withImage('example/web:latest')).forEach(([p, t]) => write(p, t));
    write('overlays/prod/kustomization.yaml', overlayWith('  - {name: example/web, newName: registry.example/team/web}\n'));
    assert.deepEqual(await mlk201(), ['container "web" uses the floating tag "latest" (a kustomization renames it to "registry.example/team/web:latest"), so each node may run a different image; pin a version tag with newTag in the kustomization\'s images: entry (and ideally a @sha256 digest).']);
  });

  it('an untagged image renamed with newTag latest is deployed as that; overlays that rename it differently are all named', async () => {
    Object.entries(base).forEach(([p, t]) => write(p, t));
    write('overlays/prod/kustomization.yaml', overlayWith('  - {name: example/web, newName: registry.example/prod/web, newTag: latest}\n'));
    write('overlays/dev/kustomization.yaml', overlayWith('  - {name: example/web, newName: "registry.example:5000/web"}\n'));
    assert.deepEqual(await mlk201(), ['container "web" pulls "example/web" (a kustomization renames it to "registry.example/prod/web:latest" or "registry.example:5000/web") without a tag, which means :latest and changes under you; pin a version tag with newTag in the kustomization\'s images: entry (and ideally a @sha256 digest).']);
  });

  it('a base that renames the image and an overlay that pins the new name (or a newTag beside newName): nothing floats', async () => {
    Object.entries(withImage('controller:latest')).forEach(([p, t]) => write(p, t));
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\nimages:\n  - {name: controller, newName: registry.example/team/controller}\n');
    write('overlays/prod/kustomization.yaml', overlayWith('  - {name: registry.example/team/controller, newTag: v1.4.0}\n'));
    assert.deepEqual(await mlk201(), []);
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\nimages:\n  - {name: controller, newName: registry.example/team/controller, newTag: v1.4.0}\n');
    write('overlays/prod/kustomization.yaml', 'resources: [../../base]\n');
    assert.deepEqual(await mlk201(), []);
  });

  it('a rename of another image, or none, leaves the message as it was', async () => {
    Object.entries(withImage('example/web:latest')).forEach(([p, t]) => write(p, t));
    write('overlays/prod/kustomization.yaml', overlayWith('  - {name: example/webhook, newName: registry.example/team/webhook}\n'));
    assert.deepEqual(await mlk201(), ['container "web" uses the floating tag "latest", so each node may run a different image; pin a version tag (and ideally a @sha256 digest).']);
  });
});

describe('mlc lint: HorizontalPodAutoscalers in other files', () => {
  const { write, lint } = useLintRepo('hpa');
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: serving}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: "example/api:1.0"}]\n';
  const hpa = (namespace: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: api, namespace: ${namespace}}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  minReplicas: 2\n  maxReplicas: 6\n`;
  const mlk306 = async () => (JSON.parse((await lint('--format', 'json', '--min-severity', 'info', '.')).out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLK306').length;

  it('a Deployment an HPA in hpa.yaml scales is not told to run more replicas (MLK306)', async () => {
    write('k8s/deployment.yaml', deployment);
    assert.equal(await mlk306(), 1, 'no HPA: one replica is reported');
    write('k8s/hpa.yaml', hpa('serving'));
    assert.equal(await mlk306(), 0);
  });

  it('an HPA in another namespace scales another Deployment', async () => {
    write('k8s/deployment.yaml', deployment);
    write('k8s/hpa.yaml', hpa('staging'));
    assert.equal(await mlk306(), 1);
  });

  it('an HPA without a namespace scales the Deployment of its own folder only; with one, any file\'s', async () => {
    const noNamespace = (text: string) => text.replace(', namespace: serving}', '}');
    write('a/deployment.yaml', noNamespace(deployment));
    write('b/deployment.yaml', noNamespace(deployment));
    write('b/hpa.yaml', noNamespace(hpa('serving')));
    assert.equal(await mlk306(), 1, 'a/deployment.yaml is not the one b/hpa.yaml scales');
    write('b/hpa.yaml', hpa('serving'));
    write('a/deployment.yaml', deployment);
    assert.equal(await mlk306(), 1, 'b/deployment.yaml has no namespace: the serving HPA is not its');
    write('b/deployment.yaml', deployment);
    assert.equal(await mlk306(), 0, 'both in namespace serving: the HPA in b/ scales the one named api, wherever it is');
  });

  it('an HPA without a namespace scales a Deployment in another folder that the same kustomization applies', async () => {
    write('k8s/kustomization.yaml', 'resources: [deploy/deployment.yaml, autoscale/hpa.yaml]\n');
    write('k8s/deploy/deployment.yaml', deployment.replace(', namespace: serving}', '}'));
    write('k8s/autoscale/hpa.yaml', hpa('serving').replace(', namespace: serving}', '}'));
    assert.equal(await mlk306(), 0);
  });
});
