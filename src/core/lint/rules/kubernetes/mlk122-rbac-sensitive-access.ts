import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
import { finding } from './helpers';

const workloads = new Set(['pods', 'deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs', 'cronjobs', '*']);

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK122',
    name: 'rbac-sensitive-access',
    family: 'security',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['access-to-secrets', 'access-to-create-pods'], polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'] },
    description: 'A Role or ClusterRole grants read access to secrets, create on pods or workloads, or pods/exec and pods/attach.',
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    if (!obj || (obj.kind !== 'Role' && obj.kind !== 'ClusterRole') || ctx.cluster.exemptNamespaces.includes(obj.namespace ?? '')) {
      return out;
    }
    const view = obj.view;
    for (const r of view.list(view.get(obj.root, 'rules'))) {
      const verbs = view.list(view.get(r, 'verbs')).map((n) => view.str(n) ?? '');
      // resourceNames already limits the rule to the named Secrets, which is what the message asks for.
      const named = view.list(view.get(r, 'resourceNames')).length > 0;
      for (const item of view.list(view.get(r, 'resources'))) {
        const res = view.str(item) ?? '';
        const range = view.range(item);
        if (!range) {
          continue;
        }
        const reads = verbs.some((v) => v === 'get' || v === 'list' || v === 'watch' || v === '*');
        const creates = verbs.some((v) => v === 'create' || v === '*');
        if (res === 'secrets' && reads) {
          if (named) {
            continue;
          }
          out.push(finding(range, `This ${obj.kind} can read Secrets (${verbs.join(', ')}); grant access to named Secrets (resourceNames) or mount them instead.`));
        } else if (res === 'pods/exec' || res === 'pods/attach') {
          out.push(finding(range, `This ${obj.kind} allows ${res}, i.e. running commands in any pod it can see; remove it unless an operator needs it.`));
        } else if (creates && workloads.has(res) && res !== '*') {
          out.push(finding(range, `This ${obj.kind} can create ${res}, which lets it run any image with any ServiceAccount in the namespace; make sure that is intended.`));
        }
      }
    }
    return out;
  },
};
