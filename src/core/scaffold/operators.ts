import type { Framework, ScaffoldAnswers } from './types';

/** The ML operator resource that can replace the plain Kubernetes workload. */
export type OperatorVariant = 'kserve' | 'pytorchjob';

const pytorchFamily: readonly Framework[] = ['pytorch', 'transformers'];

/**
 * Which operator variant a combination offers: KServe InferenceService for inference, Kubeflow
 * PyTorchJob for one-off PyTorch training on GPU; none for scheduled retraining or notebooks.
 */
export function operatorVariantOffered(answers: Pick<ScaffoldAnswers, 'workload' | 'framework' | 'accelerator'>): OperatorVariant | undefined {
  if (answers.workload === 'inference') {
    return 'kserve';
  }
  if (answers.workload === 'training' && answers.accelerator === 'gpu' && pytorchFamily.includes(answers.framework)) {
    return 'pytorchjob';
  }
  return undefined;
}

export const operatorVariantLabels: Record<OperatorVariant, string> = {
  kserve: 'KServe InferenceService (instead of Deployment, Service, Ingress, HPA and PDB)',
  pytorchjob: 'Kubeflow PyTorchJob (instead of a Job)',
};
