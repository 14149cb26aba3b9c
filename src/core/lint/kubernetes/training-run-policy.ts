import type { YAMLMap } from 'yaml';
import type { Range } from '../types';
import type { KubeObject } from './model';

/** Where a training CRD's run policy (backoffLimit, activeDeadlineSeconds, ttlSecondsAfterFinished, cleanPodPolicy) lives. */
export interface TrainingRunPolicy {
  /** The map holding the run policy's fields; undefined when absent. */
  fields?: YAMLMap;
  /** The key to report on: `spec.runPolicy`, or `spec` where the policy is inline. */
  anchor?: Range;
  /** How messages name a field's parent: Kubeflow's `runPolicy.backoffLimit`, KubeDL's `spec.backoffLimit`. */
  path: 'runPolicy' | 'spec';
}

/** KubeDL's training jobs (training.kubedl.io) inline their RunPolicy into spec. */
export function isKubeDlTrainingJob(obj: KubeObject): boolean {
  return obj.apiVersion?.startsWith('training.kubedl.io/') === true;
}

/** The run policy of a training CRD: Kubeflow's `spec.runPolicy`, KubeDL's `spec` itself. */
export function trainingRunPolicy(obj: KubeObject): TrainingRunPolicy {
  const view = obj.view;
  const inline = isKubeDlTrainingJob(obj);
  const path = inline ? ['spec'] : ['spec', 'runPolicy'];
  const fields = view.map(view.at(obj.root, path));
  const anchor = view.rangeOfKey(obj.root, path);
  return { ...(fields ? { fields } : {}), ...(anchor ? { anchor } : {}), path: inline ? 'spec' : 'runPolicy' };
}
