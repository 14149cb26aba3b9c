import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { emptyConfig, settingsFromConfig } from '../../../../src/core/lint/config';
import { setsContainerImage } from '../../../../src/core/lint/kubernetes/kustomize-image-fields';
import { kubeObject } from '../../../../src/core/lint/kubernetes/model';
import type { KubernetesContext } from '../../../../src/core/lint/kubernetes/rule';
import type { KustomizeTarget } from '../../../../src/core/lint/kubernetes/kustomize';
import { rule as mlk201 } from '../../../../src/core/lint/rules/kubernetes/mlk201-image-tag-floating';
import { YamlView } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { fileKustomizeFacts, kustomizeBuildOf, kustomizeLayout } from '../../../../src/infra/lint/kustomize-layout';
import { useLintRepo } from '../support/lint-repo';

/** A base Deployment whose image floats, as a base whose image an overlay's replacement sets is written. */
const deployment = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: web}', 'spec:', '  selector: {matchLabels: {app: web}}', '  template:', '    metadata: {labels: {app: web}}', '    spec:', '      containers: [{name: web, image: "example/web:latest"}]', ''].join('\n');
const replacement = (select: string, fieldPath: string) => `replacements:\n  - source: {kind: ConfigMap, name: build, fieldPath: data.image}\n    targets:\n      - select: ${select}\n        fieldPaths: ['${fieldPath}']\n`;

describe('setsContainerImage: the replacement field paths that write a container image', () => {
  for (const path of ['spec.template.spec.containers.*.image', 'spec.template.spec.containers.[name=web].image', 'spec.template.spec.containers.[name=my.app].image', 'spec.template.spec.initContainers.0.image', 'spec.jobTemplate.spec.template.spec.containers.0.image', 'spec.template.spec.containers']) {
    it(path, () => assert.equal(setsContainerImage({ replaced: [path] }), true));
  }
  for (const path of ['spec.replicas', 'spec.template.spec.containers.[name=web].env.0.value', 'spec.template.spec.containers.0.imagePullPolicy', 'spec.template.metadata.labels.[app.kubernetes.io/version]', 'metadata.annotations.image']) {
    it(`near miss: ${path}`, () => assert.equal(setsContainerImage({ replaced: [path] }), false));
  }
});

describe('kustomizeLayout: the objects whose images a replacement writes, by the names the files give them', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlc-s26-images-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  const at = (rel: string) => path.join(root, rel);
  const withOverlay = (baseKustomization: string, overlay: string) => {
    write('base/deploy.yaml', deployment);
    write('base/kustomization.yaml', `${baseKustomization}resources: [deploy.yaml]\n`);
    write('overlays/prod/kustomization.yaml', `resources: [../../base]\n${overlay}`);
  };

  it('an inline replacement of containers.[name=web].image reaches the base\'s file (and its KustomizeBuild)', async () => {
    withOverlay('', replacement('{kind: Deployment, name: web}', 'spec.template.spec.containers.[name=web].image'));
    const layout = await kustomizeLayout([at('overlays/prod')]);
    assert.deepEqual(layout.imagesReplaced.get(at('base/deploy.yaml')), [{ kind: 'Deployment', name: 'web' }]);
    assert.deepEqual(kustomizeBuildOf(layout, at('base/deploy.yaml'))?.imagesReplaced, [{ kind: 'Deployment', name: 'web' }]);
    assert.deepEqual(layout.replicasSet.get(at('base/deploy.yaml')), undefined, 'it sets no replicas');
  });

  it('a replacements file, selecting the name the base\'s namePrefix gave it (kf-web)', async () => {
    withOverlay('namePrefix: kf-\n', 'replacements:\n  - path: images.yaml\n');
    write('overlays/prod/images.yaml', 'source: {kind: ConfigMap, name: build, fieldPath: data.image}\ntargets:\n  - select: {kind: Deployment, name: kf-web}\n    fieldPaths: [spec.template.spec.containers.*.image]\n');
    assert.deepEqual((await fileKustomizeFacts(at('base/deploy.yaml'), root)).imagesReplaced, [{ kind: 'Deployment', name: 'kf-web' }, { kind: 'Deployment', name: 'web' }]);
  });

  it('near miss: a replacement writing an env value, and a patch setting the image, are not read as image replacements', async () => {
    withOverlay('', `${replacement('{kind: Deployment, name: web}', 'spec.template.spec.containers.[name=web].env.0.value')}patches:\n  - path: image.yaml\n`);
    write('overlays/prod/image.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: web, image: "example/web:2.0"}]\n');
    assert.equal((await kustomizeLayout([at('overlays/prod')])).imagesReplaced.get(at('base/deploy.yaml')), undefined);
  });
});

describe('MLK201 leaves an object whose container images a kustomization replaces', () => {
  const check = (imagesReplaced: readonly KustomizeTarget[] | undefined) => {
    const file = parseYaml(deployment);
    const document = file.documents[0];
    assert.ok(document);
    const view = new YamlView(file, document);
    const object = kubeObject(view);
    assert.ok(object);
    const config = emptyConfig();
    const ctx: KubernetesContext = { file, document, view, object, settings: settingsFromConfig(config), cluster: config.cluster, scaledByHpa: () => false, kustomizeBuild: { selectors: false, images: new Set(), renames: [], replicas: [], ...(imagesReplaced ? { imagesReplaced } : {}) } };
    return mlk201.check(ctx).length;
  };

  it('a replacement selecting the Deployment by kind and name, or by kind alone', () => {
    assert.equal(check([{ kind: 'Deployment', name: 'web' }]), 0);
    assert.equal(check([{ kind: 'Deployment' }]), 0);
  });

  it('near miss: one selecting another Deployment, or a StatefulSet of that name, or none', () => {
    assert.equal(check([{ kind: 'Deployment', name: 'api' }]), 1);
    assert.equal(check([{ kind: 'StatefulSet', name: 'web' }]), 1);
    assert.equal(check(undefined), 1);
  });
});

describe('mlc lint: MLK201 under an overlay that sets the image', () => {
  const { write, lint } = useLintRepo('kustomize-s26-images');
  const mlk201Count = async () => (JSON.parse((await lint('--format', 'json', '--min-severity', 'info', '.')).out) as { ruleId: string }[]).filter((f) => f.ruleId === 'MLK201').length;
  const withOverlay = (overlay: string) => {
    write('base/deploy.yaml', deployment);
    write('base/kustomization.yaml', 'resources: [deploy.yaml]\n');
    write('overlays/prod/kustomization.yaml', `resources: [../../base]\n${overlay}`);
  };

  it('an images: entry that pins the image', async () => {
    withOverlay('images:\n  - {name: example/web, newTag: "2.0"}\n');
    assert.equal(await mlk201Count(), 0);
  });

  it('near miss: an images: entry for another image', async () => {
    withOverlay('images:\n  - {name: example/api, newTag: "2.0"}\n');
    assert.equal(await mlk201Count(), 1);
  });

  // Needs lint.ts to carry KustomizeBuild.imagesReplaced into the rule context (see the layout tests above).
  it('a replacement that writes the Deployment\'s container image', async () => {
    withOverlay(replacement('{kind: Deployment, name: web}', 'spec.template.spec.containers.[name=web].image'));
    assert.equal(await mlk201Count(), 0);
  });
});
