import type { Node } from 'yaml';
import { commandWords, containerStartsServer } from '../../kubernetes/gpu';
import type { YamlView } from '../../yaml/access';
import { mounts } from './helpers';
import { afterLastSlash } from '../../after-last-slash';

/** `--model-path <value>`: SGLang's model flag, also taken by Dynamo's SGLang and TensorRT-LLM workers. */
const modelPathFlag = /(?:^|\s)--model[-_]path(?:=|\s+)["']?([^\s"';&|]+)/;

/** A Hugging Face repository id (`Qwen/Qwen3-0.6B`): two names, each starting with a letter or digit (not `./models`). */
const hubRepoIdRe = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Dynamo's backend workers: `python3 -m dynamo.sglang`, `dynamo.trtllm`, `dynamo.vllm`. */
const dynamoWorkerRe = /^dynamo\.(?:sglang|trtllm|vllm)(?:\.|$)/;

/**
 * The value may be a relative path to one of the container's volumes: it lies under a mount once resolved against the
 * container's workingDir, or starts with the directory a mount ends in (`models/llama` beside a volume at `/models`).
 */
function mayBeMountedPath(view: YamlView, container: Node, value: string): boolean {
  const first = value.slice(0, value.indexOf('/'));
  const workingDir = view.text(container, 'workingDir');
  const resolved = workingDir?.startsWith('/') ? `${workingDir.replace(/\/+$/, '')}/${value}` : undefined;
  return mounts(view, container).some((m) => {
    const mountPath = (m.mountPath ?? '').replace(/\/+$/, '');
    if (mountPath === '') {
      return false;
    }
    return afterLastSlash(mountPath) === first || (resolved !== undefined && resolved.startsWith(`${mountPath}/`));
  });
}

/**
 * A model server pulls its model from the Hugging Face hub by `--model-path org/name`: SGLang (`python -m
 * sglang.launch_server`, `sglang serve`) and Dynamo's workers read the flag as a local folder or a hub repository id.
 * Not for a value that may be a path on one of the container's volumes, nor for other programs' `--model-path`.
 */
export function modelPathNamesHubModel(view: YamlView, container: Node, line: string): boolean {
  if (!line.includes('--model')) {
    return false;
  }
  const value = modelPathFlag.exec(line)?.[1];
  if (value === undefined || !hubRepoIdRe.test(value)) {
    return false;
  }
  const words = commandWords(view, container);
  return (containerStartsServer(view, container) || words.some((w) => dynamoWorkerRe.test(w))) && !mayBeMountedPath(view, container, value);
}

/** A server's model value names a Hugging Face repository: a repository id that is no relative path to one of the container's volumes. */
export function namesHubRepository(view: YamlView, container: Node, value: string): boolean {
  return hubRepoIdRe.test(value) && !mayBeMountedPath(view, container, value);
}
