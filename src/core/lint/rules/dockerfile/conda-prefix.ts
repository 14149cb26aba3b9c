import { keyValues } from '../../dockerfile/kv';
import { runCommands } from '../../dockerfile/installs';
import type { Instruction } from '../../dockerfile/model';
import type { Stage } from '../../dockerfile/semantic';
import { chainInstructions } from '../../dockerfile/semantic';

/** A conda installer script (Miniconda3-latest-Linux-x86_64.sh, Miniforge3.sh, Mambaforge-Linux-x86_64.sh, Anaconda3-….sh). */
const installerRe = /(?:conda|forge)[^/]*\.sh$/i;
/** The installer's `-p PREFIX` (getopts, so also in a cluster: `-bp PREFIX`, `-bpPREFIX`). */
const prefixOptionRe = /^-[bfhsu]*p(.*)$/;

/** An absolute, literal path, `.` and `..` resolved; undefined for one that reads a variable. */
function resolved(path: string, workdir: string | undefined): string | undefined {
  const full = path.startsWith('/') ? path : workdir !== undefined ? `${workdir}/${path}` : undefined;
  if (full === undefined || full.includes('$')) {
    return undefined;
  }
  const parts: string[] = [];
  for (const part of full.split('/')) {
    if (part === '..') {
      parts.pop();
    } else if (part !== '' && part !== '.') {
      parts.push(part);
    }
  }
  return `/${parts.join('/')}`;
}

/** The prefix an installer command gives (`bash Miniforge3.sh -b -p ./miniforge3`), as written; undefined for another command. */
function installerPrefix(words: readonly string[]): string | undefined {
  if (!words.some((w) => installerRe.test(w))) {
    return undefined;
  }
  for (let k = 0; k < words.length; k++) {
    const m = prefixOptionRe.exec(words[k] as string);
    if (m) {
      return m[1] !== '' ? m[1] : words[k + 1];
    }
  }
  return undefined;
}

/**
 * Where conda was installed, from what the stage shows up to `instr` (and in it): the last installer's `-p` prefix,
 * resolved against the WORKDIR it ran in (sgl-project/sglang's Dockerfile.xeon: `-p ./miniforge3` in
 * /sgl-workspace); else an ENV CONDA_DIR or CONDA_PREFIX of the stage, set before or after. Undefined when unknown.
 */
export function condaInstallPrefix(stage: Stage, instr: Instruction): string | undefined {
  const chain = chainInstructions(stage);
  const upTo = chain.indexOf(instr);
  let workdir: string | undefined = '/';
  let prefix: string | undefined;
  for (const i of upTo < 0 ? [] : chain.slice(0, upTo + 1)) {
    if (i.keyword === 'WORKDIR') {
      workdir = resolved(i.words[0]?.value ?? '', workdir);
    }
    for (const { command } of i.keyword === 'RUN' ? runCommands(i) : []) {
      const written = installerPrefix(command.words.map((w) => w.value));
      prefix = written !== undefined ? resolved(written, workdir) ?? prefix : prefix;
    }
  }
  if (prefix !== undefined) {
    return prefix;
  }
  const declared = chain
    .filter((i) => i.keyword === 'ENV')
    .flatMap((i) => keyValues(i).filter((kv) => kv.key === 'CONDA_DIR' || kv.key === 'CONDA_PREFIX'))
    .map((kv) => resolved(kv.value ?? '', undefined))
    .filter((p): p is string => p !== undefined && p !== '/');
  return declared[declared.length - 1];
}
