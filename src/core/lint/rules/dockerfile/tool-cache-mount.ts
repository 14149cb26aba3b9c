import type { Instruction } from '../../dockerfile/model';
import { effective } from '../../dockerfile/semantic';
import type { CacheTool } from './cache-mounts';

/** A cache mount the RUN made for one tool's cache: its folder, and whether it names an owner (`uid=`). */
export interface ToolCacheMount {
  target: string;
  owned: boolean;
}

const typeRe = /(?:^|,)type=([^,]+)/;
const targetRe = /(?:^|,)(?:target|dst|destination)=([^,]+)/;
const uidRe = /(?:^|,)uid=/;
const pathWordsRe = /[/_.-]+/;
/** `~/.cache/<tool>` and the like: a mount on the default place, which a home the linter did not expect misses. */
const dotCacheRe = /\/\.cache(?:\/|$)/;
const underRootRe = /^\/root(?:\/|$)/;
const trailingSlashesRe = /\/+$/;

/** Words that name each tool's cache in a folder's path (`/tmp/uv-cache`, `/cache/pip`, `/opt/rattler`). */
const toolWords: Record<Exclude<CacheTool, 'conda'>, readonly string[]> = { pip: ['pip'], uv: ['uv'], pixi: ['pixi', 'rattler'], poetry: ['poetry', 'pypoetry'] };

/**
 * A cache mount of the RUN at a folder of its own choosing whose path names the tool (`--mount=type=cache,target=/tmp/uv-cache`
 * for uv): the cache goes there once the tool's variable points at it, whatever the user's home is. Not a `.cache/<tool>`
 * folder, and not under /root for a non-root user, who cannot enter it.
 */
export function toolCacheMount(instr: Instruction, tool: Exclude<CacheTool, 'conda'>, nonRoot: boolean): ToolCacheMount | undefined {
  const words = toolWords[tool];
  for (const flag of effective(instr).flags) {
    const value = flag.name === 'mount' ? (flag.value ?? '') : '';
    const target = typeRe.exec(value)?.[1] === 'cache' ? targetRe.exec(value)?.[1]?.replace(trailingSlashesRe, '') : undefined;
    if (target === undefined || !target.startsWith('/') || target.includes('$') || dotCacheRe.test(target) || (nonRoot && underRootRe.test(target))) {
      continue;
    }
    if (target.split(pathWordsRe).some((w) => words.includes(w))) {
      return { target, owned: uidRe.test(value) };
    }
  }
  return undefined;
}
