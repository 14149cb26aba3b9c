import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK121',
    name: 'rbac-wildcard-or-cluster-admin',
    family: 'security',
    severity: 'warning',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['wildcard-in-rules', 'cluster-admin-role-binding'], polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole'] },
    description: 'A Role or ClusterRole rule uses a wildcard, or a binding grants cluster-admin.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj) {
      return out;
    }
    const view = obj.view;
    if (obj.kind === 'Role' || obj.kind === 'ClusterRole') {
      for (const r of view.list(view.get(obj.root, 'rules'))) {
        for (const field of ['verbs', 'resources', 'apiGroups']) {
          for (const item of view.list(view.get(r, field))) {
            const range = view.range(item);
            if (view.str(item) === '*' && range) {
              out.push(finding(range, `This ${obj.kind} grants "*" in ${field}, which also covers whatever is added later; list the ${field} the workload needs.`));
            }
          }
        }
      }
    }
    if (obj.kind === 'RoleBinding' || obj.kind === 'ClusterRoleBinding') {
      const nameNode = view.at(obj.root, ['roleRef', 'name']);
      const range = view.range(nameNode);
      if (view.str(nameNode) === 'cluster-admin' && range) {
        out.push(finding(range, `This ${obj.kind} grants cluster-admin; bind a role with only the permissions the subjects need.`));
      }
    }
    return out;
  },
};
