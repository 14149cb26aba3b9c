import { shellScriptArgument } from '../../dockerfile/exec-always-succeeds';
import type { ContainerRef, KubeObject, PodSpecRef } from '../../kubernetes/model';
import type { KubernetesContext } from '../../kubernetes/rule';
import { mountedScript } from './mounted-scripts';
import { scriptFlow } from './script-flow';
import { afterLastSlash } from '../../after-last-slash';

/** A shell script a container runs: the script of its `sh -c`, or a file it runs from a ConfigMap of the same file. */
export interface ContainerScript {
  text: string;
  /** The file's path, for a script read from a ConfigMap. */
  path?: string;
}

const runners = new Set(['sh', 'bash', 'source', '.', 'exec']);
const unquote = (word: string): string => word.replace(/^["']+|["';]+$/g, '');

/** Paths the inline script runs before it sends anything to the background, outside any branch or loop: `/scripts/run.sh`, `bash /scripts/run.sh`. */
function pathsRun(script: string): string[] {
  const flow = scriptFlow(script);
  const out: string[] = [];
  flow.words.forEach((w, k) => {
    const previous = flow.words[k - 1];
    const runsIt = w.command || (previous?.command === true && runners.has(afterLastSlash(previous.text)));
    const path = unquote(w.text);
    if (runsIt && path.startsWith('/') && w.blocks.length === 0 && w.index < flow.firstBackground) {
      out.push(path);
    }
  });
  return out;
}

/** The scripts the container runs (see ContainerScript): its `sh -c` script first, then the files it or its arguments name. */
export function containerScripts(ctx: KubernetesContext, obj: KubeObject, pod: PodSpecRef, c: ContainerRef): ContainerScript[] {
  const view = obj.view;
  const argv = [...view.list(view.get(c.node, 'command')), ...view.list(view.get(c.node, 'args'))].map((item) => view.str(item) ?? '');
  const shell = shellScriptArgument(argv);
  const inline = shell === undefined ? undefined : (argv[shell.at] as string);
  const paths = inline === undefined ? argv.filter((a) => a.startsWith('/')) : pathsRun(inline);
  const out: ContainerScript[] = inline === undefined ? [] : [{ text: inline }];
  for (const path of paths) {
    const text = mountedScript(ctx, obj, pod, c.node, path);
    if (text !== undefined) {
      out.push({ text, path });
    }
  }
  return out;
}
