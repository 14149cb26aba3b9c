import * as assert from 'node:assert/strict';
import { lintManifest } from '../../../../src/core/lint/kubernetes/lint';

const pod = (namespace?: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: app${namespace === undefined ? '' : `\n  namespace: ${namespace}`}\nspec:\n  containers:\n    - name: app\n      image: registry.example/app:1.0\n`;
const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', subject: string, namespace?: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: reader${namespace === undefined ? '' : `\n  namespace: ${namespace}`}\nsubjects:\n  - ${subject}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: reader\n`;
const mlk120 = (...documents: string[]) => lintManifest(documents.join('---\n')).findings.filter((f) => f.ruleId === 'MLK120').length;

describe('MLK120 beside a binding that grants a role to a ServiceAccount of the pod\'s namespace', () => {
  it('stays quiet: the pod likely calls the API (under that account, or the default one by mistake)', () => {
    assert.equal(mlk120(pod('team'), binding('ClusterRoleBinding', '{kind: ServiceAccount, name: reader, namespace: team}')), 0);
    assert.equal(mlk120(binding('RoleBinding', '{kind: ServiceAccount, name: reader}', 'team'), pod('team')), 0, 'a subject without a namespace is in its RoleBinding\'s');
    assert.equal(mlk120(pod(), binding('RoleBinding', '{kind: ServiceAccount, name: reader}')), 0, 'namespaces left to kubectl -n match');
  });

  it('still reports where the binding is for another namespace, or for a user or group', () => {
    assert.equal(mlk120(pod('team'), binding('ClusterRoleBinding', '{kind: ServiceAccount, name: reader, namespace: other}')), 1);
    assert.equal(mlk120(pod('team'), binding('RoleBinding', '{kind: ServiceAccount, name: reader}', 'other')), 1);
    assert.equal(mlk120(pod('team'), binding('ClusterRoleBinding', '{kind: Group, name: readers, apiGroup: rbac.authorization.k8s.io}')), 1);
    assert.equal(mlk120(pod('team')), 1);
  });
});
