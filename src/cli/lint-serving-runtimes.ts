import { mayDeclareServingRuntimes, mayNameServingRuntime, shmServingRuntimes } from '../core/lint/rules/kubernetes/serving-runtimes';
import type { YamlFile } from '../core/lint/yaml/parse';
import type { LintJob } from './lint-file';
import { parsedOnce } from './parsed-once';

/**
 * KServe ServingRuntimes often live in files of their own (`runtimes/vllm.yaml`) apart from the InferenceServices that
 * name them: every file of the run is read for runtimes whose containers mount a memory-backed /dev/shm, and each
 * Kubernetes job with an InferenceService naming a runtime learns them (MLK405: the controller merges the volume in).
 */
export function shareServingRuntimes(slots: readonly { file: string; job?: LintJob }[], parsedYaml: Map<string, YamlFile>): void {
  const names = new Set<string>();
  for (const s of slots) {
    if (s.job?.kind === 'kubernetes' && mayDeclareServingRuntimes(s.job.text)) {
      shmServingRuntimes(parsedOnce(parsedYaml, s.file, s.job.text)).forEach((name) => names.add(name));
    }
  }
  if (names.size === 0) {
    return;
  }
  for (const s of slots) {
    if (s.job?.kind === 'kubernetes' && mayNameServingRuntime(s.job.text)) {
      s.job.shmRuntimes = names;
    }
  }
}
