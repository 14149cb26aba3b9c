import type { Node } from 'yaml';
import type { YamlView } from '../../yaml/access';
import { derivation } from '../../yaml/access';

/**
 * The flag of a serving command that moves where it downloads weights: vLLM's and SGLang's `--download-dir`, TGI's
 * `--huggingface-hub-cache`. An absolute path only (a variable or relative path says nothing about the volume).
 */
const downloadDirFlag = /(?:^|\s)--(?:download[-_]dir|huggingface-hub-cache)(?:=|\s+)["']?(\/[^\s"';&|]*)/;

/** See downloadDirOf: several rules ask about each container. */
const downloadDirs = derivation((view, container: Node): string | undefined => {
  // Most containers name neither flag: no command line is joined for them.
  if (!namesFlag(view, view.get(container, 'command')) && !namesFlag(view, view.get(container, 'args'))) {
    return undefined;
  }
  const words = ['command', 'args'].flatMap((key) => view.list(view.get(container, key)).map((n) => view.str(n) ?? ''));
  const path = downloadDirFlag.exec(words.join(' '))?.[1]?.replace(/\/+$/, '');
  return path === '' ? undefined : path;
});

/** Where the container's command downloads its model instead of the Hugging Face cache, without a trailing slash. */
export function downloadDirOf(view: YamlView, container: Node): string | undefined {
  return view.derive(downloadDirs, container);
}

function namesFlag(view: YamlView, list: unknown): boolean {
  for (const item of view.list(list)) {
    const word = view.str(item);
    if (word !== undefined && (word.includes('--download') || word.includes('--huggingface-hub-cache'))) {
      return true;
    }
  }
  return false;
}
