import * as assert from 'node:assert/strict';
import type { WorkspaceFinding } from '../../../../src/core/lint/cross/lint';
import { kustomizationPaths } from '../../../../src/core/lint/cross/kustomization-paths';
import { workspaceModel } from '../../../../src/core/lint/cross/model';
import type { WorkspaceFs } from '../../../../src/core/lint/cross/types';
import { emptyConfig } from '../../../../src/core/lint/config';
import { rule } from '../../../../src/core/lint/rules/cross/mlx024-kustomization-resource-missing';
import { viewOf } from '../../../../src/core/lint/yaml/access';
import { parseYaml } from '../../../../src/core/lint/yaml/parse';
import { lintTree } from './lint-tree';

const header = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: launcher
spec:
  selector:
    matchLabels: {app: launcher}
  template:
    metadata:
      labels: {app: launcher}
    spec:
      containers:
        - name: launcher
          image: python:3.12-slim
`;

function mlx024(tree: Record<string, string>): WorkspaceFinding[] {
  return lintTree(tree).filter((f) => f.ruleId === 'MLX024');
}

function where(f: WorkspaceFinding): string {
  return `${f.path}@${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`;
}

/** The paths (and what kustomize needs there) a kustomization text names. */
function pathsOf(text: string): string[] {
  const file = parseYaml(text);
  const view = viewOf(file, file.documents[0] as (typeof file.documents)[number]);
  return kustomizationPaths(view, view.root as NonNullable<typeof view.root>).map((r) => `${r.field}: ${r.prefix}|${r.path} (${r.needs})`);
}

describe('MLX024 kustomization-resource-missing', () => {
  it('flags the launcher kustomization that lists an absent service.yaml (llm-d-fast-model-actuation)', () => {
    const [finding, ...rest] = mlx024({
      'inference_server/launcher/kustomization.yaml': `${header}configMapGenerator:\n- name: launcher-code\n  files:\n  - launcher.py\n  - requirements.txt\nresources:\n- deployment.yaml\n- service.yaml  # optional\n`,
      'inference_server/launcher/deployment.yaml': deployment,
      'inference_server/launcher/launcher.py': 'print("launch")\n',
      'inference_server/launcher/requirements.txt': 'requests\n',
      'inference_server/launcher/pvc.yaml': 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: cache\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 10Gi\n',
    });
    assert.equal(rest.length, 0);
    assert.ok(finding);
    assert.equal(where(finding), 'inference_server/launcher/kustomization.yaml@10:3-10:15');
    assert.equal(finding.severity, 'error');
    assert.equal(finding.fix, undefined);
    assert.equal(
      finding.message,
      'resources entry "service.yaml" does not exist (inference_server/launcher/service.yaml in the workspace), so `kustomize build` fails; fix the path, create it, or remove the entry (list it in .mlc.yaml generatedPaths if a build step creates it).',
    );
  });

  it('names the near file and fixes the entry to it, keeping a files entry\'s key', () => {
    const findings = mlx024({
      'app/kustomization.yaml': `${header}resources:\n  - deployment.yml\nconfigMapGenerator:\n  - name: serving\n    files:\n      - config.json=serving.jsn\n`,
      'app/deployment.yaml': deployment,
      'app/serving.json': '{}\n',
    });
    assert.deepEqual(findings.map((f) => [where(f), f.message.replace(/^.*; /, ''), f.fix?.edits.map((e) => e.newText)]), [
      ['app/kustomization.yaml@4:5-4:19', 'did you mean deployment.yaml?', ['deployment.yaml']],
      ['app/kustomization.yaml@8:9-8:32', 'did you mean serving.json?', ['config.json=serving.json']],
    ]);
  });

  it('points to the sample beside a missing env or secret file the project ships', () => {
    const [finding, ...rest] = mlx024({
      'deploy/kustomization.yaml': `${header}secretGenerator:\n  - name: hf-token\n    envs:\n      - secrets/hf.env\n`,
      'deploy/secrets/hf.env.example': 'HF_TOKEN=\n',
    });
    assert.equal(rest.length, 0);
    assert.equal(
      finding?.message,
      'secretGenerator "hf-token" envs entry "secrets/hf.env" does not exist (deploy/secrets/hf.env in the workspace), so `kustomize build` fails; create it from the project\'s sample (cp secrets/hf.env.example secrets/hf.env in the kustomization\'s folder), or remove the entry.',
    );
  });

  it('flags a base or component folder without a kustomization, and accepts kustomization.yml and Kustomization', () => {
    const findings = mlx024({
      'overlays/prod/kustomization.yaml': `${header}resources:\n  - ../../manifests\n  - ../../alt\nbases:\n  - ../../legacy\ncomponents:\n  - ../../components/gpu\n`,
      'manifests/deployment.yaml': deployment,
      'alt/kustomization.yml': 'resources: [deployment.yaml]\n',
      'alt/deployment.yaml': deployment,
      'legacy/Kustomization': 'resources: [deployment.yaml]\n',
      'legacy/deployment.yaml': deployment,
      'components/gpu/patch.yaml': deployment,
    });
    assert.deepEqual(findings.map(where), ['overlays/prod/kustomization.yaml@4:5-4:20', 'overlays/prod/kustomization.yaml@9:5-9:25']);
    assert.match(findings[0]?.message ?? '', /^resources entry "\.\.\/\.\.\/manifests" is a folder with no kustomization\.yaml, kustomization\.yml or Kustomization \(manifests in the workspace\), so `kustomize build` fails; add a kustomization\.yaml listing its manifests there, or list the manifests here one by one\.$/);
    assert.match(findings[1]?.message ?? '', /add a kustomization\.yaml of kind Component there\.$/);
  });

  it('flags a glob: kustomize reads it as one file name', () => {
    const [finding, ...rest] = mlx024({
      'deploy/kustomization.yaml': `${header}resources:\n  - ../manifests/*.yaml\n`,
      'manifests/deployment.yaml': deployment,
    });
    assert.equal(rest.length, 0);
    assert.match(finding?.message ?? '', /^resources entry "\.\.\/manifests\/\*\.yaml" is a glob, which kustomize reads as one file name \(it does not expand globs\), so `kustomize build` fails; list the files it should match one by one \(`kustomize edit add resource '\.\.\/manifests\/\*\.yaml'` writes them\)\.$/);
  });

  it('leaves remote, templated, absolute and out-of-workspace paths, inline patches and generated paths alone', () => {
    const findings = mlx024({
      '.mlc.yaml': 'generatedPaths:\n  - config/crd/bases/**\n',
      'config/crd/kustomization.yaml': `${header}resources:\n  - bases/serving.example.com_models.yaml\n`,
      'remote/kustomization.yaml': `${header}resources:
  - https://raw.githubusercontent.com/org/repo/v1/install.yaml
  - github.com/kubeflow/training-operator/manifests/overlays/standalone?ref=v1.8.1
  - git@github.com:org/serving.git//deploy/base
  - git::https://example.com/org/repo//deploy
  - gitlab.com/org/platform/deploy
  - oci://ghcr.io/org/manifests:v1
  - \${OVERLAY_DIR}/gpu.yaml
  - /etc/manifests/gpu.yaml
  - ../../../outside/base
patches:
  - patch: |-
      - op: replace
        path: /spec/replicas
        value: 2
    target:
      kind: Deployment
patchesStrategicMerge:
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: launcher
configMapGenerator:
  - name: serving
    files:
      - https://example.com/defaults.json
      - =missing-key.json
      - key=a=b.json
`,
    });
    assert.deepEqual(findings.map(where), []);
  });

  it('reads only kustomization files of kustomize: not a Flux Kustomization, not a file of another name, not several documents', () => {
    const findings = mlx024({
      'flux/kustomization.yaml': 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\nresources:\n  - missing.yaml\n',
      'other/kustomize-notes.yaml': `${header}resources:\n  - missing.yaml\n`,
      'multi/kustomization.yaml': `${header}resources:\n  - missing.yaml\n---\n${header}resources: []\n`,
    });
    assert.deepEqual(findings.map(where), []);
  });

  it('reads the paths of every field kustomize loads, splitting files entries at the first =', () => {
    const text = `${header}resources: [a.yaml]
bases: [../base]
components: [../gpu]
patches:
  - path: p.yaml
  - patch: "{}"
patchesStrategicMerge: [smp.yaml]
patchesJson6902:
  - path: ops.yaml
configMapGenerator:
  - name: cm
    files: [k=f.txt, g.txt]
    envs: [a.env]
    env: b.env
secretGenerator:
  - name: s
    files: [s.txt]
crds: [crd.json]
openapi:
  path: schema.json
replacements:
  - path: r.yaml
configurations: [conf.yaml]
`;
    assert.deepEqual(pathsOf(text), [
      'resources entry: |a.yaml (file-or-kustomization)',
      'bases entry: |../base (file-or-kustomization)',
      'components entry: |../gpu (kustomization)',
      'patchesStrategicMerge entry: |smp.yaml (file)',
      'patches path: |p.yaml (file)',
      'patchesJson6902 path: |ops.yaml (file)',
      'replacements path: |r.yaml (file)',
      'configMapGenerator "cm" files entry: k=|f.txt (file)',
      'configMapGenerator "cm" files entry: |g.txt (file)',
      'configMapGenerator "cm" envs entry: |a.env (file)',
      'configMapGenerator "cm" env: |b.env (file)',
      'secretGenerator "s" files entry: |s.txt (file)',
      'crds entry: |crd.json (file)',
      'configurations entry: |conf.yaml (file)',
      'openapi.path: |schema.json (file)',
    ]);
  });

  it('asks the disk nothing when the workspace has no kustomization', () => {
    let asked = 0;
    const fs: WorkspaceFs = {
      stat: () => (asked++, undefined),
      list: () => (asked++, []),
      read: () => (asked++, undefined),
    };
    const ws = workspaceModel([{ path: 'deploy/deployment.yaml', kind: 'kubernetes', text: deployment }], emptyConfig(), fs);
    asked = 0;
    assert.deepEqual(rule.check(ws), []);
    assert.equal(asked, 0);
  });
});
