import { osInstallIn } from '../../dockerfile/installs';
import { finalChain } from '../../dockerfile/semantic';
import type { ShellWord } from '../../dockerfile/shell';
import type { DockerfileRule } from '../../rule';
import type { RuleFinding } from '../../types';
import { mountTargetsAt } from './cache-mounts';
import { finding } from './helpers';
import { appendPointAfter, byInstruction, posixRunCommands } from './posix-runs';
import type { RunCommand } from './posix-runs';

/**
 * rm operands that delete the package lists: the lists directory or its contents
 * (`lists`, `lists/`, `lists/*`, `lists/**`), the glob `lists*` (matches the directory
 * itself; huggingface/peft and accelerate write it), and all of `/var/lib/apt`.
 */
const listsGlob = /^\/var\/lib\/apt(?:\/\*?|\/lists\*?(?:\/\*{0,2})?)?$/;

/** apt/apt-get options that take a value (so the value is not read as the subcommand). */
const aptOptionsWithValue = new Set(['-o', '-t', '--target-release', '-c', '--config-file']);

/** `apt-get update` / `apt update`, options anywhere before the subcommand (`apt-get -o Acquire::Retries=3 update`). */
function isAptUpdate(c: RunCommand): boolean {
  for (let k = 0; k < c.args.length; k++) {
    const v = (c.args[k] as ShellWord).value;
    if (!v.startsWith('-')) {
      return v === 'update';
    }
    if (aptOptionsWithValue.has(v)) {
      k++;
    }
  }
  return false;
}

function removesLists(commands: readonly RunCommand[]): boolean {
  return commands.some((c) => (c.name === 'rm' && c.args.some((a) => listsGlob.test(a.value))) || (c.name === 'find' && c.args.some((a) => a.value.startsWith('/var/lib/apt/lists'))));
}

export const rule: DockerfileRule = {
  meta: {
    id: 'MLD301',
    name: 'apt-lists-not-removed',
    family: 'performance',
    severity: 'info',
    enabledByDefault: true,
    fixable: true,
    ml: false,
    equivalents: { hadolint: ['DL3009'] },
    description: 'A RUN runs apt-get update, installs apt packages and leaves /var/lib/apt/lists in the layer of an image the build ships.',
  },
  check({ model }) {
    const out: RuleFinding[] = [];
    const lines = model.parsed.lines;
    const relevant = posixRunCommands(model, finalChain(model)).filter((c) => c.name === 'apt-get' || c.name === 'apt' || c.name === 'amdgpu-install' || c.name === 'rm' || c.name === 'find');
    for (const [instr, commands] of byInstruction(relevant)) {
      const install = commands.find((c) => (c.name === 'apt-get' || c.name === 'apt') && osInstallIn(c.instr, c.command) !== undefined);
      if (!install) {
        continue;
      }
      // Only `apt-get update` writes the lists: an install that reads those of an earlier RUN adds none to this layer (as DL3009).
      // AMD's amdgpu-install adds ROCm's apt repositories and refreshes the lists itself before it installs.
      const updates = commands.filter((c) => ((c.name === 'apt-get' || c.name === 'apt') && isAptUpdate(c)) || c.name === 'amdgpu-install');
      if (updates.length === 0) {
        continue;
      }
      const at = Math.max(commands.indexOf(install), commands.indexOf(updates[updates.length - 1] as RunCommand));
      if (removesLists(commands.slice(at + 1)) || mountTargetsAt(model, install.stage, instr).some((t) => t === '/var/lib/apt' || t === '/var/lib/apt/lists')) {
        continue;
      }
      const sub = install.args.find((a) => a.value === 'install') ?? install.nameWord;
      const where = appendPointAfter(commands[at] as RunCommand, lines);
      const fix = instr.heredocs.length === 0 && !instr.trigger ? { title: 'Append rm -rf /var/lib/apt/lists/*', edits: [{ range: { start: where, end: where }, newText: ' && rm -rf /var/lib/apt/lists/*' }] } : undefined;
      out.push(finding({ start: install.nameWord.range.start, end: sub.range.end }, `${install.name} install leaves the package lists (tens of MB) in this layer; end the same RUN with && rm -rf /var/lib/apt/lists/*, or use a cache mount on /var/lib/apt.`, fix));
    }
    return out;
  },
};
