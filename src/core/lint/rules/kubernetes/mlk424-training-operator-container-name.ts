import type { KubernetesRule } from '../../kubernetes/rule';
import type { RuleFinding } from '../../types';
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
      out.push(
        finding(pod.anchor, `No container in the ${pod.role ?? ''} replica of this ${obj.kind ?? ''} is named "${name}", so the operator cannot inject its distributed-training environment; name the training container "${name}".`, nameRange ? { title: `Rename the container to "${name}"`, edits: [{ range: nameRange, newText: name }] } : undefined),
      );
    }
    return out;
  },
};
