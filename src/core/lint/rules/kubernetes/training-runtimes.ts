import { documentObject } from '../../kubernetes/document-object';
import { isAcceleratorResource } from '../../kubernetes/gpu';
import type { KubeObject } from '../../kubernetes/model';
import { apiGroupOf } from '../../kubernetes/operator-pods';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { YamlFile } from '../../yaml/parse';

const trainerGroup = 'trainer.kubeflow.org';

/** A Kubeflow Trainer TrainingRuntime or ClusterTrainingRuntime. */
function isTrainingRuntime(obj: KubeObject): boolean {
  return (obj.kind === 'TrainingRuntime' || obj.kind === 'ClusterTrainingRuntime') && apiGroupOf(obj.apiVersion) === trainerGroup;
}

const kept = Symbol('trainJobs');
type FileWithTrainJobs = YamlFile & { [kept]?: readonly KubeObject[] };

/** The file's TrainJobs. Read once per file. */
function fileTrainJobs(file: YamlFile): readonly KubeObject[] {
  const known = (file as FileWithTrainJobs)[kept];
  if (known !== undefined) {
    return known;
  }
  const jobs: KubeObject[] = [];
  for (const document of file.text.includes('TrainJob') ? file.documents : []) {
    const obj = document.skipped === undefined ? documentObject(file, document) : undefined;
    if (obj?.kind === 'TrainJob' && apiGroupOf(obj.apiVersion) === trainerGroup) {
      jobs.push(obj);
    }
  }
  (file as FileWithTrainJobs)[kept] = jobs;
  return jobs;
}

/** The TrainJob names the runtime in its `runtimeRef` (kind ClusterTrainingRuntime unless it says otherwise). */
function names(job: KubeObject, runtime: KubeObject): boolean {
  const view = job.view;
  const ref = view.at(job.root, ['spec', 'runtimeRef']);
  if (view.text(ref, 'name') !== runtime.name || (view.text(ref, 'kind') ?? 'ClusterTrainingRuntime') !== runtime.kind) {
    return false;
  }
  return runtime.kind === 'ClusterTrainingRuntime' || job.namespace === undefined || runtime.namespace === undefined || job.namespace === runtime.namespace;
}

/** The TrainJobs of the runtime's file that run on it; undefined for any other object, or when none there does. */
export function trainJobsOf(runtime: KubeObject): readonly KubeObject[] | undefined {
  if (!isTrainingRuntime(runtime)) {
    return undefined;
  }
  const jobs = fileTrainJobs(runtime.view.file).filter((job) => names(job, runtime));
  return jobs.length > 0 ? jobs : undefined;
}

/** The TrainJob's `trainer.resourcesPerNode` (the `node` container's resources) names an accelerator. */
export function trainJobRequestsAccelerator(job: KubeObject, cluster: ClusterProfile): boolean {
  const view = job.view;
  const resources = view.at(job.root, ['spec', 'trainer', 'resourcesPerNode']);
  return ['limits', 'requests'].some((section) => (view.map(view.get(resources, section))?.items ?? []).some((item) => isAcceleratorResource(view.str(item.key) ?? '', cluster)));
}
