import type { Node } from 'yaml';
import type { ComposeContext } from '../../compose/rule';
import type { ComposeService } from '../../compose/model';
import { mergedGet } from '../../compose/model';
import { environmentEntries, shellWords } from '../../compose/gpu-programs';
import { needsMoreGpus, serverGpuMismatch, serverGpuShortfallMessage, serverIdleGpusMessage } from '../../server-gpu-mismatch';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { wordRange } from '../../yaml/word-range';
import { finding, gpuCount, serviceRepository, services } from './helpers';

/** A command word and the `entrypoint` or `command` node it comes from (a list item, or the whole string). */
export interface CommandWord {
  word: string;
  node: Node;
}

/** The service's entrypoint and command as words (list items split as a shell would, `sh -c` scripts included), each with its node. */
export function commandWords(view: YamlView, s: ComposeService): CommandWord[] {
  const out: CommandWord[] = [];
  for (const key of ['entrypoint', 'command']) {
    const node = mergedGet(view, s, key);
    for (const part of view.seq(node) ? view.items(node) : node !== undefined ? [node] : []) {
      for (const word of shellWords(view.str(part) ?? '')) {
        out.push({ word, node: part });
      }
    }
  }
  return out;
}

/** The node is the service's own (not from an override or another file it extends), so a range in this file can point into it. */
function ownNode(view: YamlView, s: ComposeService, node: Node): boolean {
  const own = [view.get(s.node, 'entrypoint'), view.get(s.node, 'command')];
  return own.some((n) => n === node || view.items(n).includes(node));
}

/** Where the service's own file asks for its GPUs: a reservation's `count` or `device_ids`, else `gpus:`. */
function gpuRequestRange(view: YamlView, s: ComposeService) {
  for (const device of view.items(view.at(s.node, ['deploy', 'resources', 'reservations', 'devices']))) {
    const range = view.valueRange(device, 'count') ?? view.valueRange(device, 'device_ids');
    if (range !== undefined) {
      return range;
    }
  }
  return view.keyRange(s.node, 'gpus');
}

/**
 * The findings for services whose vLLM, SGLang, TGI or LMDeploy server uses another number of GPUs than the service
 * gets: those that need more (`shortfall`: MLC415) or those that leave some idle (MLC414). One reading for both rules,
 * so their exemptions stay the same; each finding stands at the first parallel size written, else the GPU request.
 */
export function serverGpuFindings(ctx: ComposeContext, shortfall: boolean): RuleFinding[] {
  const view = ctx.view;
  const out: RuleFinding[] = [];
  for (const s of services(ctx)) {
    // Another part of a fragment may set the command or the GPUs.
    if (s.fragment || s.extendsUnread) {
      continue;
    }
    const given = gpuCount(view, s);
    if (typeof given !== 'number' || given < 1) {
      continue;
    }
    const words = commandWords(view, s);
    const env = environmentEntries(view, s);
    const envHidden = mergedGet(view, s, 'env_file') !== undefined;
    const entrypointKept = mergedGet(view, s, 'entrypoint') === undefined;
    const mismatch = serverGpuMismatch(serviceRepository(view, s), words.map((w) => w.word), entrypointKept, env, envHidden, given);
    if (mismatch === undefined || needsMoreGpus(mismatch) !== shortfall) {
      continue;
    }
    const at = mismatch.at?.word !== undefined ? words[mismatch.at.word] : undefined;
    const range = at !== undefined && ownNode(view, s, at.node) ? wordRange(view.file, at.node, at.word.split('=')[0] as string) : undefined;
    const message = shortfall ? serverGpuShortfallMessage : serverIdleGpusMessage;
    out.push(finding(range ?? gpuRequestRange(view, s) ?? s.anchor, message(mismatch, `Service "${s.name}"`, 'its GPU reservation')));
  }
  return out;
}
