import type { Instruction } from '../../dockerfile/model';
import { directoryBefore } from '../../dockerfile/directories-made';
import { effective } from '../../dockerfile/semantic';
import type { DockerfileRule } from '../../rule';
import type { Range, RuleFinding } from '../../types';
import { finding } from './helpers';

function destination(instr: Instruction): { value: string; range: Range; count: number } | undefined {
  if (instr.json) {
    const last = instr.json[instr.json.length - 1];
    return last ? { value: last.value, range: last.range, count: instr.json.length - 1 } : undefined;
  }
  const words = instr.words;
  const last = words[words.length - 1];
  return last ? { value: last.value, range: last.range, count: words.length - 1 - instr.heredocs.length } : undefined;
}

/**
 * BuildKit copies each source onto a destination path that does not exist yet; into an existing directory it copies
 * them all (fsutil's prepareTargetDir), as Kaniko does. Only the classic builder rejects that without the "/".
 */
function message(keyword: string, count: number, dest: string): string {
  return `${keyword} has ${count} sources but the destination "${dest}" does not end in "/": unless ${dest} already exists as a directory, BuildKit copies each source onto that one path, so source files overwrite each other and only the last survives, and the classic builder (DOCKER_BUILDKIT=0) and Kaniko reject it ("the destination must be a directory and end with a /"); write "${dest}/".`;
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD013',
    name: 'copy-dest-needs-slash',
    family: 'correctness',
    severity: 'error',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3021'], dockerfileUtils: ['INVALID_DESTINATION'] },
    description: 'COPY/ADD with several sources needs a destination that ends in /.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    for (const written of model.parsed.instructions) {
      const instr = effective(written);
      if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') {
        continue;
      }
      const dest = destination(instr);
      // BuildKit treats a bare "." as the working directory and appends the "/" itself (SeldonIO/MLServer's COPY … .).
      if (!dest || dest.count < 2 || dest.value.endsWith('/') || dest.value === '.' || dest.value.includes('$')) {
        continue;
      }
      // An earlier WORKDIR, COPY into it or mkdir of the destination proves it a directory (llama.cpp's cuda.Dockerfile).
      const stage = model.stages.find((s) => s.instructions.includes(written));
      if (stage && directoryBefore(stage, written, dest.value)) {
        continue;
      }
      const end = instr.json ? { line: dest.range.end.line, column: dest.range.end.column - 1 } : dest.range.end;
      out.push(
        finding(dest.range, message(instr.keyword, dest.count, dest.value), {
          title: 'Append "/" to the destination',
          edits: [{ range: { start: end, end }, newText: '/' }],
        }),
      );
    }
    return out;
  },
};
