import type { Instruction } from '../../dockerfile/model';
import type { DockerfileModel } from '../../dockerfile/semantic';
import { chainInstructions, effective } from '../../dockerfile/semantic';
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

/** Directories every Linux base image has. */
const standardDirs = new Set(['/tmp', '/var/tmp', '/etc', '/root', '/bin', '/usr/bin', '/usr/lib', '/usr/share', '/usr/local/bin', '/usr/local/lib']);

/**
 * The absolute destination is a directory that exists when the COPY runs: a standard one, or one an earlier
 * WORKDIR of the stage's chain created (it or a directory below it). Only on the reporting path.
 */
function existingDirectory(model: DockerfileModel, instr: Instruction, dest: string): boolean {
  const dir = dest.replace(/\/+$/, '');
  if (standardDirs.has(dir)) {
    return true;
  }
  if (!dir.startsWith('/')) {
    return false;
  }
  const stage = model.stages.find((s) => s.instructions.includes(instr));
  if (!stage) {
    return false;
  }
  for (const i of chainInstructions(stage)) {
    if (i === instr) {
      break;
    }
    const wd = i.keyword === 'WORKDIR' ? i.words[0]?.value.replace(/\/+$/, '') : undefined;
    if (wd !== undefined && (wd === dir || wd.startsWith(`${dir}/`))) {
      return true;
    }
  }
  return false;
}

/** BuildKit copies each source onto the destination path; only the classic builder and Kaniko check the "/". */
function message(keyword: string, count: number, dest: string, exists: boolean): string {
  const legacy = 'the classic builder (DOCKER_BUILDKIT=0) and Kaniko reject it ("the destination must be a directory and end with a /")';
  return exists
    ? `${keyword} has ${count} sources and the destination "${dest}" does not end in "/": BuildKit copies them into the existing ${dest} directory, but ${legacy}; write "${dest}/".`
    : `${keyword} has ${count} sources but the destination "${dest}" does not end in "/": unless ${dest} already exists as a directory, BuildKit copies each source onto that one path, so source files overwrite each other and only the last survives, and ${legacy}; write "${dest}/".`;
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
      const end = instr.json ? { line: dest.range.end.line, column: dest.range.end.column - 1 } : dest.range.end;
      out.push(
        finding(dest.range, message(instr.keyword, dest.count, dest.value, existingDirectory(model, written, dest.value)), {
          title: 'Append "/" to the destination',
          edits: [{ range: { start: end, end }, newText: '/' }],
        }),
      );
    }
    return out;
  },
};
