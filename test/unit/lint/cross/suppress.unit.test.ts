import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import type { WorkspaceFile, WorkspaceFs } from '../../../../src/core/lint/cross/types';

/** A fake disk holding only the context folder `app` with `app/src`. */
const disk: WorkspaceFs = {
  stat: (p) => (p === 'app' || p === 'app/src' ? 'dir' : undefined),
  list: (p) => (p === 'app' ? ['src'] : []),
  read: () => undefined,
};

const dockerfile = (pragma: string): WorkspaceFile => ({ path: 'app/Dockerfile', kind: 'dockerfile', text: `FROM python:3.12-slim\n${pragma}COPY srcc /src\nUSER 10001\n` });
const manifest: WorkspaceFile = {
  path: 'deploy/svc.yaml',
  kind: 'kubernetes',
  text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: a}\nspec:\n  containers: [{name: c, image: x}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: b} # mlc-ignore MLX006 -- pods from another chart\n',
};
const ids = (files: WorkspaceFile[], options: Parameters<typeof lintWorkspace>[1] = {}) => lintWorkspace(files, { fs: disk, ...options }).findings.map((f) => `${f.path}:${f.range.start.line} ${f.ruleId} ${f.severity}`);

describe('cross-file findings: suppressions and .mlc.yaml', () => {
  it('reports the finding on the file and line it belongs to', () => {
    assert.deepEqual(ids([dockerfile('')]), ['app/Dockerfile:2 MLX002 warning']);
  });

  it('honours # mlc-ignore above the Dockerfile instruction and trailing YAML pragmas on the finding line', () => {
    assert.deepEqual(ids([dockerfile('# mlc-ignore MLX002 -- created by CI\n'), manifest]), []);
  });

  it('--no-inline-ignores reports them again', () => {
    assert.deepEqual(ids([dockerfile('# mlc-ignore MLX002\n'), manifest], { noInlineIgnores: true }), ['app/Dockerfile:3 MLX002 warning', 'deploy/svc.yaml:14 MLX006 warning']);
  });

  it('applies rule severity overrides, path ignores and object ignores', () => {
    const config = emptyConfig();
    config.rules.MLX002 = { severity: 'error' };
    assert.deepEqual(ids([dockerfile('')], { config }), ['app/Dockerfile:2 MLX002 error']);
    config.ignore = [{ paths: ['app/**'], rules: ['MLX002'] }, { kind: 'Service', name: 's' }];
    assert.deepEqual(ids([dockerfile(''), manifest], { config, noInlineIgnores: true }), []);
    config.rules.MLX002 = { severity: 'off' };
    config.ignore = [];
    assert.deepEqual(ids([dockerfile('')], { config }), []);
  });

  it("honours another linter's annotation on the object the finding is in, and only there", () => {
    const service = (name: string, app: string, annotations: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  annotations: {${annotations}}\nspec:\n  selector: {app: ${app}}\n`;
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {app: a}\nspec:\n  containers: [{name: c, image: x}]\n';
    const file: WorkspaceFile = {
      path: 'deploy/svcs.yaml',
      kind: 'kubernetes',
      text: [pod, service('kept', 'b', 'note: x'), service('exempt', 'c', 'ignore-check.kube-linter.io/dangling-service: "pods from another chart"'), service('other-check', 'd', 'ignore-check.kube-linter.io/latest-tag: x')].join('---\n'),
    };
    assert.deepEqual(ids([file]), ['deploy/svcs.yaml:15 MLX006 warning', 'deploy/svcs.yaml:31 MLX006 warning']);
    const config = emptyConfig();
    config.foreignPragmas = false;
    assert.deepEqual(ids([file], { config }), ['deploy/svcs.yaml:15 MLX006 warning', 'deploy/svcs.yaml:23 MLX006 warning', 'deploy/svcs.yaml:31 MLX006 warning']);
  });
});
