import { kindAppliedTogether } from '../../cross/kind-applied-with';
import { appliedWithRemoteBase, hasKindIn, helmChartMayMake, objectAppliedTogether, objectNamed } from '../../cross/kube';
import type { CrossFinding, CrossRule } from '../../cross/rule';

/** `$K8S_SA_NAME`, `${SERVICE_ACCOUNT_NAME}`, `<your-sa>`: a template placeholder (envsubst, docs), never a real name. */
const placeholder = /[$<{]/;

export const rule: CrossRule = {
  meta: {
    id: 'MLX015',
    name: 'service-account-missing',
    family: 'correctness',
    severity: 'info',
    enabledByDefault: true,
    fixable: false,
    ml: false,
    equivalents: { kubeLinter: ['non-existent-service-account'] },
    description: 'A pod serviceAccountName is not found in scope.',
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const entry of ws.objects) {
      const view = entry.obj.view;
      // A remote kustomize base applied with it may hold the ServiceAccount.
      if (!hasKindIn(ws, 'ServiceAccount', entry.namespace) || appliedWithRemoteBase(ws, entry)) {
        continue;
      }
      for (const pod of entry.obj.podSpecs) {
        const key = view.get(pod.spec, 'serviceAccountName') !== undefined ? 'serviceAccountName' : 'serviceAccount';
        const name = view.text(pod.spec, key);
        const range = view.valueRange(pod.spec, key);
        if (name === undefined || name === 'default' || !range || placeholder.test(name) || objectNamed(ws, 'ServiceAccount', entry.namespace, name) || objectAppliedTogether(ws, entry, 'ServiceAccount', name) || helmChartMayMake(ws, entry.namespace, name)) {
          continue;
        }
        // Trap T22's evidence: ServiceAccounts applied with the pod (its folder tree, or a kustomize build with its bases).
        if (!kindAppliedTogether(ws, entry, 'ServiceAccount')) {
          continue;
        }
        out.push({ path: entry.path, range, object: entry.obj, message: `ServiceAccount "${name}" is not in namespace ${entry.namespace} in scope, though other ServiceAccounts applied with it are; add it or fix the name.` });
      }
    }
    return out;
  },
};
