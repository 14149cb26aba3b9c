import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import { workspaceModel } from '../../../../src/core/lint/cross/model';
import type { WorkspaceFs } from '../../../../src/core/lint/cross/types';
import { crossYamlKind, isCrossYamlFileName } from '../../../../src/core/lint/cross/yaml-file-kind';

const overlay = 'namespace: prod\nresources:\n- ../../base\n- ingress.yaml\n';
const header = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';

/** A disk holding `files` (and their folders). */
function diskOf(files: readonly string[]): WorkspaceFs {
  const dirs = new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  return {
    stat: (p) => (files.includes(p) ? 'file' : dirs.has(p) || p === '' ? 'dir' : undefined),
    list: (dir) => [...new Set(files.filter((f) => f.startsWith(dir === '' ? '' : `${dir}/`)).map((f) => f.slice(dir === '' ? 0 : dir.length + 1).split('/')[0] as string))],
    read: () => undefined,
  };
}

describe('the editor\'s cross-file pass reads a kustomization without apiVersion and kind (crossYamlKind)', () => {
  it('reads kustomization.yaml, kustomization.yml and Kustomization without a header as kustomizations, with one as before', () => {
    assert.equal(crossYamlKind('kustomization.yaml', overlay), 'kustomization');
    assert.equal(crossYamlKind('kustomization.yml', overlay), 'kustomization');
    assert.equal(crossYamlKind('Kustomization', overlay), 'kustomization');
    assert.equal(crossYamlKind('kustomization.yaml', `${header}${overlay}`), 'kubernetes');
    assert.equal(crossYamlKind('Kustomization', `${header}${overlay}`), 'kustomization');
  });

  it('reads other YAML by content, as before: values files and kustomize configurations are none of them', () => {
    assert.equal(crossYamlKind('values.yaml', 'replicaCount: 2\n'), undefined);
    assert.equal(crossYamlKind('kustomizeconfig.yaml', 'nameReference:\n- kind: Service\n'), undefined);
    assert.equal(crossYamlKind('deploy.yaml', 'apiVersion: v1\nkind: Service\n'), 'kubernetes');
    assert.equal(crossYamlKind('stack.yml', 'services:\n  web: {image: nginx}\n'), 'compose');
    assert.ok(isCrossYamlFileName('Kustomization') && isCrossYamlFileName('a.yml') && !isCrossYamlFileName('kustomization.json'));
  });

  it('puts a kustomization in yamlFiles only (no object), and MLX024 reports in it', () => {
    const files = [{ path: 'overlays/prod/kustomization.yaml', kind: 'kustomization' as const, text: overlay }];
    const fs = diskOf(['base/kustomization.yaml', 'base/deploy.yaml', 'overlays/prod/kustomization.yaml']);
    const ws = workspaceModel(files, emptyConfig(), fs);
    assert.deepEqual([...ws.yamlFiles.keys()], ['overlays/prod/kustomization.yaml']);
    assert.deepEqual(ws.objects, []);
    const found = lintWorkspace(files, { fs }).findings.map((f) => `${f.path}:${f.range.start.line} ${f.ruleId}`);
    assert.deepEqual(found, ['overlays/prod/kustomization.yaml:4 MLX024']);
  });
});
