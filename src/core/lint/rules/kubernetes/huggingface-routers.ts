import type { YamlView } from '../../yaml/access';
import type { ContainerRef } from '../../kubernetes/model';
import { envEntries } from './helpers';

/** Hugging Face's TGI and TEI images (and Google's builds of them): their Dockerfiles set PORT=80, which their routers listen on unless `--port` says otherwise. */
export const huggingFaceRouterImageRe = /text-(?:generation|embeddings)-inference/;

/**
 * The model TGI's and TEI's routers read from MODEL_ID when no `--model-id` names one (their flags fall back to the
 * variable), appended to the command line as that flag if it is a local path: Google's examples copy the model into a
 * volume and point MODEL_ID there, and such a path counts as the command's own.
 */
export function withModelIdVariable(view: YamlView, c: ContainerRef, repository: string, line: string): string {
  if (!huggingFaceRouterImageRe.test(repository) || /(?:^|\s)--model-id(?:=|\s)/.test(line)) {
    return line;
  }
  const model = envEntries(view, c.node).find((e) => e.name === 'MODEL_ID')?.value;
  return model?.startsWith('/') ? `${line} --model-id ${model}` : line;
}
