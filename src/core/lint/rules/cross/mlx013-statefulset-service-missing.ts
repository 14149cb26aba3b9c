import { manifestsAppliedTogether } from '../../cross/applied-together';
import { kindAppliedTogether } from '../../cross/kind-applied-with';
import { appliedWithRemoteBase, hasKindIn, labelsOf, objectAppliedTogether, objectNamed, objectsOfKind, replacedField } from '../../cross/kube';
import type { ObjectEntry, WorkspaceModel } from '../../cross/model';
import { dirOf } from '../../cross/paths';
import type { CrossFinding, CrossRule } from '../../cross/rule';
import { appendDocument, flowLabels } from '../../cross/yaml-stub';

function folderInside(dir: string, outer: string): boolean {
  return dir === outer || outer === '' || dir.startsWith(`${outer}/`);
}

/**
 * Whether the Service found by name is the StatefulSet's: applied with it, or in its folder tree when a kustomization
 * builds only one of them (`kubectl apply -f` beside a build that moved the Service's namespace). A namesake of an
 * unrelated folder is another app's.
 */
function serviceAppliedWith(ws: WorkspaceModel, sts: ObjectEntry, svc: ObjectEntry): boolean {
  const [stsDir, svcDir] = [dirOf(sts.path), dirOf(svc.path)];
  return manifestsAppliedTogether(ws, sts.path, svc.path) || folderInside(stsDir, svcDir) || folderInside(svcDir, stsDir);
}

export const rule: CrossRule = {
  meta: {
    id: 'MLX013',
    name: 'statefulset-service-missing',
    family: 'correctness',
    severity: 'warning',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { kubeScore: ['statefulset-has-servicename'] },
    description: "A StatefulSet's serviceName is not a headless Service (clusterIP: None) in scope.",
  },
  check(ws) {
    const out: CrossFinding[] = [];
    for (const sts of objectsOfKind(ws, 'StatefulSet')) {
      const view = sts.obj.view;
      const name = view.text(view.get(sts.obj.root, 'spec'), 'serviceName');
      const range = view.rangeOfValue(sts.obj.root, ['spec', 'serviceName']);
      if (name === undefined || name === '' || !range || !hasKindIn(ws, 'Service', sts.namespace) || replacedField(sts, 'spec.serviceName')) {
        continue;
      }
      const svc = objectNamed(ws, 'Service', sts.namespace, name, sts) ?? objectAppliedTogether(ws, sts, 'Service', name);
      const headless = svc && svc.obj.view.text(svc.obj.view.get(svc.obj.root, 'spec'), 'clusterIP') === 'None';
      // A Service of a remote kustomize base applied with it is not in scope.
      if (headless || (!svc && appliedWithRemoteBase(ws, sts))) {
        continue;
      }
      // Trap T22's evidence: Services applied with the StatefulSet (its folder tree, or a kustomize build with its bases).
      if (svc ? !serviceAppliedWith(ws, sts, svc) : !kindAppliedTogether(ws, sts, 'Service')) {
        continue;
      }
      const labels = labelsOf(view, view.at(sts.obj.root, ['spec', 'template', 'metadata', 'labels']));
      const namespace = sts.obj.namespace !== undefined ? `\n  namespace: ${JSON.stringify(sts.obj.namespace)}` : '';
      const stub = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${JSON.stringify(name)}${namespace}\nspec:\n  clusterIP: None\n  selector: ${flowLabels(labels)}\n`;
      out.push({
        path: sts.path,
        range,
        object: sts.obj,
        message: svc
          ? `serviceName "${name}" is a Service with a cluster IP; a StatefulSet needs a headless Service (clusterIP: None) for stable pod DNS names. Make it headless or add a headless one.`
          : `serviceName "${name}" is not a Service in namespace ${sts.namespace} in scope; add a headless Service (clusterIP: None) with that name.`,
        ...(svc ? { related: { file: svc.path, range: svc.obj.anchor, message: 'the Service that is not headless' } } : {}),
        ...(!svc && labels.size > 0 ? { fix: { title: `Add a headless Service "${name}"`, edits: [appendDocument(sts.file, stub)] } } : {}),
      });
    }
    return out;
  },
};
