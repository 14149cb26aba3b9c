import * as assert from 'node:assert/strict';
import { emptyConfig } from '../../../../src/core/lint/config';
import { lintWorkspace } from '../../../../src/core/lint/cross/lint';
import type { WorkspaceFile, WorkspaceFs } from '../../../../src/core/lint/cross/types';
import { crossRules } from '../../../../src/core/lint/rules/cross';

/** An in-memory workspace: every directory lists many entries, every read returns text. */
const noisyFs: WorkspaceFs = {
  stat: (p) => (p.endsWith('.txt') ? 'file' : 'dir'),
  list: () => Array.from({ length: 50 }, (_, k) => (k % 2 === 0 ? `d${k}` : `f${k}.txt`)),
  read: (p) => (p.endsWith('.dockerignore') ? '[\n!\n**\n!**/x\n' : undefined),
};

function allOn() {
  const config = emptyConfig();
  for (const r of crossRules) {
    config.rules[r.meta.id] = { severity: 'on' };
  }
  config.images = { 'registry.example/a/b': 'Dockerfile', 'bad ref!!': '../../outside' };
  config.cluster.driverFloor = 'not-a-number';
  return config;
}

describe('cross-file pass on hostile input', () => {
  it('never throws on garbage, binary-ish, templated and mis-typed files, and reports no internal errors', () => {
    const files: WorkspaceFile[] = [
      { path: 'Dockerfile', kind: 'dockerfile', text: 'FROM\nCOPY\nCOPY --from= a\nCOPY . \nUSER\nHEALTHCHECK\nEXPOSE abc\n' },
      { path: 'bin/Dockerfile', kind: 'dockerfile', text: 'FROM x\0y\n' },
      { path: 'compose.yaml', kind: 'compose', text: 'services:\n  a:\n    build: {context: [1, 2], target: {x: 1}, dockerfile: 3}\n    env_file: [{path: 7}, null, {}]\n  b: 5\n  c:\n    build: ../../..\n' },
      { path: 'k8s.yaml', kind: 'kubernetes', text: '---\n- just\n- a list\n---\napiVersion: v1\nkind: Service\nspec: {selector: [1], ports: 5}\n---\nkind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: 3, metrics: {a: 1}}\n---\n{{ .Values.x }}\n---\nkind: Deployment\nspec: {replicas: many, template: {metadata: {labels: [a]}, spec: {containers: {x: 1}, volumes: 2}}}\n' },
      { path: 'broken.yaml', kind: 'kubernetes', text: 'a: [\n  b: {\n' },
      { path: 'empty.yaml', kind: 'compose', text: '' },
    ];
    const withFs = lintWorkspace(files, { config: allOn(), fs: noisyFs });
    assert.deepEqual(withFs.problems, []);
    const withoutFs = lintWorkspace(files, { config: allOn() });
    assert.deepEqual(withoutFs.problems, []);
    for (const f of [...withFs.findings, ...withoutFs.findings]) {
      assert.ok(f.range.start.line >= 1 && f.range.start.column >= 1, `${f.ruleId} at a real position`);
    }
  });

  it('returns nothing for an empty workspace', () => {
    assert.deepEqual(lintWorkspace([], { fs: noisyFs }), { findings: [], problems: [] });
  });
});
