import type { Instruction } from '../dockerfile/model';
import type { Range } from '../types';
import type { DockerfileEntry } from './model';

/** A local COPY/ADD source: the context-relative path as written (leading `/` and `./` dropped). */
export interface CopySource {
  instruction: Instruction;
  /** Cleaned context-relative path ('' for the context root). */
  path: string;
  raw: string;
  range: Range;
  wildcard: boolean;
}

const remoteRe = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i;

function cleanSource(raw: string): string | undefined {
  const parts: string[] = [];
  for (const seg of raw.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') {
      continue;
    }
    if (seg === '..') {
      if (parts.length === 0) {
        continue; // Docker clamps `..` at the context root.
      }
      parts.pop();
    } else {
      parts.push(seg);
    }
  }
  return parts.join('/');
}

/** Sources of every COPY/ADD that reads the build context (no `--from`, no URL, no heredoc, no unresolved variable). */
export function copySources(entry: DockerfileEntry): CopySource[] {
  const out: CopySource[] = [];
  for (const stage of entry.model.stages) {
    for (const instruction of stage.instructions) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((f) => f.name === 'from')) {
        continue;
      }
      const args = instruction.json ?? instruction.words;
      for (const arg of args.slice(0, -1)) {
        const raw = arg.value;
        if (raw.startsWith('<<') || raw.includes('$') || remoteRe.test(raw)) {
          continue;
        }
        const path = cleanSource(raw);
        if (path === undefined) {
          continue;
        }
        out.push({ instruction, path, raw, range: arg.range, wildcard: /[*?[]/.test(path) });
      }
    }
  }
  return out;
}
