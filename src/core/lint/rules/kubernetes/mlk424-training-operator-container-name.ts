import type { KubeObject } from '../../kubernetes/model';
import type { KubernetesRule } from '../../kubernetes/rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';

/**
 * The container name each Kubeflow training operator injects its environment into. Not MPIJob: the MPI
 * operators take a replica's first container, whatever its name (`mpi-launcher`, `nccl` in their own
 * examples).
 */
const expected = new Map([
  ['PyTorchJob', 'pytorch'],
  ['TFJob', 'tensorflow'],
  ['XGBoostJob', 'xgboost'],
  ['PaddleJob', 'paddle'],
  ['JAXJob', 'jax'],
]);

/** Where Katib names the container of a trial's job that it collects metrics from: an Experiment's trial template, a Trial's spec. */
const katibPrimaryContainer: Record<string, readonly string[]> = {
  Experiment: ['spec', 'trialTemplate', 'primaryContainerName'],
  Trial: ['spec', 'primaryContainerName'],
};

/** The range of the Katib primaryContainerName that names `container` in the object embedding `obj`, if one does. */
function katibPrimaryContainerRange(obj: KubeObject, container: string | undefined): Range | undefined {
  const host = obj.host;
  const path = host?.kind !== undefined && Object.hasOwn(katibPrimaryContainer, host.kind) ? katibPrimaryContainer[host.kind] : undefined;
  if (!host || !path || container === undefined) {
    return undefined;
  }
  const parent = host.view.at(host.root, path.slice(0, -1));
  const key = path[path.length - 1] as string;
  return host.view.text(parent, key) === container ? host.view.valueRange(parent, key) : undefined;
}

export const rule: KubernetesRule = {
  meta: {
    id: 'MLK424',
    name: 'training-operator-container-name',
    family: 'ml',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: true,
    equivalents: {},
    description: "A Kubeflow training job's replica template has no container with the name the operator looks for.",
  },
  check(ctx) {
    const out: RuleFinding[] = [];
    const obj = ctx.object;
    const name = obj?.kind !== undefined ? expected.get(obj.kind) : undefined;
    if (!obj || name === undefined) {
      return out;
    }
    const view = obj.view;
    for (const pod of obj.podSpecs) {
      const main = pod.containers.filter((c) => c.kind === 'containers');
      if (main.length === 0 || main.some((c) => c.name === name)) {
        continue;
      }
      const first = main[0];
      const nameRange = first ? view.valueRange(first.node, 'name') : undefined;
      // Katib then looks for the container by its new name too.
      const primaryRange = katibPrimaryContainerRange(obj, first?.name);
      const also = primaryRange ? ' (and Katib\'s primaryContainerName)' : '';
      const edits = nameRange ? [{ range: nameRange, newText: name }, ...(primaryRange ? [{ range: primaryRange, newText: name }] : [])] : [];
      out.push(
        finding(pod.anchor, `No container in the ${pod.role ?? ''} replica of this ${obj.kind ?? ''} is named "${name}", so the training operator rejects the job ("must have at least one container with name ${name}"; operators that do not validate it inject no distributed-training environment); name the training container "${name}"${also}.`, edits.length > 0 ? { title: `Rename the container to "${name}"`, edits } : undefined),
      );
    }
    return out;
  },
};
